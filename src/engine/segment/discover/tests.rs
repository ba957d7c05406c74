//! Whole-module checks on small data: the search against brute force (every conjunction
//! counted through the exported rules, no bins), members against the rules, determinism,
//! cancellation and the errors. The planted-segment and null-data checks live in
//! `tests/discover_planted.rs`.

use super::pool::Candidate;
use super::quality::{independent_odds, quality, Reference};
use super::search::{search, Settings};
use super::select::build;
use super::*;
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::rng;
use crate::engine::table::Table;

/// A small random table: two numeric columns (one with missing cells), two categorical.
fn small(rows: usize, seed: u64) -> Table {
    let mut g = rng::rng(seed);
    let mut csv = String::from("a,b,c,d,y\n");
    for _ in 0..rows {
        let a = rng::below(&mut g, 7);
        let b = if rng::below(&mut g, 10) == 0 {
            String::new()
        } else {
            rng::below(&mut g, 20).to_string()
        };
        let c = ["x", "y", "z", "w"][rng::below(&mut g, 4)];
        let d = ["p", "q"][rng::below(&mut g, 2)];
        let p = if c == "x" && a < 3 { 0.7 } else { 0.25 };
        let y = (rng::unit(&mut g) < p) as u8;
        csv += &format!("{a},{b},{c},{d},{y}\n");
    }
    ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table
}

fn dataset(t: &Table) -> Dataset {
    Dataset::from_table(t, &TargetSpec { target: "y".into(), ..Default::default() }).unwrap()
}

#[test]
fn search_keeps_exactly_the_brute_force_best() {
    for seed in 0..3 {
        let t = small(300, seed);
        let data = dataset(&t);
        let cond = build(&data, 4);
        let rows: Vec<usize> = (0..t.n_rows()).filter(|r| r % 3 != 0).collect();
        let m = 12;
        let pool = 60;
        let settings = Settings { max_conditions: 3, min_support: m, pool };
        let got = search(&cond, &rows, &data.y, &settings, &mut |_| true).unwrap().candidates;
        // Brute force: members of every conjunction from the rules, on the table's values.
        let members: Vec<Vec<bool>> = cond
            .selectors
            .iter()
            .map(|s| {
                let rule = Rule { conditions: vec![s.condition.clone()] };
                let m = rule.members(&t).unwrap();
                let mut v = vec![false; t.n_rows()];
                m.iter().for_each(|&r| v[r] = true);
                v
            })
            .collect();
        let count = |ids: &[usize]| {
            let mut n = 0u64;
            let mut k = 0u64;
            for &r in &rows {
                if ids.iter().all(|&i| members[i][r]) {
                    n += 1;
                    k += data.y[r] as u64;
                }
            }
            (n, k)
        };
        let (n0, k0) = count(&[]);
        let p0 = k0 as f64 / n0 as f64;
        let ns = cond.selectors.len();
        let col = |i: usize| cond.selectors[i].column;
        let mut all: Vec<Candidate> = Vec::new();
        let mut consider = |ids: Vec<usize>| {
            let (n, k) = count(&ids);
            if n < m {
                return;
            }
            let mut r = Reference::overall(p0);
            for mask in 1..(1u32 << ids.len()) - 1 {
                let sub: Vec<usize> =
                    (0..ids.len()).filter(|b| mask >> b & 1 == 1).map(|b| ids[b]).collect();
                let (ns_, ks) = count(&sub);
                r = r.with(ks as f64 / ns_ as f64);
            }
            if ids.len() > 1 {
                let singles: Vec<f64> = ids
                    .iter()
                    .map(|&i| {
                        let (n1, k1) = count(&[i]);
                        k1 as f64 / n1 as f64
                    })
                    .collect();
                r = r.with(independent_odds(p0, &singles));
            }
            let (q, direction) = quality(n, k, r);
            if q > 0.0 {
                let selectors = ids.iter().map(|&i| i as u32).collect();
                all.push(Candidate { selectors, quality: q, direction, n, k });
            }
        };
        for a in 0..ns {
            consider(vec![a]);
            for b in a + 1..ns {
                if col(b) == col(a) {
                    continue;
                }
                consider(vec![a, b]);
                for c in b + 1..ns {
                    if col(c) != col(b) && col(c) != col(a) {
                        consider(vec![a, b, c]);
                    }
                }
            }
        }
        all.sort_by(|x, y| y.quality.total_cmp(&x.quality).then(x.selectors.cmp(&y.selectors)));
        all.truncate(pool);
        assert_eq!(got.len(), all.len());
        for (g, w) in got.iter().zip(&all) {
            assert_eq!((&g.selectors, g.n, g.k), (&w.selectors, w.n, w.k), "seed {seed}");
            assert_eq!(g.quality, w.quality);
        }
        assert!(got.iter().any(|c| c.selectors.len() == 3), "triples were searched");
    }
}

fn run(t: &Table, p: DiscoverParams) -> Discovery {
    discover(&dataset(t), None, &p.check().unwrap(), &mut |_| true).unwrap()
}

#[test]
fn members_are_the_rules_rows_and_counts_add_up() {
    let t = small(2000, 7);
    let d = run(&t, DiscoverParams::new().min_support(20).max_results(20));
    assert!(!d.segments.is_empty());
    assert_eq!(d.candidates_tested, d.segments.len());
    assert_eq!(d.search.n + d.holdout.n, 2000);
    assert_eq!(d.all.n, 2000);
    for (i, s) in d.segments.iter().enumerate() {
        assert_eq!(s.segment, i);
        let by_rule: Vec<u32> = s.rule.members(&t).unwrap().into_iter().map(|r| r as u32).collect();
        assert_eq!(s.members, by_rule, "{}", s.label);
        assert_eq!(s.label, s.rule.text());
        assert_eq!(s.n, s.members.len() as u64);
        assert_eq!(s.search.n + s.holdout.n, s.n);
        assert_eq!(s.search.positives + s.holdout.positives, s.positives);
        assert!(s.search.n >= 20);
        assert!(s.ci_low <= s.holdout.rate && s.holdout.rate <= s.ci_high);
        assert!(s.q_value >= s.p_value && s.q_value <= 1.0);
        assert_eq!(s.significant, s.q_value <= 0.1);
        assert!((s.lift - s.holdout.rate / d.holdout.rate).abs() < 1e-12);
    }
    // Ordered by p-value.
    assert!(d.segments.windows(2).all(|w| w[0].p_value <= w[1].p_value));
    // The planted "c = x and a ≤ 2" group (rate 0.7 against 0.25) is found and significant.
    let top = &d.segments[0];
    assert!(top.significant && top.label.contains("c = x"), "{}", top.label);
}

#[test]
fn no_two_segments_are_near_duplicates() {
    let t = small(2000, 8);
    let d = run(&t, DiscoverParams::new().min_support(20).max_overlap(0.5));
    let data = dataset(&t);
    // Search rows are the rows not held out: recover them from the stratified split.
    let p = DiscoverParams::new().check().unwrap();
    let (search_rows, _) =
        crate::engine::split::stratified_train_test(&data.y, p.holdout(), p.seed()).unwrap();
    let in_search: Vec<bool> = {
        let mut v = vec![false; t.n_rows()];
        search_rows.iter().for_each(|&r| v[r] = true);
        v
    };
    for (i, a) in d.segments.iter().enumerate() {
        assert_eq!(a.search.n, a.members.iter().filter(|&&r| in_search[r as usize]).count() as u64);
        for b in &d.segments[..i] {
            let sa: Vec<u32> =
                a.members.iter().copied().filter(|&r| in_search[r as usize]).collect();
            let sb: Vec<u32> =
                b.members.iter().copied().filter(|&r| in_search[r as usize]).collect();
            let both = sa.iter().filter(|r| sb.binary_search(r).is_ok()).count() as f64;
            let jaccard = both / (sa.len() as f64 + sb.len() as f64 - both);
            assert!(jaccard < 0.5, "{} vs {}: {jaccard}", a.label, b.label);
        }
    }
}

#[test]
fn same_seed_same_result_other_seed_other_split() {
    let t = small(1500, 9);
    let a = run(&t, DiscoverParams::new().min_support(15).seed(3));
    let b = run(&t, DiscoverParams::new().min_support(15).seed(3));
    assert_eq!(a, b);
    // Another seed splits other rows (the stratified halves have the same totals).
    let c = run(&t, DiscoverParams::new().min_support(15).seed(4));
    let held = |d: &Discovery| d.segments.iter().map(|s| s.holdout.n).collect::<Vec<_>>();
    assert_ne!(held(&a), held(&c));
}

#[test]
fn fewer_conditions_mean_shorter_rules() {
    let t = small(1500, 10);
    for k in 1..=3 {
        let d = run(&t, DiscoverParams::new().min_support(15).max_conditions(k));
        assert!(d.segments.iter().all(|s| s.rule.conditions.len() <= k));
        assert!(d.segments.iter().any(|s| s.rule.conditions.len() == k), "k = {k}");
    }
}

#[test]
fn progress_reports_and_cancels() {
    let t = small(800, 11);
    let data = dataset(&t);
    let p = DiscoverParams::new().min_support(10).check().unwrap();
    let mut phases = Vec::new();
    discover(&data, None, &p, &mut |f| {
        phases.push((f.phase, f.done, f.total));
        true
    })
    .unwrap();
    assert!(phases.iter().any(|p| p.0 == "search") && phases.iter().any(|p| p.0 == "test"));
    let last_search = phases.iter().rfind(|p| p.0 == "search").unwrap();
    assert_eq!(last_search.1, last_search.2);
    let mut calls = 0;
    let got = discover(&data, None, &p, &mut |_| {
        calls += 1;
        calls < 3
    });
    assert_eq!(got.unwrap_err(), DiscoverError::Cancelled);
}

#[test]
fn bad_inputs_are_errors_with_facts() {
    let t = small(100, 12);
    let data = dataset(&t);
    let p = DiscoverParams::new().min_support(30).check().unwrap();
    assert_eq!(
        discover(&data, None, &p, &mut |_| true).unwrap_err(),
        DiscoverError::TooFewRows { rows: 100, needed: 60 }
    );
    let p = DiscoverParams::new().min_support(5).check().unwrap();
    let short = vec![0.5; 99];
    assert_eq!(
        discover(&data, Some(&short), &p, &mut |_| true).unwrap_err(),
        DiscoverError::ProbaLength { got: 99, rows: 100 }
    );
    let mut bad = vec![0.5; 100];
    bad[7] = 1.5;
    assert_eq!(
        discover(&data, Some(&bad), &p, &mut |_| true).unwrap_err(),
        DiscoverError::BadProba { row: 7, value: 1.5 }
    );
}

#[test]
fn too_many_conditions_is_an_error_unless_rules_have_one() {
    // 15 numeric columns of 97 distinct values, 16 cuts: 17 bins → 152 intervals each, 2,280.
    let mut csv = (0..15).map(|i| format!("x{i},")).collect::<String>() + "y\n";
    for r in 0..600 {
        csv += &(0..15).map(|i| format!("{},", (r * 7 + i * 13) % 97)).collect::<String>();
        csv += &format!("{}\n", r % 2);
    }
    let t = ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table;
    let data = dataset(&t);
    let p = DiscoverParams::new().cuts(16).min_support(5).check().unwrap();
    let got = discover(&data, None, &p, &mut |_| true).err();
    assert_eq!(
        got,
        Some(DiscoverError::TooManyConditions { columns: 15, conditions: 2280, max: 2000 })
    );
    let p = DiscoverParams::new().cuts(16).min_support(5).max_conditions(1).check().unwrap();
    assert!(discover(&data, None, &p, &mut |_| true).is_ok());
}

#[test]
fn model_check_flags_what_the_model_misses() {
    let t = small(3000, 13);
    let data = dataset(&t);
    // A model that knows only the base rate: the planted group differs from it.
    let mut proba = vec![0.3; t.n_rows()];
    proba[0] = f64::NAN;
    let p = DiscoverParams::new().min_support(20).check().unwrap();
    let d = discover(&data, Some(&proba), &p, &mut |_| true).unwrap();
    let top = &d.segments[0];
    let m = top.model.as_ref().unwrap();
    assert!((m.expected_rate - 0.3).abs() < 1e-12);
    assert!(m.differs && m.direction == Direction::Above, "{m:?}");
    // A model that knows the truth: the planted group no longer differs from it.
    let a = match &t.column("a").unwrap().data {
        crate::engine::table::ColumnData::Numeric(v) => v.clone(),
        _ => unreachable!(),
    };
    let c = t.column("c").unwrap();
    let truth: Vec<f64> = (0..t.n_rows())
        .map(|r| if c.data.text(r) == "x" && a[r] < 3.0 { 0.7 } else { 0.25 })
        .collect();
    let d = discover(&data, Some(&truth), &p, &mut |_| true).unwrap();
    let flagged = d.segments.iter().filter(|s| s.model.as_ref().is_some_and(|m| m.differs)).count();
    assert!(flagged <= 1, "{flagged} segments differ from the true model");
    assert!(d.to_csv().lines().next().unwrap().ends_with("differs_from_model"));
}

#[test]
fn csv_files_have_the_documented_columns() {
    let t = small(1500, 14);
    let data = dataset(&t);
    let d = run(&t, DiscoverParams::new().min_support(15).max_results(5));
    let csv = d.to_csv();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "segment,label,n,positives,rate,ci_low,ci_high,shrunk_rate,lift,shrunk_lift,small_n,\
         holdout_n,holdout_rate,p_value,q_value,significant,direction"
    );
    assert_eq!(lines.count(), d.segments.len());
    let mut out = Vec::new();
    d.write_members_csv(&data.row_ids, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    let total: u64 = d.segments.iter().map(|s| s.n).sum();
    assert_eq!(text.lines().count() as u64, total + 1);
    assert!(text.starts_with("segment,row\n0,"));
}

//! The Model step's explanations through the worker's job handler, driven as the page drives it
//! (`common::page`): a customer's explanation equals `micronum explain` on the same record with
//! the same model file; a what-if answer equals `predict` on the edited record; the global
//! explanation agrees with explaining customers one by one; the profit panel's best threshold
//! is a brute-force scan of the held-out scores; a fresh worker after Cancel answers the same;
//! bad requests fail clearly.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::model_io::Model;
use micronum::engine::session::Gen;
use micronum::protocol::{
    Customer, CustomerExplanation, Event, GlobalExplanation, Request, TrainRequest,
};

mod common;
use common::page::Page;
use common::requests::train_request;

const DEMO: &[u8] = include_bytes!("../public/social_network_ads.csv");

fn tmp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("micronum-worker-explain-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// A page with `csv` loaded and a `trees`-tree model trained on it (target `target`); returns
/// the training's held-out scores and outcomes.
fn trained(csv: &[u8], target: &str, trees: usize) -> (Page, Vec<f64>, Vec<u8>) {
    let mut p = Page::new();
    p.send(Request::Load { file_name: "data.csv".into() }, Some(csv));
    let req = TrainRequest { target: target.into(), ..train_request(trees, 3) };
    let Event::Trained(t) = p.last(Request::Train(req), None) else { panic!("training failed") };
    (p, t.eval.proba_test.clone(), t.eval.y_test.clone())
}

fn explained(p: &mut Page, request: Request) -> CustomerExplanation {
    match p.last(request, None) {
        Event::Explained(e) => *e,
        other => panic!("expected Explained, got {other:?}"),
    }
}

/// The current model's file, written to disk.
fn model_file(p: &mut Page, name: &str) -> (PathBuf, Model) {
    let Event::ModelJson { json } = p.last(Request::ExportModel { model: Gen(0) }, None) else {
        panic!("no model file")
    };
    let path = tmp(name);
    std::fs::write(&path, &json).unwrap();
    (path, Model::from_json(&json).unwrap())
}

/// `micronum explain` of `record` of `file`: proba, base and contribution by feature name.
fn cli_explain(file: &str, model: &Path, record: usize) -> (f64, f64, HashMap<String, f64>) {
    let args = ["explain", file, "--model", model.to_str().unwrap(), "--rows", &record.to_string()];
    let (code, out, err) = common::micronum(&args);
    assert_eq!(code, 0, "{err}");
    let mut lines = out.lines().map(|l| l.split(',').map(String::from).collect::<Vec<_>>());
    let (header, row) = (lines.next().unwrap(), lines.next().unwrap());
    assert_eq!(row[0], record.to_string());
    let num = |s: &str| s.parse::<f64>().unwrap();
    let by_name = header[3..].iter().cloned().zip(row[3..].iter().map(|s| num(s))).collect();
    (num(&row[1]), num(&row[2]), by_name)
}

/// The same customer as `micronum explain` sees it, to the last bit, and additive.
fn assert_matches_cli(e: &CustomerExplanation, file: &str, model: &Path) {
    let (proba, base, by_name) = cli_explain(file, model, e.record);
    assert_eq!((e.proba, e.base), (proba, base), "record {}", e.record);
    assert_eq!(e.contributions.len(), by_name.len());
    for (name, _, c) in &e.contributions {
        assert_eq!(Some(c), by_name.get(name), "{name} of record {}", e.record);
    }
    let sum: f64 = e.base + e.contributions.iter().map(|c| c.2).sum::<f64>();
    assert!((sum - e.proba).abs() < 1e-9, "{sum} vs {}", e.proba);
}

#[test]
fn a_customer_is_explained_as_micronum_explain_explains_it() {
    let (mut p, proba, y) = trained(DEMO, "Purchased", 30);
    let (path, _) = model_file(&mut p, "demo-model.json");
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/public/social_network_ads.csv");
    for row in [0, 17, 99] {
        let e = explained(&mut p, Request::Explain { model: Gen(0), customer: Customer::Row(row) });
        assert_eq!((e.row, e.rows, e.proba, e.original), (row, 100, proba[row], proba[row]));
        assert_eq!(e.bought, y[row] == 1);
        assert!(e.changed.is_empty() && e.waterfall.starts_with("<svg"));
        assert_eq!(
            e.form.iter().map(|f| f.name.as_str()).collect::<Vec<_>>(),
            ["Gender", "Age", "EstimatedSalary"]
        );
        // Largest |contribution| first.
        assert!(e.contributions.windows(2).all(|w| w[0].2.abs() >= w[1].2.abs()));
        assert_matches_cli(&e, file, &path);
    }
    let top = explained(&mut p, Request::Explain { model: Gen(0), customer: Customer::Highest });
    let max = proba.iter().cloned().fold(f64::MIN, f64::max);
    assert_eq!((top.proba, top.row), (max, proba.iter().position(|&x| x == max).unwrap()));
    let low = explained(&mut p, Request::Explain { model: Gen(0), customer: Customer::Lowest });
    let min = proba.iter().cloned().fold(f64::MAX, f64::min);
    assert_eq!((low.proba, low.row), (min, proba.iter().position(|&x| x == min).unwrap()));
}

#[test]
fn labels_and_missing_values_are_explained_as_the_cli_does() {
    // Customers with blanks left unimputed, categorical region and channel.
    let csv = common::customers_with_blanks(600);
    let path = tmp("blanks.csv");
    std::fs::write(&path, &csv).unwrap();
    let (mut p, _, _) = trained(csv.as_bytes(), "purchased", 20);
    let (model, m) = model_file(&mut p, "blanks-model.json");
    assert!(m.forest.features.iter().any(|f| f.levels.is_some()), "a categorical feature");
    let mut missing = 0;
    for row in (0..150).step_by(7) {
        let e = explained(&mut p, Request::Explain { model: Gen(0), customer: Customer::Row(row) });
        missing += e.contributions.iter().filter(|c| c.1 == "missing").count();
        assert_matches_cli(&e, path.to_str().unwrap(), &model);
    }
    assert!(missing > 0, "some explained values are missing");
}

#[test]
fn what_if_scores_the_edited_customer_as_predict_does() {
    let (mut p, _, _) = trained(DEMO, "Purchased", 30);
    let (_, model) = model_file(&mut p, "whatif-model.json");
    let e = explained(&mut p, Request::Explain { model: Gen(0), customer: Customer::Row(5) });
    // The record as a one-row file with Age and Gender edited, scored by the model directly.
    let text = std::str::from_utf8(DEMO).unwrap();
    let line = text.lines().nth(e.record + 1).unwrap();
    let cells: Vec<&str> = line.split(',').collect();
    let age = if cells[2] == "60" { "25" } else { "60" };
    let gender = if cells[1] == "Male" { "Female" } else { "Male" };
    let edited = format!(
        "User ID,Gender,Age,EstimatedSalary,Purchased\n{},{gender},{age},{},{}\n",
        cells[0], cells[3], cells[4]
    );
    let table = ingest(edited.as_bytes(), &IngestOptions::default()).unwrap().table;
    let want = model.predict_table(&table).unwrap().proba[0];
    let values = vec![(1, age.to_string()), (0, gender.to_string())];
    let w = explained(&mut p, Request::WhatIf { model: Gen(0), row: 5, values });
    assert_eq!(w.proba, want);
    assert_eq!((w.original, w.row, w.record), (e.proba, 5, e.record));
    assert_eq!(w.changed, ["Age", "Gender"]);
    assert_eq!(w.form, e.form, "the form keeps the customer's own values");
    let sum: f64 = w.base + w.contributions.iter().map(|c| c.2).sum::<f64>();
    assert!((sum - w.proba).abs() < 1e-9);
    // The customer's own values sent back unchanged mean the same customer.
    let same: Vec<(usize, String)> =
        e.form.iter().enumerate().map(|(i, f)| (i, f.value.clone())).collect();
    let again = explained(&mut p, Request::WhatIf { model: Gen(0), row: 5, values: same });
    assert_eq!((again.proba, &again.contributions), (e.proba, &e.contributions));
}

fn global(p: &mut Page) -> (GlobalExplanation, Vec<String>) {
    let events = p.send(Request::ExplainGlobal { model: Gen(0) }, None);
    let phases = events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Progress { phase, done, total } => Some(format!("{phase} {done}/{total}")),
            _ => None,
        })
        .collect();
    match &events.last().unwrap().event {
        Event::GlobalExplained(g) => ((**g).clone(), phases),
        other => panic!("expected GlobalExplained, got {other:?}"),
    }
}

#[test]
fn the_global_explanation_averages_the_customers_contributions() {
    let (mut p, _, _) = trained(DEMO, "Purchased", 30);
    let (g, phases) = global(&mut p);
    // 100 held-out customers: all explained (fewer than the 1,000 of the sample), in chunks of
    // 64 with progress between them.
    assert_eq!((g.rows, g.held_out), (100, 100));
    assert_eq!(
        phases,
        [
            "explaining customers 0/100",
            "explaining customers 64/100",
            "explaining customers 100/100"
        ]
    );
    assert!(g.bars.starts_with("<svg") && g.summary.starts_with("<svg"));
    assert!(g.words.starts_with("Over 100 customers, "), "{}", g.words);
    // Mean |contribution| per feature, from each customer explained alone.
    let mut sums: HashMap<String, f64> = HashMap::new();
    for row in 0..100 {
        let e = explained(&mut p, Request::Explain { model: Gen(0), customer: Customer::Row(row) });
        for (name, _, c) in e.contributions {
            *sums.entry(name).or_default() += c.abs() / 100.0;
        }
    }
    for row in &g.table.rows {
        let (name, mean_abs) = (&row[0], &row[1]);
        assert_eq!(mean_abs, &format!("{:.4}", sums[name]), "{name}");
    }
    let order: Vec<&str> = g.features.iter().map(|f| f.1.as_str()).collect();
    let by_table: Vec<&str> = g.table.rows.iter().map(|t| t[0].as_str()).collect();
    assert_eq!(order, by_table);
    // The feature charts reuse the sample; a fresh worker after Cancel draws the same.
    let feature = Request::ExplainFeature { model: Gen(0), feature: g.features[0].0 };
    let Event::FeatureExplained(f) = p.last(feature.clone(), None) else { panic!("no charts") };
    assert_eq!(f.name, g.features[0].1);
    assert!(f.dependence.starts_with("<svg") && f.pdp.starts_with("<svg"));
    p.cancel();
    assert_eq!(p.last(feature, None), Event::FeatureExplained(f));
    assert_eq!(global(&mut p).0, GlobalExplanation { elapsed_ms: 0.0, ..g });
}

#[test]
fn the_best_threshold_is_the_brute_force_scan() {
    let (mut p, proba, y) = trained(DEMO, "Purchased", 30);
    for (value, cost) in [(100.0, 10.0), (100.0, 60.0), (10.0, 9.5)] {
        let Event::Profit(r) = p.last(Request::Profit { model: Gen(0), value, cost }, None) else {
            panic!("no profit curve")
        };
        // Every distinct score as a threshold: contact everyone scored at or above it; the
        // largest profit wins, ties to the higher threshold; none above 0 → contact nobody.
        let mut best: Option<(f64, f64)> = None;
        let mut scores = proba.clone();
        scores.sort_by(|a, b| b.total_cmp(a));
        scores.dedup();
        for t in scores {
            let (n, buyers) = proba
                .iter()
                .zip(&y)
                .filter(|(p, _)| **p >= t)
                .fold((0.0, 0.0), |(n, b), (_, y)| (n + 1.0, b + *y as f64));
            let profit = value * buyers - cost * n;
            if profit > best.map_or(0.0, |b| b.1) {
                best = Some((t, profit));
            }
        }
        assert_eq!(r.best, best.map(|b| b.0), "value {value}, cost {cost}");
        assert_eq!(r.gains.rows.len(), 10);
        assert_eq!(r.gains.headers.len(), r.gains.rows[0].len());
        assert!(r.by_share.starts_with("<svg") && r.by_threshold.starts_with("<svg"));
    }
}

#[test]
fn bad_requests_fail_clearly_and_stale_ones_are_stale() {
    let (mut p, _, _) = trained(DEMO, "Purchased", 10);
    let fail = |p: &mut Page, r: Request| match p.last(r, None) {
        Event::Failed { message } => message,
        other => panic!("expected Failed, got {other:?}"),
    };
    let m = fail(&mut p, Request::Explain { model: Gen(0), customer: Customer::Row(100) });
    assert_eq!(m, "held-out customer 101 does not exist: there are 100, numbered 1 to 100");
    let m = fail(&mut p, Request::WhatIf { model: Gen(0), row: 0, values: vec![(1, "4O".into())] });
    assert_eq!(m, "Age: \"4O\" is not a number (leave it empty for a missing value)");
    let m = fail(&mut p, Request::ExplainFeature { model: Gen(0), feature: 9 });
    assert_eq!(m, "feature 9 does not exist (the model has 3)");
    let m = fail(&mut p, Request::Profit { model: Gen(0), value: -1.0, cost: 1.0 });
    assert!(m.contains("value of a purchase"), "{m}");
    // A model from a file has no held-out customers.
    let (_, model) = model_file(&mut p, "bad-model.json");
    let stale = p.lineage.model.unwrap();
    p.send(Request::UseModel { json: model.to_json().unwrap() }, None);
    let m = fail(&mut p, Request::Explain { model: Gen(0), customer: Customer::Highest });
    assert!(m.starts_with("explanations use the held-out customers"), "{m}");
    let old = Request::Explain { model: stale, customer: Customer::Highest };
    let last = p.send_raw(old).pop().unwrap().event;
    assert!(matches!(last, Event::Stale { .. }), "{last:?}");
}

#[test]
fn a_global_explanation_shared_among_workers_is_the_one_of_a_single_worker() {
    use micronum::engine::explain::{Contributions, ExplainJob};
    use micronum::engine::forest::shares;
    use micronum::protocol::{ToWorker, PROTOCOL_VERSION};
    let (mut alone, _, _) = trained(DEMO, "Purchased", 30);
    let (single, _) = global(&mut alone);
    // The pool's steps (src/worker/pool.rs) without Web Workers: the page asks for the global
    // explanation; the sample's rows are split in three; this worker explains the first range,
    // two "helpers" explain the others from the job's bytes and send their numbers back as
    // bytes; the ranges are put back in order; then the request runs.
    let (mut p, _, _) = trained(DEMO, "Purchased", 30);
    let request = common::page::stamp(Request::ExplainGlobal { model: Gen(0) }, p.lineage, None);
    let msg = |id| ToWorker { v: PROTOCOL_VERSION, id, dark: false, request: request.clone() };
    assert!(p.handler.global_to_share(&msg(9), 100_000_000).is_none(), "too little work");
    let share = p.handler.global_to_share(&msg(9), 0).expect("a global explanation to share");
    assert_eq!(share.rows, (0..100).collect::<Vec<_>>());
    let ranges = shares(share.rows.len(), 3);
    let mut done = Vec::new();
    let mut all =
        p.handler.explain_share(&share, ranges[0].clone(), &mut |d| done.push(d)).unwrap();
    assert_eq!(done, [0, 34]);
    let job = ExplainJob::from_bytes(&share.job).unwrap();
    for range in &ranges[1..] {
        let part = job.explain(range.clone(), 64, &mut |_| ()).unwrap();
        let rows = &share.rows[range.clone()];
        all.append(Contributions::from_bytes(&part.to_bytes(), &share.features, rows).unwrap());
    }
    p.handler.install_global(&share, all, 3, 12.0).unwrap();
    assert!(p.handler.global_to_share(&msg(10), 0).is_none(), "already there");
    let (shared, phases) = global(&mut p);
    assert!(phases.is_empty(), "nothing left to explain: {phases:?}");
    assert_eq!((shared.workers, shared.elapsed_ms), (3, 12.0));
    assert_eq!(shared, GlobalExplanation { workers: 3, elapsed_ms: 12.0, ..single });
}

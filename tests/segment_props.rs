//! Property tests of segment definitions on random tables (missing numbers and labels, quotes
//! and accents in labels, odd numbers, duplicate rows, unseen labels in the batch) for every
//! method, random overlapping rule sets included:
//! - the file reads back identical, and the read-back definitions tag a batch identically;
//! - the training table tags back into its own segmentation;
//! - the exported SQL, run in SQLite, tags the batch as `assign` does.
//!
//! Bounded: 24 cases per property unless `PROPTEST_CASES` says otherwise (a longer run:
//! `PROPTEST_CASES=2000 cargo test --release --test segment_props`).

mod common;

use std::collections::HashMap;

use common::sqlite::{load_csv, segments};
use micronum::engine::clean::{apply, suggest};
use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::segment::definitions::sql::{export_segments_sql, SegmentSqlOptions};
use micronum::engine::segment::definitions::{
    assign, Assignment, Bound, Condition, Rule, RuleSet, SegmentDefinitions, Tagging,
};
use micronum::engine::segment::{
    run, GridParams, KMeansParams, RulesParams, SegmentMethod, SegmentSpec,
};
use micronum::engine::table::Table;
use proptest::prelude::*;
use rusqlite::Connection;

const CAT1: [&str; 5] = ["North", "O'Neil", "Ünï", "a b", "South"];
const CAT2: [&str; 3] = ["x", "y", "=z"];
/// Labels never seen in training.
const UNSEEN: [&str; 2] = ["zz", "Atlantis"];

/// One row: two numbers, two labels (indices; past the list: unseen), the target.
type Row = (Option<f64>, Option<i32>, Option<usize>, Option<usize>, bool);

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        8 => (-100_000i64..100_000).prop_map(|x| x as f64 / 100.0),
        1 => prop::sample::select(vec![-0.0, 1e-300, 0.1 + 0.2, 9_007_199_254_740_993.0, 4.5]),
    ]
}

fn row(unseen: bool) -> impl Strategy<Value = Row> {
    let extra = if unseen { UNSEEN.len() } else { 0 };
    (
        prop::option::weighted(0.85, number()),
        prop::option::weighted(0.9, 0i32..40),
        prop::option::weighted(0.9, 0..CAT1.len() + extra),
        prop::option::weighted(0.9, 0..CAT2.len() + extra),
        any::<bool>(),
    )
}

fn label(list: &[&str], i: usize) -> String {
    list.get(i).map_or_else(|| UNSEEN[i - list.len()].to_string(), |l| l.to_string())
}

/// CSV text: id, num1, num2, cat1, cat2, bought (blank: missing).
fn csv(rows: &[Row]) -> String {
    let mut text = String::from("id,num1,num2,cat1,cat2,bought\n");
    for (i, (a, b, c, d, y)) in rows.iter().enumerate() {
        let cell = |x: Option<String>| x.map(|s| format!("\"{s}\"")).unwrap_or_default();
        text += &format!(
            "{},{},{},{},{},{}\n",
            1000 + i,
            a.map(|x| format!("{x}")).unwrap_or_default(),
            b.map(|x| x.to_string()).unwrap_or_default(),
            cell(c.map(|i| label(&CAT1, i))),
            cell(d.map(|i| label(&CAT2, i))),
            *y as u8
        );
    }
    text
}

fn table(text: &str) -> Table {
    ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
}

const COLUMNS: [&str; 4] = ["num1", "num2", "cat1", "cat2"];

fn method() -> impl Strategy<Value = SegmentMethod> {
    let cols = prop::sample::subsequence(COLUMNS.to_vec(), 1..=3);
    prop_oneof![
        (cols.clone(), 2usize..=6).prop_map(|(c, bins)| {
            let c = c.iter().map(|s| s.to_string()).collect();
            SegmentMethod::Grid(GridParams::new(c).bins(bins).check().unwrap())
        }),
        (1usize..=4, any::<u64>()).prop_map(|(depth, seed)| SegmentMethod::Rules(
            RulesParams::new().max_depth(depth).random_state(seed).check().unwrap()
        )),
        (prop::sample::subsequence(COLUMNS.to_vec(), 0..=4), 2usize..=4, 1usize..30, any::<u64>())
            .prop_map(|(c, k, iters, seed)| {
                let p = KMeansParams {
                    columns: c.iter().map(|s| s.to_string()).collect(),
                    k: Some(k),
                    random_state: seed,
                    n_init: 1,
                    max_iter: iters,
                };
                SegmentMethod::KMeans(p.check().unwrap())
            }),
    ]
}

fn condition() -> impl Strategy<Value = Condition> {
    let bound = || {
        prop::option::of((number(), any::<bool>()).prop_map(|(v, c)| Bound { value: v, closed: c }))
    };
    let numeric = prop::sample::select(vec!["num1", "num2"]);
    let text = prop::sample::select(vec![("cat1", 0), ("cat2", 1)]);
    let all: Vec<String> = CAT1.iter().chain(&CAT2).chain(&UNSEEN).map(|s| s.to_string()).collect();
    prop_oneof![
        (numeric, bound(), bound(), any::<bool>()).prop_map(|(c, lower, upper, missing)| {
            Condition::Range { column: c.into(), lower, upper, missing }
        }),
        (text, prop::sample::subsequence(all, 0..4), any::<bool>(), any::<bool>()).prop_map(
            |((c, _), labels, inside, missing)| {
                let column = c.to_string();
                if inside {
                    Condition::In { column, labels, missing }
                } else {
                    Condition::NotIn { column, labels, missing }
                }
            }
        ),
        prop::sample::select(COLUMNS.to_vec())
            .prop_map(|c| Condition::Missing { column: c.into() }),
    ]
}

fn rules() -> impl Strategy<Value = Vec<Rule>> {
    prop::collection::vec(
        prop::collection::vec(condition(), 0..3).prop_map(|conditions| Rule { conditions }),
        1..5,
    )
}

/// The training table, its definitions (made as `segment --save` makes them) and the
/// segmentation's rows and assignment (None for a rule set put in place of the run's).
type Made = (Table, SegmentDefinitions, Option<(Vec<usize>, Vec<usize>)>);

fn make(text: &str, method: SegmentMethod, overlapping: Option<Vec<Rule>>) -> Option<Made> {
    let raw = table(text);
    let (clean, steps) = apply(&raw, &suggest(&raw, Some("bought"))).unwrap();
    let spec = SegmentSpec { target: "bought".into(), positive: None, method, min_support: 3 };
    // Too few rows or no feature left (after cleaning) is the segmenter's to refuse.
    let mut r = run(&clean, &spec, None, &mut |_| true).ok()?;
    let applied = steps.into_iter().map(|s| s.step).collect();
    let original = match overlapping {
        None => Some((r.rows.clone(), r.segmentation.assignment.clone())),
        Some(rules) => {
            r.segmentation.labels = (0..rules.len()).map(|i| format!("rule {i}")).collect();
            r.table.segments.clear();
            r.tagging = Tagging::Rules(RuleSet { rules, overlapping: true });
            None
        }
    };
    let defs = SegmentDefinitions::new(&clean, &spec, &r, applied, None, "t".into()).unwrap();
    Some((raw, defs, original))
}

/// Segment labels per record.
type Tags = HashMap<usize, Vec<String>>;

/// Each batch record's segment labels, by `assign` and by the SQL in SQLite, and its rows.
fn both(defs: &SegmentDefinitions, batch: &str) -> (Tags, Tags, usize) {
    let a = assign(defs, &table(batch), None).unwrap();
    let mut mine = Tags::new();
    for &(r, s) in &a.pairs {
        mine.entry(a.row_ids[r]).or_default().push(a.labels[s].clone());
    }
    let opts = SegmentSqlOptions { table: "t".into(), keep_all_rows: true, ..Default::default() };
    let sql = export_segments_sql(defs, &opts).unwrap().sql;
    let conn = Connection::open_in_memory().unwrap();
    load_csv(&conn, "t", batch);
    let mut theirs = Tags::new();
    for (row, s) in segments(&conn, &sql) {
        theirs.entry(row).or_default().push(s);
    }
    (mine, theirs, table(batch).n_rows())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(24)
}

/// Both classes, and a label in each text column (an all-empty column is read as numbers).
fn fix(mut rows: Vec<Row>) -> Vec<Row> {
    rows[0].4 = false;
    rows[1].4 = true;
    rows[0].2 = Some(0);
    rows[0].3 = Some(0);
    rows
}

fn check(
    rows: Vec<Row>,
    batch: Vec<Row>,
    method: SegmentMethod,
    rules: Option<Vec<Rule>>,
) -> Result<(), TestCaseError> {
    let text = csv(&fix(rows));
    let Some((raw, defs, original)) = make(&text, method, rules) else { return Ok(()) };
    // The file reads back identical, and so does its text.
    let json = defs.to_json().unwrap();
    let back = SegmentDefinitions::from_json(&json).unwrap();
    prop_assert!(back == defs, "the definitions changed in the JSON round trip");
    prop_assert_eq!(back.to_json().unwrap(), json);
    let batch = csv(&batch);
    let (a, b): (Assignment, Assignment) = (
        assign(&defs, &table(&batch), None).unwrap(),
        assign(&back, &table(&batch), None).unwrap(),
    );
    prop_assert_eq!(a, b);
    // The training table tags back into its own segmentation.
    if let Some((rows, assignment)) = original {
        let segments = assign(&back, &raw, None).unwrap().segments().unwrap();
        let again: Vec<usize> = rows.iter().map(|&r| segments[r]).collect();
        prop_assert_eq!(again, assignment);
    }
    // SQLite tags as assign does, the batch and the training file alike.
    for t in [&batch, &text] {
        let (mine, theirs, n) = both(&back, t);
        prop_assert_eq!(theirs.len(), n);
        for (row, labels) in &mine {
            prop_assert_eq!(Some(labels), theirs.get(row), "row {}", row);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn definitions_round_trip_and_tag_as_sql_does(
        rows in prop::collection::vec(row(false), 12..80),
        batch in prop::collection::vec(row(true), 1..30),
        method in method(),
    ) {
        check(rows, batch, method, None)?;
    }

    #[test]
    fn overlapping_rule_sets_round_trip_and_tag_as_sql_does(
        rows in prop::collection::vec(row(false), 12..40),
        batch in prop::collection::vec(row(true), 1..30),
        rules in rules(),
    ) {
        let grid = SegmentMethod::Grid(GridParams::new(vec!["num2".into()]).check().unwrap());
        check(rows, batch, grid, Some(rules))?;
    }
}

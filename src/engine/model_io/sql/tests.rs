//! SQL text per dialect, refusals that name the step, quoting of hostile names, and the shape
//! of the `CASE` nesting. Running the SQL is `tests/export_sql.rs` (SQLite).

use std::collections::BTreeMap;

use super::*;
use crate::engine::clean::{apply, CleaningLog, CleaningStep, ImputeStrategy, OutlierMethod};
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::forest::{FeatureSpec, FlatTree, ForestParams};
use crate::engine::ingest::{ingest, IngestOptions};

const DEMO: &[u8] = include_bytes!("../../../../public/social_network_ads.csv");

fn model_with(log: CleaningLog) -> Model {
    let raw = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    let (clean, _) = apply(&raw, &log).unwrap();
    let spec = TargetSpec { target: "Purchased".into(), ..Default::default() };
    let data = Dataset::from_table(&clean, &spec).unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(3)
        .check()
        .unwrap()
        .fit(&data, &rows, &mut |_| true)
        .unwrap();
    Model::new(forest, &data, &clean, log, Default::default(), "2026-11-25".into())
}

fn opts(dialect: Dialect) -> SqlOptions {
    SqlOptions { dialect, ..Default::default() }
}

fn clip_age() -> CleaningStep {
    CleaningStep::ClipOutliers {
        column: "Age".into(),
        method: OutlierMethod::Manual,
        lo: 18.5,
        hi: 60.0,
        relearn: false,
    }
}

#[test]
fn dialects_differ_in_types_and_literals() {
    let m = model_with(vec![clip_age()]);
    let lite = export_sql(&m, &opts(Dialect::Sqlite)).unwrap().sql;
    assert!(lite.contains("CAST(CASE WHEN LOWER(TRIM(CAST(\"Age\" AS TEXT))) IN ('') THEN NULL ELSE \"Age\" END AS REAL) AS f1"), "{lite}");
    assert!(
        lite.contains("CASE WHEN f1 < 18.5 THEN 18.5 WHEN f1 > 60.0 THEN 60.0 ELSE f1 END AS f1")
    );
    assert!(lite.contains("FROM \"batch\""));
    assert!(lite.contains("mn_sum / 3.0 AS \"proba\""));
    assert!(!lite.contains("DOUBLE"));
    let pg = export_sql(&m, &opts(Dialect::Postgres)).unwrap().sql;
    assert!(pg.contains("AS DOUBLE PRECISION) AS f1"));
    // Every tree is cast, so the sum is done in double precision, not numeric.
    let trees = &pg[pg.find("micronum_trees AS").unwrap()..];
    assert_eq!(trees.matches("CAST(CASE WHEN ").count(), 3, "{pg}");
    assert!(pg.contains("mn_sum / 3.0"));
    let duck = export_sql(&m, &opts(Dialect::Duckdb)).unwrap().sql;
    assert!(duck.contains("CAST(\"Age\" AS VARCHAR)") && duck.contains("AS DOUBLE) AS f1"));
    assert!(duck.contains("WHEN f1 < 1.85e1 THEN 1.85e1 WHEN f1 > 6e1 THEN 6e1"), "{duck}");
    assert!(duck.contains("mn_sum / 3e0"));
    for sql in [&lite, &pg, &duck] {
        assert!(sql.contains("\"User ID\" AS mn_id") && sql.contains("mn_id AS \"User ID\""));
        assert!(sql.contains("micronum_step_1 AS") && sql.contains("micronum_trees AS ("));
        assert!(sql.trim_end().ends_with("ORDER BY mn_row;"));
    }
}

#[test]
fn every_translated_step_appears() {
    let mapping: BTreeMap<String, String> =
        [("M".to_string(), "Male".to_string()), ("it's".to_string(), "Female".to_string())]
            .into_iter()
            .collect();
    let log = vec![
        CleaningStep::MissingTokens { tokens: vec![" NA ".into(), "?".into()] },
        CleaningStep::NormalizeCategories { column: "Gender".into(), mapping },
        CleaningStep::FlagImpossible { column: "Age".into(), min: 1.0, max: f64::MAX },
        clip_age(),
        CleaningStep::Impute {
            column: "EstimatedSalary".into(),
            strategy: ImputeStrategy::Median,
            value: "70000".into(),
            relearn: false,
        },
        CleaningStep::Impute {
            column: "Gender".into(),
            strategy: ImputeStrategy::Mode,
            value: "Female".into(),
            relearn: false,
        },
    ];
    let e = export_sql(&model_with(log), &opts(Dialect::Sqlite)).unwrap();
    let sql = &e.sql;
    assert!(sql.contains("IN ('', 'na', '?') THEN NULL ELSE \"Age\" END"), "{sql}");
    assert!(sql.contains("CASE WHEN LOWER(f0) IN ('na', '?') THEN NULL ELSE f0 END AS f0"));
    assert!(sql.contains("CASE f0 WHEN 'M' THEN 'Male' WHEN 'it''s' THEN 'Female' ELSE f0 END"));
    // No upper bound: f64::MAX cannot be exceeded.
    assert!(sql.contains("CASE WHEN f1 < 1.0 THEN NULL ELSE f1 END AS f1"));
    assert!(sql.contains("COALESCE(f2, 70000.0) AS f2") && sql.contains("COALESCE(f0, 'Female')"));
    assert_eq!(e.notes.len(), 6);
    assert!(e.notes.iter().all(|n| n.contains("translated")), "{:?}", e.notes);
}

/// The export error of a model whose log is `log` (set after training, so a log that micronum
/// itself would refuse can be tried too).
fn refused(log: CleaningLog, keep_all_rows: bool) -> SqlError {
    let mut m = model_with(Vec::new());
    m.cleaning = log;
    let opts = SqlOptions { keep_all_rows, ..Default::default() };
    export_sql(&m, &opts).unwrap_err()
}

#[test]
fn steps_sql_cannot_repeat_are_refused_by_number() {
    let parse = CleaningStep::ParseFormattedNumbers { column: "EstimatedSalary".into() };
    let e = refused(vec![clip_age(), parse], false);
    assert!(matches!(&e, SqlError::UnsupportedStep { step: 2, .. }), "{e}");
    assert!(e.to_string().starts_with("cleaning step 2 (EstimatedSalary: read numbers"), "{e}");

    let relearn = CleaningStep::Impute {
        column: "Age".into(),
        strategy: ImputeStrategy::Median,
        value: "37".into(),
        relearn: true,
    };
    assert!(matches!(refused(vec![relearn], false), SqlError::UnsupportedStep { step: 1, .. }));

    let tokens = CleaningStep::MissingTokens { tokens: vec!["-1".into()] };
    let e = refused(vec![tokens], false);
    assert!(e.to_string().contains("\"-1\" reads as a number"), "{e}");

    let late = CleaningStep::MissingTokens { tokens: vec!["NA".into()] };
    let e = refused(vec![clip_age(), late], false);
    assert!(matches!(&e, SqlError::UnsupportedStep { step: 2, .. }), "{e}");

    let accented = CleaningStep::MissingTokens { tokens: vec!["ñ/a".into()] };
    assert!(matches!(refused(vec![accented], false), SqlError::UnsupportedStep { step: 1, .. }));

    let empty = CleaningStep::FlagImpossible { column: "Age".into(), min: 5.0, max: 1.0 };
    assert!(matches!(refused(vec![empty], false), SqlError::UnsupportedStep { step: 1, .. }));

    let dates = CleaningStep::DateParts { column: "signup".into() };
    let e = refused(vec![clip_age(), dates], false);
    assert!(matches!(&e, SqlError::UnsupportedStep { step: 2, .. }), "{e}");
}

#[test]
fn row_dropping_steps_need_consent() {
    let log = vec![
        CleaningStep::DropDuplicates,
        CleaningStep::DropRowsMissingTarget { target: "Purchased".into() },
    ];
    let e = refused(log.clone(), false);
    assert_eq!(e, SqlError::RowsDropped { step: 1, description: "Drop duplicate rows".into() });
    assert!(e.to_string().contains("--keep-all-rows"));
    let opts = SqlOptions { keep_all_rows: true, ..Default::default() };
    let ok = export_sql(&model_with(log), &opts).unwrap();
    assert!(ok.notes[0].contains("not applied: every row is scored"), "{:?}", ok.notes);
    assert!(ok.sql.contains("-- Cleaning step 2: Drop rows whose Purchased is missing"));
}

#[test]
fn steps_on_other_columns_are_noted_not_translated() {
    let log = vec![
        CleaningStep::ParseFormattedNumbers { column: "Comment".into() },
        CleaningStep::NormalizeCategories { column: "Age".into(), mapping: BTreeMap::new() },
    ];
    let e = export_sql(&model_with(log), &SqlOptions::default()).unwrap();
    assert!(e.notes[0].ends_with("the model does not use that column"), "{:?}", e.notes);
    assert!(e.notes[1].ends_with("does nothing to a feature of this kind"));
    assert!(!e.sql.contains("micronum_step_"));
}

#[test]
fn hostile_names_are_quoted_and_comments_stay_comments() {
    let mut m = model_with(Vec::new());
    m.forest.features[0].name = "Gen\"der".into();
    m.created = "today\nDROP TABLE batch; --".into();
    let opts = SqlOptions { table: "sales.new batch".into(), ..Default::default() };
    let sql = export_sql(&m, &opts).unwrap().sql;
    assert!(sql.contains("TRIM(CAST(\"Gen\"\"der\" AS TEXT))"));
    assert!(sql.contains("FROM \"sales\".\"new batch\""));
    assert!(!sql.lines().any(|l| l.starts_with("DROP")), "{sql}");
    m.forest.features[1].name = "A\0ge".into();
    assert!(matches!(export_sql(&m, &SqlOptions::default()), Err(SqlError::Unquotable(_))));
    let bad = SqlOptions { table: "micronum_input".into(), ..Default::default() };
    assert!(matches!(export_sql(&model_with(Vec::new()), &bad), Err(SqlError::BadTableName(_))));
    let mut broken = model_with(Vec::new());
    broken.forest.trees[0] = crate::engine::forest::stump(9, [1.0, 1.0], 1);
    assert!(matches!(export_sql(&broken, &SqlOptions::default()), Err(SqlError::Model(_))));
}

/// A tree `depth` splits deep: split `k` (on `x <= k`) sends rows left to a leaf of value
/// `k % 2` and right to the next split; the last right child is a leaf of value 1.
fn ladder(depth: usize) -> FlatTree {
    let mut t = FlatTree::default();
    let node = |t: &mut FlatTree, threshold: f64, children: Option<(usize, usize)>, value: f64| {
        let (l, r) = children.map_or((u32::MAX, u32::MAX), |(l, r)| (l as u32, r as u32));
        t.feature.push(0);
        t.threshold.push(threshold);
        t.left_set.push(Vec::new());
        t.missing_left.push(false);
        t.left.push(l);
        t.right.push(r);
        t.value.push(value);
        t.weight.push(1.0);
    };
    for k in 0..depth {
        // Split at 2k, its leaf at 2k + 1, the next split at 2k + 2.
        let at = 2 * k;
        node(&mut t, k as f64, Some((at + 1, at + 2)), 0.5);
        node(&mut t, 0.0, None, (k % 2) as f64);
    }
    node(&mut t, 0.0, None, 1.0);
    t
}

#[test]
fn deep_trees_nest_shallowly() {
    let features = vec![FeatureSpec { name: "x".into(), levels: None }];
    let cols = vec!["f0".to_string()];
    let t = ladder(600).into_tree(&features).unwrap();
    assert_eq!(t.shape().1, 600);
    let (sql, nesting) = trees::tree_case(&t, 0, &features, &cols, Dialect::Sqlite).unwrap();
    // One CASE with a WHEN per split: the leaves come first, the ladder continues the chain.
    assert_eq!(nesting, 1);
    assert_eq!(sql.matches("CASE").count(), 1);
    assert_eq!(sql.matches(" WHEN ").count(), 600);
    assert!(
        sql.starts_with("CASE WHEN f0 <= 0.0 THEN 0.0 WHEN f0 <= 1.0 THEN 1.0"),
        "{}",
        &sql[..80]
    );
    assert!(sql.ends_with(" ELSE 1.0 END"));
}

#[test]
fn categorical_splits_route_null_and_unseen_labels() {
    let features = vec![FeatureSpec {
        name: "g".into(),
        levels: Some(vec!["a".into(), "b".into(), "c".into()]),
    }];
    let cols = vec!["f0".to_string()];
    let split = |left_set: Vec<u32>, missing_left: bool| FlatTree {
        feature: vec![0, 0, 0],
        threshold: vec![3.0, 0.0, 0.0],
        left_set: vec![left_set, Vec::new(), Vec::new()].into(),
        missing_left: vec![missing_left, false, false],
        left: vec![1, u32::MAX, u32::MAX],
        right: vec![2, u32::MAX, u32::MAX],
        value: vec![0.5, 0.25, 0.75],
        weight: vec![1.0; 3],
    };
    let case = |t: &FlatTree| {
        let t = t.into_tree(&features).unwrap();
        trees::tree_case(&t, 0, &features, &cols, Dialect::Sqlite).unwrap().0
    };
    // Missing and unseen go right: only 'a' goes left.
    assert_eq!(case(&split(vec![0], false)), "CASE WHEN f0 IN ('a') THEN 0.25 ELSE 0.75 END");
    // Missing and unseen go left: only 'b' and 'c' go right.
    assert_eq!(case(&split(vec![0], true)), "CASE WHEN f0 IN ('b', 'c') THEN 0.75 ELSE 0.25 END");
    // Every training label goes left and so do missing and unseen ones: no condition at all.
    assert_eq!(case(&split(vec![0, 1, 2], true)), "0.25");
    // A threshold below the label count makes label 'c' "unseen" (as Tree::leaf_of reads it):
    // missing goes left, 'c' too; 'b' right.
    let mut t = split(vec![0], true);
    t.threshold[0] = 2.0;
    assert_eq!(case(&t), "CASE WHEN f0 IN ('b') THEN 0.75 ELSE 0.25 END");
}

#[test]
fn an_infinite_threshold_asks_only_whether_the_value_is_null() {
    let features = vec![FeatureSpec { name: "x".into(), levels: None }];
    let cols = vec!["f0".to_string()];
    let mut t = ladder(1);
    t.threshold[0] = f64::INFINITY;
    let case = |t: &FlatTree| {
        let t = t.into_tree(&features).unwrap();
        trees::tree_case(&t, 0, &features, &cols, Dialect::Postgres).unwrap().0
    };
    // Every present value goes left (value 0), NULL right (value 1).
    assert_eq!(case(&t), "CASE WHEN f0 IS NULL THEN 1.0 ELSE 0.0 END");
    // Missing values left as well: every row reaches the left leaf.
    t.missing_left[0] = true;
    assert_eq!(case(&t), "0.0");
}

//! Property tests of engine invariants (the CSV round trip is in `ingest_props.rs`): cleaning a
//! clean table changes nothing, a model's export → import → predict is identical, segment
//! counts add up to n, and every metric stays in its range. Few cases each: the whole file runs
//! in a few seconds.

use micronum::engine::clean::{apply, suggest};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::forest::ForestParams;
use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::metrics::BinaryMetrics;
use micronum::engine::model_io::Model;
use micronum::engine::segment::{grid_segments, segment_stats, GridParams, Segmentation};
use micronum::engine::table::Table;
use proptest::prelude::*;

/// One customer row: gender, age, salary (thousands), purchased.
type Row = (bool, u32, u32, bool);

fn row() -> impl Strategy<Value = Row> {
    (any::<bool>(), 18u32..=70, 15u32..=150, any::<bool>())
}

/// A table in the demo file's shape: unique ids, no missing cells, canonical labels, 0/1 target.
fn table(rows: &[Row]) -> Table {
    let mut text = String::from("User ID,Gender,Age,EstimatedSalary,Purchased\n");
    for (i, (female, age, salary, bought)) in rows.iter().enumerate() {
        let gender = if *female { "Female" } else { "Male" };
        text += &format!("{},{gender},{age},{}000,{}\n", 15_600_000 + i, salary, *bought as u8);
    }
    ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Fewer than 20 rows, so the outlier rule (which needs 20 values) has nothing to say: a table
    /// without missing cells, odd spellings, duplicates or impossible values needs no cleaning.
    #[test]
    fn cleaning_a_clean_table_changes_nothing(rows in proptest::collection::vec(row(), 2..20)) {
        let t = table(&rows);
        let log = suggest(&t, Some("Purchased"));
        prop_assert!(log.is_empty(), "steps suggested for a clean table: {:?}", log);
        let (clean, reports) = apply(&t, &log).unwrap();
        prop_assert!(reports.is_empty());
        prop_assert_eq!(clean, t);
    }

    #[test]
    fn model_export_import_predict_is_identical(
        rows in proptest::collection::vec(row(), 12..60),
        batch in proptest::collection::vec(row(), 1..20),
        trees in 1usize..6,
        depth in 1usize..5,
        seed in any::<u64>(),
    ) {
        let mut rows = rows;
        rows[0].3 = false; // both classes
        rows[1].3 = true;
        let raw = table(&rows);
        let log = suggest(&raw, Some("Purchased"));
        let (clean, _) = apply(&raw, &log).unwrap();
        let spec = TargetSpec { target: "Purchased".into(), ..Default::default() };
        let data = Dataset::from_table(&clean, &spec).unwrap();
        let all: Vec<usize> = (0..data.n_rows()).collect();
        let forest = ForestParams::new()
            .n_estimators(trees)
            .max_depth(Some(depth))
            .random_state(seed)
            .n_threads(Some(1))
            .check()
            .unwrap()
            .fit(&data, &all, &mut |_| true)
            .unwrap();
        let model = Model::new(forest, &data, &clean, log, Default::default(), "2026-11-25T00:00:00Z".into());
        let back = Model::from_json(&model.to_json().unwrap()).unwrap();
        prop_assert!(back == model, "the model changed in the JSON round trip");
        let batch = table(&batch);
        let (a, b) = (model.predict_table(&batch).unwrap(), back.predict_table(&batch).unwrap());
        let bits = |p: &[f64]| p.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        prop_assert_eq!(bits(&a.proba), bits(&b.proba));
        prop_assert_eq!(a.row_ids, b.row_ids);
        prop_assert!(a.proba.iter().all(|p| (0.0..=1.0).contains(p)));
    }

    #[test]
    fn segment_counts_sum_to_n(
        cells in proptest::collection::vec((0usize..12, any::<bool>()), 1..300),
        k in 1usize..10,
        min_support in 1u64..30,
    ) {
        // Rows assigned past the last label are not in any segment.
        let seg = Segmentation {
            assignment: cells.iter().map(|c| c.0).collect(),
            labels: (0..k).map(|s| format!("s{s}")).collect(),
        };
        let y: Vec<u8> = cells.iter().map(|c| c.1 as u8).collect();
        let t = segment_stats(&seg, &y, None, min_support).unwrap();
        let inside: Vec<&(usize, bool)> = cells.iter().filter(|c| c.0 < k).collect();
        prop_assert_eq!(t.n, inside.len() as u64);
        prop_assert_eq!(t.positives, inside.iter().filter(|c| c.1).count() as u64);
        prop_assert_eq!(t.segments.iter().map(|s| s.n).sum::<u64>(), t.n);
        prop_assert_eq!(t.segments.iter().map(|s| s.positives).sum::<u64>(), t.positives);
        for s in &t.segments {
            prop_assert!(s.ci_low <= s.rate && s.rate <= s.ci_high, "{:?}", s);
            prop_assert!((0.0..=1.0).contains(&s.shrunk_rate), "{:?}", s);
        }
    }

    /// A grid covers every row once: its segments' counts add up to the table's rows.
    #[test]
    fn grid_segment_counts_sum_to_rows(rows in proptest::collection::vec(row(), 2..80), bins in 2usize..6) {
        let t = table(&rows);
        let p = GridParams::new(vec!["Age".into(), "Gender".into()]).bins(bins).check().unwrap();
        let seg = grid_segments(&t, &p).unwrap();
        prop_assert_eq!(seg.assignment.len(), t.n_rows());
        let y: Vec<u8> = rows.iter().map(|r| r.3 as u8).collect();
        let st = segment_stats(&seg, &y, None, 5).unwrap();
        prop_assert_eq!(st.n, rows.len() as u64);
        prop_assert_eq!(st.segments.iter().map(|s| s.n).sum::<u64>(), st.n);
    }

    #[test]
    fn metrics_stay_in_range(cells in proptest::collection::vec((any::<bool>(), any::<bool>(), 0.0f64..=1.0), 1..200)) {
        let y_true: Vec<u8> = cells.iter().map(|c| c.0 as u8).collect();
        let y_pred: Vec<u8> = cells.iter().map(|c| c.1 as u8).collect();
        let score: Vec<f64> = cells.iter().map(|c| c.2).collect();
        let m = BinaryMetrics::compute(&y_true, &y_pred, Some(&score)).unwrap();
        let unit = |x: f64| (0.0..=1.0).contains(&x);
        for (name, x) in [
            ("accuracy", m.accuracy),
            ("precision", m.precision),
            ("recall", m.recall),
            ("f1", m.f1),
            ("balanced_accuracy", m.balanced_accuracy),
        ] {
            prop_assert!(unit(x), "{} = {}", name, x);
        }
        prop_assert!((-1.0..=1.0).contains(&m.mcc), "mcc = {}", m.mcc);
        let both = y_true.contains(&0) && y_true.contains(&1);
        prop_assert_eq!(m.roc_auc.is_some(), both);
        if let Some(auc) = m.roc_auc {
            prop_assert!(unit(auc), "auc = {}", auc);
        }
        if let Some(ap) = m.average_precision {
            prop_assert!(unit(ap), "average precision = {}", ap);
        }
        prop_assert!(m.brier.is_some_and(unit), "brier = {:?}", m.brier);
        prop_assert!(m.log_loss.is_some_and(|l| l >= 0.0 && l.is_finite()), "log loss = {:?}", m.log_loss);
        let c = m.confusion_matrix;
        prop_assert_eq!(c[0][0] + c[0][1] + c[1][0] + c[1][1], cells.len() as u64);
    }
}

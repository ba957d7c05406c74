//! Findings on hand-made inputs whose right sentences are known.

use super::*;
use crate::engine::evaluate::FeatureImportance;
use crate::engine::forest::ForestParams;
use crate::engine::metrics::BinaryMetrics;
use crate::engine::model_io::DataFingerprint;
use crate::engine::segment::{PriorFit, SegmentTable};
use crate::report::{DataInput, EvalScope};

fn evaluation(y: &[u8], pred: &[u8], importance: &[(&str, f64)]) -> Evaluation {
    Evaluation {
        metrics: BinaryMetrics::compute(y, pred, None).unwrap(),
        classification_report: String::new(),
        labels: ["no".into(), "yes".into()],
        // Deliberately not the majority share: the findings must not trust it blindly.
        baseline_accuracy: 0.5,
        oob_score: None,
        roc: vec![],
        pr: vec![],
        calibration: vec![],
        importance: importance
            .iter()
            .map(|(f, v)| FeatureImportance {
                feature: f.to_string(),
                impurity: *v,
                permutation: None,
            })
            .collect(),
        test_row_ids: vec![],
        y_test: y.to_vec(),
        proba_test: vec![],
        n_train: 0,
        n_test: y.len(),
        mean_depth: 0.0,
        mean_leaves: 0.0,
        permutation_rows: 0,
        permutation_repeats: 0,
        threshold: 0.5,
    }
}

/// `n` rows, `pos` of them 1; predictions wrong on the first `wrong` rows.
fn labels(n: usize, pos: usize, wrong: usize) -> (Vec<u8>, Vec<u8>) {
    let y: Vec<u8> = (0..n).map(|i| (i < pos) as u8).collect();
    let pred = y.iter().enumerate().map(|(i, &v)| if i < wrong { 1 - v } else { v }).collect();
    (y, pred)
}

fn segment(
    label: &str,
    n: u64,
    positives: u64,
    shrunk: f64,
    overall: f64,
    small: bool,
) -> SegmentStats {
    let rate = positives as f64 / n as f64;
    let (ci_low, ci_high) = wilson(positives, n, Z95);
    SegmentStats {
        segment: 0,
        label: label.into(),
        n,
        positives,
        rate,
        ci_low,
        ci_high,
        shrunk_rate: shrunk,
        lift: rate / overall,
        shrunk_lift: shrunk / overall,
        share_of_positives: 0.0,
        small_n: small,
        mean_proba: None,
    }
}

fn segment_table() -> SegmentTable {
    let overall = 0.3;
    // "tiny" has the best raw and shrunk lift but only 6 customers.
    let segments = vec![
        segment("tiny", 6, 5, 0.62, overall, true),
        segment("big high", 60, 30, 0.49, overall, false),
        segment("mid", 50, 20, 0.39, overall, false),
        segment("few low", 8, 0, 0.21, overall, true),
        segment("big low", 80, 10, 0.13, overall, false),
        segment("last", 40, 8, 0.21, overall, false),
    ];
    SegmentTable {
        segments,
        overall_rate: overall,
        prior: PriorFit { alpha: 3.0, beta: 7.0, method: "moments".into() },
        min_support: 30,
        n: 244,
        positives: 73,
    }
}

struct Fixture {
    fp: DataFingerprint,
    params: crate::engine::forest::ValidForestParams,
    eval: Evaluation,
    table: SegmentTable,
    drift: Vec<DriftRow>,
}

fn fixture(n: usize, pos: usize, wrong: usize) -> Fixture {
    let (y, pred) = labels(n, pos, wrong);
    Fixture {
        fp: DataFingerprint { rows: n, columns: 3, hash: "0".into() },
        params: ForestParams::new().check().unwrap(),
        eval: evaluation(&y, &pred, &[("a", 0.1), ("b", 0.5), ("c", 0.15), ("d", 0.25)]),
        table: segment_table(),
        drift: vec![
            DriftRow { feature: "age".into(), psi: 0.02, verdict: "stable".into() },
            DriftRow { feature: "salary".into(), psi: 0.31, verdict: "major".into() },
            DriftRow { feature: "gender".into(), psi: 0.01, verdict: "stable".into() },
        ],
    }
}

fn input(f: &Fixture) -> ReportInput<'_> {
    ReportInput {
        title: "t",
        file_name: "f.csv",
        created: "now",
        data: DataInput {
            target: "bought",
            rows_read: f.fp.rows,
            columns_read: 3,
            fingerprint: &f.fp,
            summary: &[],
            ingest: None,
        },
        cleaning: &[],
        eda: None,
        model: Some(ModelInput {
            params: &f.params,
            evaluation: &f.eval,
            cv: None,
            scope: EvalScope::HeldOut,
            warnings: &[],
        }),
        segments: Some(SegmentsInput { method: "grid", table: &f.table, discovery: None }),
        drift: Some(&f.drift),
    }
}

fn topic<'a>(all: &'a [Finding], topic: &str) -> Vec<&'a str> {
    all.iter().filter(|f| f.topic == topic).map(|f| f.text.as_str()).collect()
}

#[test]
fn small_segments_are_never_named_as_top_segments() {
    let f = fixture(100, 30, 10);
    let all = findings(&input(&f));
    let seg = topic(&all, "segments");
    let top = seg[0];
    assert!(top.starts_with("Top segments"), "{top}");
    assert!(!top.contains("tiny") && !top.contains("few low"), "{top}");
    // Eligible segments above the overall rate (30%), best shrunk lift first: big high, mid.
    let (a, b) = (top.find("\"big high\""), top.find("\"mid\""));
    assert!(a.is_some() && a < b, "{top}");
    // "last" (shrunk 21%) and "big low" (13%) are below the overall rate: not "top".
    assert!(!top.contains("last") && !top.contains("big low"), "{top}");
    // big high: shrunk 49.0%, raw 30/60 = 50.0%, shrunk lift 0.49/0.3 = 1.63.
    assert!(top.contains("49.0% shrunk (raw 50.0% of 60 customers") && top.contains("1.63×"));
    assert_eq!(
        seg[1],
        "2 of 6 segments have fewer than 30 customers and were set aside from this ranking."
    );
    // The caveat names the small segment with the highest raw rate: tiny, 5/6 = 83.3%.
    let small = topic(&all, "small-segments");
    assert!(small[0].contains("83.3% in \"tiny\"") && small[0].contains("shrunk rate 62.0%"));
    let (lo, hi) = wilson(5, 6, Z95);
    assert!(small[0].contains(&format!("{}–{}", pct(lo), pct(hi))), "{}", small[0]);
}

#[test]
fn top_segments_are_above_the_overall_rate_or_none_is_named() {
    let mut f = fixture(100, 30, 10);
    f.table.segments.retain(|s| s.shrunk_rate < f.table.overall_rate);
    let seg = topic(&findings(&input(&f)), "segments")[0].to_string();
    assert_eq!(
        seg,
        "No segment with at least 30 customers has a shrunk rate above the overall rate of 30.0%."
    );
}

#[test]
fn when_every_segment_is_small_none_is_named() {
    let mut f = fixture(100, 30, 10);
    f.table.segments.iter_mut().for_each(|s| s.small_n = true);
    let all = findings(&input(&f));
    let seg = topic(&all, "segments");
    assert!(seg[0].starts_with("All 6 segments have fewer than 30"), "{}", seg[0]);
    for s in &f.table.segments {
        assert!(!seg[0].contains(&s.label));
    }
}

#[test]
fn baseline_is_the_majority_share_of_the_evaluated_rows() {
    // 100 rows, 30 positive: majority "no" at 70%; 10 wrong → accuracy 90%, 20 points better.
    let f = fixture(100, 30, 10);
    let text = topic(&findings(&input(&f)), "accuracy")[0].to_string();
    assert!(text.contains("\"no\", would be right 70.0%"), "{text}");
    assert!(
        text.contains("right 90.0% of the time") && text.contains("20.0 points better"),
        "{text}"
    );
    // Wilson interval of 90/100: 82.6%–94.5%.
    assert!(text.contains("82.6%–94.5%"), "{text}");
    // Positives in the majority: 80 of 100 are "yes"; 25 wrong → 75%, 5 points worse.
    let f = fixture(100, 80, 25);
    let text = topic(&findings(&input(&f)), "accuracy")[0].to_string();
    assert!(text.contains("\"yes\", would be right 80.0%"), "{text}");
    assert!(text.contains("does not beat it (5.0 points worse)"), "{text}");
}

#[test]
fn top_features_are_named_with_their_shares() {
    let f = fixture(100, 30, 10);
    let text = topic(&findings(&input(&f)), "features")[0].to_string();
    assert!(text.ends_with("b (50.0%), d (25.0%), c (15.0%)."), "{text}");
    assert!(!text.contains("a ("), "{text}");
}

#[test]
fn wide_intervals_and_drift_are_counted() {
    let f = fixture(100, 30, 10);
    let all = findings(&input(&f));
    let wide = topic(&all, "intervals")[0];
    let expected = f.table.segments.iter().filter(|s| s.ci_high - s.ci_low > WIDE_INTERVAL).count();
    assert!(expected > 0 && wide.starts_with(&format!("{expected} of 6 segments")), "{wide}");
    // The widest interval is the 8-customer segment with no buyer or the 6-customer one.
    let widest = f
        .table
        .segments
        .iter()
        .max_by(|a, b| (a.ci_high - a.ci_low).total_cmp(&(b.ci_high - b.ci_low)))
        .unwrap();
    assert!(wide.contains(&format!("\"{}\"", widest.label)), "{wide}");
    let drift = topic(&all, "drift")[0];
    assert_eq!(
        drift,
        "Drift over 3 features: 2 stable, 1 major; the largest PSI is 0.310 for salary (major)."
    );
}

#[test]
fn findings_without_model_or_segments_say_nothing_about_them() {
    let f = fixture(100, 30, 10);
    let mut i = input(&f);
    i.model = None;
    i.segments = None;
    i.drift = None;
    let all = findings(&i);
    assert_eq!(all.len(), 1, "{all:?}");
    assert_eq!(all[0].topic, "data");
    assert!(all[0].text.starts_with("100 rows of f.csv were analysed"), "{}", all[0].text);
}

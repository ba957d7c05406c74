//! Chart data from engine results, shared by the page's canvases and the report's SVGs, so both
//! draw the same bars from the same numbers.

use super::bars::{Bar, RateBars};
use super::curves::{Curve, Curves};
use super::heatmap::Heatmap;
use crate::engine::display::Outcome;
use crate::engine::drift::{DriftReport, PREDICTION_LABEL};
use crate::engine::eda::{CategoryRate, CorrelationMatrix};
use crate::engine::evaluate::Evaluation;
use crate::engine::segment::{GainsTable, SegmentTable};

/// Purchase rate per category with Wilson whiskers and the overall rate; categories with fewer
/// than `small_n` customers are drawn pale (0: none).
pub fn category_rate_bars(
    column: &str,
    rates: &[CategoryRate],
    overall: f64,
    small_n: usize,
    outcome: &Outcome,
) -> RateBars {
    RateBars {
        title: format!("{} by {column}", capitalized(&outcome.rate())),
        y_label: outcome.rate(),
        bars: rates
            .iter()
            .map(|r| Bar {
                label: format!("{} (n={})", r.label, r.n),
                value: r.rate,
                lo: Some(r.ci_low),
                hi: Some(r.ci_high),
                marker: None,
                muted: r.n < small_n as u64,
            })
            .collect(),
        reference: Some(("overall".into(), overall)),
        marker_name: None,
        numbered: false,
    }
}

/// The first `max` segments' raw rates with Wilson whiskers and shrunk-rate markers, small
/// segments pale, in table order.
pub fn segment_rate_bars(title: &str, t: &SegmentTable, max: usize, outcome: &Outcome) -> RateBars {
    RateBars {
        title: title.into(),
        y_label: outcome.rate(),
        bars: t
            .segments
            .iter()
            .take(max)
            .map(|s| Bar {
                label: s.label.clone(),
                value: s.rate,
                lo: Some(s.ci_low),
                hi: Some(s.ci_high),
                marker: Some(s.shrunk_rate),
                muted: s.small_n,
            })
            .collect(),
        reference: Some(("overall".into(), t.overall_rate)),
        marker_name: Some("shrunk rate".into()),
        numbered: t.segments.len().min(max) > 8,
    }
}

/// Impurity importance per feature, and permutation importance (mean ± SD) where computed.
pub fn importance_bars(e: &Evaluation) -> (Vec<Bar>, Vec<Bar>) {
    let impurity = e
        .importance
        .iter()
        .map(|i| Bar { label: i.feature.clone(), value: i.impurity, ..Bar::default() })
        .collect();
    let permutation = e
        .importance
        .iter()
        .filter_map(|i| {
            i.permutation.map(|(m, sd)| Bar {
                label: i.feature.clone(),
                value: m,
                lo: Some(m - sd),
                hi: Some(m + sd),
                ..Bar::default()
            })
        })
        .collect();
    (impurity, permutation)
}

/// PSI per feature, and of the predicted scores when measured.
pub fn psi_bars(d: &DriftReport) -> Vec<Bar> {
    let scores = d.prediction.iter().map(|p| (PREDICTION_LABEL.to_string(), p.psi));
    d.features
        .iter()
        .map(|f| (f.name.clone(), f.psi))
        .chain(scores)
        .map(|(label, value)| Bar { label, value, ..Bar::default() })
        .collect()
}

/// The ROC curve of an evaluation, with the chance diagonal.
pub fn roc_curves(e: &Evaluation) -> Curves {
    let auc = e.metrics.roc_auc.map_or("–".into(), |a| format!("{a:.3}"));
    Curves {
        title: "ROC curve".into(),
        x_label: "false positive rate".into(),
        y_label: "true positive rate".into(),
        curves: vec![Curve { name: format!("AUC {auc}"), points: e.roc.clone() }],
        diagonal: Some("chance".into()),
        ..Curves::default()
    }
}

/// The precision–recall curve of an evaluation, with the share of buyers as baseline.
pub fn pr_curves(e: &Evaluation) -> Curves {
    let ap = e.metrics.average_precision.map_or("–".into(), |a| format!("{a:.3}"));
    Curves {
        title: "Precision–recall curve".into(),
        x_label: "recall".into(),
        y_label: "precision".into(),
        curves: vec![Curve { name: format!("AP {ap}"), points: e.pr.clone() }],
        baseline: Some((
            "share of buyers".into(),
            e.metrics.positives as f64 / e.metrics.n.max(1) as f64,
        )),
        ..Curves::default()
    }
}

/// Observed share of buyers against mean predicted probability, per bin of an evaluation.
pub fn calibration_curves(e: &Evaluation) -> Curves {
    Curves {
        title: "Calibration (test rows)".into(),
        x_label: "mean predicted probability".into(),
        y_label: "observed share of buyers".into(),
        curves: vec![Curve {
            name: "forest".into(),
            points: e.calibration.iter().map(|b| (b.mean_score, b.frac_positive)).collect(),
        }],
        diagonal: Some("perfectly calibrated".into()),
        markers: true,
        ..Curves::default()
    }
}

/// Pearson correlations as a diverging heatmap.
pub fn correlation_heatmap(c: &CorrelationMatrix) -> Heatmap {
    Heatmap {
        title: "Correlation (Pearson)".into(),
        rows: c.names.clone(),
        cols: c.names.clone(),
        values: c.values.clone(),
        diverging: true,
        cell_text: None,
    }
}

/// The gains curve of a propensity ranking, against random order.
pub fn gains_curves(g: &GainsTable) -> Curves {
    Curves {
        title: "Gains: buyers captured by contacting the top-ranked customers".into(),
        x_label: "share of customers (by predicted propensity)".into(),
        y_label: "share of buyers captured".into(),
        curves: vec![Curve { name: "model".into(), points: g.curve.clone() }],
        diagonal: Some("random order".into()),
        markers: true,
        ..Curves::default()
    }
}

/// For a grid of two columns (`columns`): the shrunk rate of each cell as a heatmap with its n
/// (None for other segmentations).
pub fn grid_heatmap(t: &SegmentTable, columns: &[String], outcome: &Outcome) -> Option<Heatmap> {
    let [a, b] = columns else { return None };
    let mut segs = t.segments.clone();
    segs.sort_by_key(|s| s.segment);
    let split = |l: &str| l.split_once(" × ").map(|(x, y)| (x.to_string(), y.to_string()));
    let mut rows: Vec<String> = Vec::new();
    let mut cols: Vec<String> = Vec::new();
    for s in &segs {
        let (x, y) = split(&s.label)?;
        if !rows.contains(&x) {
            rows.push(x);
        }
        if !cols.contains(&y) {
            cols.push(y);
        }
    }
    let mut values = vec![vec![None; cols.len()]; rows.len()];
    let mut text = vec![vec![String::new(); cols.len()]; rows.len()];
    for s in &segs {
        let (x, y) = split(&s.label)?;
        let (i, j) = (rows.iter().position(|r| *r == x)?, cols.iter().position(|c| *c == y)?);
        values[i][j] = Some(s.shrunk_rate);
        text[i][j] = format!("{:.0}% n={}", s.shrunk_rate * 100.0, s.n);
    }
    // The axis names go in the title, so cells keep only their ranges.
    let strip = |labels: Vec<String>, name: &str| {
        labels
            .into_iter()
            .map(|l| l.strip_prefix(name).map(|x| x.trim().to_string()).unwrap_or(l))
            .collect()
    };
    Some(Heatmap {
        title: format!("Shrunk {}: {a} (rows) × {b} (columns)", outcome.rate()),
        rows: strip(rows, a),
        cols: strip(cols, b),
        values,
        diverging: false,
        cell_text: Some(text),
    })
}

/// One labelled batch's (accuracy, F1, ROC AUC).
pub type HistoryPoint = (f64, f64, Option<f64>);

/// The metric history of labelled batches ((accuracy, F1, ROC AUC) oldest first) as curves
/// over [0, 1] (batch k of n at x = k / (n − 1)), with the test accuracy at training as the
/// baseline.
pub fn history_curves(points: &[HistoryPoint], reference: Option<f64>) -> Curves {
    let n = points.len();
    let x = |k: usize| if n > 1 { k as f64 / (n - 1) as f64 } else { 0.5 };
    let curve = |name: &str, f: &dyn Fn(&HistoryPoint) -> Option<f64>| Curve {
        name: name.into(),
        points: points.iter().enumerate().filter_map(|(k, p)| f(p).map(|v| (x(k), v))).collect(),
    };
    Curves {
        title: format!("{n} labelled batch{}", if n == 1 { "" } else { "es" }),
        x_label: "batches, oldest → newest".into(),
        y_label: "metric".into(),
        curves: vec![
            curve("accuracy", &|p| Some(p.0)),
            curve("F1", &|p| Some(p.1)),
            curve("ROC AUC", &|p| p.2),
        ],
        diagonal: None,
        baseline: reference.map(|r| ("test accuracy at training".to_string(), r)),
        markers: true,
    }
}

/// `text` with its first letter in upper case (chart titles).
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

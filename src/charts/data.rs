//! Chart data from engine results, shared by the page's canvases and the report's SVGs, so both
//! draw the same bars from the same numbers.

use super::bars::{Bar, RateBars};
use crate::engine::drift::{DriftReport, PREDICTION_LABEL};
use crate::engine::eda::CategoryRate;
use crate::engine::evaluate::Evaluation;
use crate::engine::segment::SegmentTable;

/// Purchase rate per category with Wilson whiskers and the overall rate; categories with fewer
/// than `small_n` customers are drawn pale (0: none).
pub fn category_rate_bars(
    column: &str,
    rates: &[CategoryRate],
    overall: f64,
    small_n: usize,
) -> RateBars {
    RateBars {
        title: format!("Purchase rate by {column}"),
        y_label: "purchase rate".into(),
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
    }
}

/// The first `max` segments' raw rates with Wilson whiskers and shrunk-rate markers, small
/// segments pale, in table order.
pub fn segment_rate_bars(title: &str, t: &SegmentTable, max: usize) -> RateBars {
    RateBars {
        title: title.into(),
        y_label: "purchase rate".into(),
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

//! Statistics of any assignment of rows to segments.

use serde::{Deserialize, Serialize};

use super::prior::{fit_prior, PriorFit};
use super::{SegmentError, Segmentation};
use crate::engine::stats::{wilson, Z95};

/// One segment's numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentStats {
    /// Index of the segment in the segmentation.
    pub segment: usize,
    pub label: String,
    pub n: u64,
    pub positives: u64,
    pub rate: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    /// (positives + α) / (n + α + β).
    pub shrunk_rate: f64,
    pub lift: f64,
    pub shrunk_lift: f64,
    /// Share of all buyers that are in this segment.
    pub share_of_positives: f64,
    /// n below `min_support`: read the rate with care.
    pub small_n: bool,
    /// Mean predicted probability of the segment's rows, when a model scored them.
    pub mean_proba: Option<f64>,
}

/// Every segment, sorted by shrunk lift (descending), with the prior and totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentTable {
    pub segments: Vec<SegmentStats>,
    pub overall_rate: f64,
    pub prior: PriorFit,
    pub min_support: u64,
    pub n: u64,
    pub positives: u64,
}

/// Statistics of `seg` for target `y` (1 = bought) and optional model probabilities.
pub fn segment_stats(
    seg: &Segmentation,
    y: &[u8],
    proba: Option<&[f64]>,
    min_support: u64,
) -> Result<SegmentTable, SegmentError> {
    if seg.assignment.len() != y.len() || proba.is_some_and(|p| p.len() != y.len()) {
        return Err(SegmentError::Length { assignment: seg.assignment.len(), target: y.len() });
    }
    if min_support == 0 {
        return Err(SegmentError::MinSupport);
    }
    let k = seg.labels.len();
    let mut counts = vec![(0u64, 0u64); k];
    let mut psum = vec![0.0f64; k];
    for (i, &s) in seg.assignment.iter().enumerate() {
        let Some(c) = counts.get_mut(s) else { continue };
        c.0 += 1;
        c.1 += y[i] as u64;
        if let Some(p) = proba {
            psum[s] += p[i];
        }
    }
    let n: u64 = counts.iter().map(|c| c.0).sum();
    let positives: u64 = counts.iter().map(|c| c.1).sum();
    let overall = positives as f64 / n.max(1) as f64;
    let prior = fit_prior(&counts);
    let lift = |r: f64| if overall > 0.0 { r / overall } else { 0.0 };
    let mut segments: Vec<SegmentStats> = counts
        .iter()
        .enumerate()
        .filter(|(_, c)| c.0 > 0)
        .map(|(s, &(n_s, k_s))| {
            let rate = k_s as f64 / n_s as f64;
            let (ci_low, ci_high) = wilson(k_s, n_s, Z95);
            let shrunk = (k_s as f64 + prior.alpha) / (n_s as f64 + prior.alpha + prior.beta);
            SegmentStats {
                segment: s,
                label: seg.labels[s].clone(),
                n: n_s,
                positives: k_s,
                rate,
                ci_low,
                ci_high,
                shrunk_rate: shrunk,
                lift: lift(rate),
                shrunk_lift: lift(shrunk),
                share_of_positives: k_s as f64 / positives.max(1) as f64,
                small_n: n_s < min_support,
                mean_proba: proba.map(|_| psum[s] / n_s as f64),
            }
        })
        .collect();
    segments
        .sort_by(|a, b| b.shrunk_lift.total_cmp(&a.shrunk_lift).then(a.segment.cmp(&b.segment)));
    Ok(SegmentTable { segments, overall_rate: overall, prior, min_support, n, positives })
}

impl SegmentTable {
    /// The documented CSV: `segment,label,n,positives,rate,ci_low,ci_high,shrunk_rate,lift,shrunk_lift,small_n`.
    pub fn to_csv(&self) -> String {
        let mut out = String::from(
            "segment,label,n,positives,rate,ci_low,ci_high,shrunk_rate,lift,shrunk_lift,small_n\n",
        );
        for s in &self.segments {
            let label = crate::engine::csv_out::escape_cell(&s.label);
            let label = if label.contains([',', '"', '\n']) {
                format!("\"{}\"", label.replace('"', "\"\""))
            } else {
                label
            };
            out += &format!(
                "{},{},{},{},{},{},{},{},{},{},{}\n",
                s.segment,
                label,
                s.n,
                s.positives,
                s.rate,
                s.ci_low,
                s.ci_high,
                s.shrunk_rate,
                s.lift,
                s.shrunk_lift,
                s.small_n
            );
        }
        out
    }
}

//! Propensity deciles: customers ranked by the model's probability, cut into equal groups, with
//! the gains table (buyers captured) and the gains curve.

use serde::{Deserialize, Serialize};

use super::Segmentation;

/// One group of the gains table (group 1 = highest propensity).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GainsRow {
    pub decile: usize,
    pub n: u64,
    pub buyers: u64,
    pub rate: f64,
    pub mean_proba: f64,
    /// Share of all buyers found in this and the higher groups.
    pub cumulative_capture: f64,
    pub lift: f64,
    pub cumulative_lift: f64,
}

/// The gains table and curve (share of customers contacted → share of buyers captured).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GainsTable {
    pub rows: Vec<GainsRow>,
    pub curve: Vec<(f64, f64)>,
}

/// Rows sorted by probability, highest first (ties keep row order).
fn ranked(proba: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..proba.len()).collect();
    order.sort_by(|&a, &b| proba[b].total_cmp(&proba[a]).then(a.cmp(&b)));
    order
}

/// Group (0-based) of each row when cut into `groups` equal parts by descending probability.
pub fn decile_segments(proba: &[f64], groups: usize) -> Segmentation {
    let groups = groups.clamp(1, proba.len().max(1));
    let mut assignment = vec![0usize; proba.len()];
    for (rank, &i) in ranked(proba).iter().enumerate() {
        assignment[i] = rank * groups / proba.len().max(1);
    }
    let labels = (1..=groups).map(|g| format!("decile {g}")).collect();
    Segmentation { assignment, labels }
}

/// The gains table of `y` (1 = bought) ranked by `proba`.
pub fn gains(y: &[u8], proba: &[f64], groups: usize) -> GainsTable {
    let seg = decile_segments(proba, groups);
    let g = seg.labels.len();
    let mut n = vec![0u64; g];
    let mut b = vec![0u64; g];
    let mut p = vec![0f64; g];
    for (i, &s) in seg.assignment.iter().enumerate() {
        n[s] += 1;
        b[s] += y[i] as u64;
        p[s] += proba[i];
    }
    let total_n: u64 = n.iter().sum();
    let total_b: u64 = b.iter().sum();
    let overall = total_b as f64 / total_n.max(1) as f64;
    let (mut cum_n, mut cum_b) = (0u64, 0u64);
    let mut rows = Vec::with_capacity(g);
    let mut curve = vec![(0.0, 0.0)];
    for d in 0..g {
        cum_n += n[d];
        cum_b += b[d];
        let rate = b[d] as f64 / n[d].max(1) as f64;
        let cum_rate = cum_b as f64 / cum_n.max(1) as f64;
        let lift = |r: f64| if overall > 0.0 { r / overall } else { 0.0 };
        rows.push(GainsRow {
            decile: d + 1,
            n: n[d],
            buyers: b[d],
            rate,
            mean_proba: p[d] / n[d].max(1) as f64,
            cumulative_capture: cum_b as f64 / total_b.max(1) as f64,
            lift: lift(rate),
            cumulative_lift: lift(cum_rate),
        });
        curve.push((cum_n as f64 / total_n.max(1) as f64, cum_b as f64 / total_b.max(1) as f64));
    }
    GainsTable { rows, curve }
}

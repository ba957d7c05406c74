//! ROC and precision–recall curves over distinct thresholds, and calibration bins.

use serde::{Deserialize, Serialize};

/// ROC curve points from (0, 0) to (1, 1).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RocCurve {
    pub fpr: Vec<f64>,
    pub tpr: Vec<f64>,
    /// Score threshold of each point (the first is +∞ in spirit; stored as 1 + max score).
    pub thresholds: Vec<f64>,
}

/// Precision–recall points, by decreasing threshold.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PrCurve {
    pub precision: Vec<f64>,
    pub recall: Vec<f64>,
    pub thresholds: Vec<f64>,
}

/// One calibration bin: predicted vs observed positive rate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CalibrationBin {
    pub lo: f64,
    pub hi: f64,
    pub n: usize,
    pub mean_score: f64,
    pub frac_positive: f64,
}

/// Cumulative (false positives, true positives, threshold) at each distinct score, descending.
fn binary_clf_curve(y_true: &[u8], score: &[f64]) -> Vec<(f64, f64, f64)> {
    let mut order: Vec<usize> = (0..score.len()).collect();
    order.sort_by(|&a, &b| score[b].total_cmp(&score[a]));
    let (mut fp, mut tp) = (0.0, 0.0);
    let mut out = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        if y_true[i] == 1 {
            tp += 1.0;
        } else {
            fp += 1.0;
        }
        let last_of_tie = order.get(k + 1).is_none_or(|&j| score[j] != score[i]);
        if last_of_tie {
            out.push((fp, tp, score[i]));
        }
    }
    out
}

/// ROC curve (every distinct threshold; scikit-learn's `drop_intermediate` only removes
/// collinear points, which do not change the area).
pub fn roc_curve(y_true: &[u8], score: &[f64]) -> RocCurve {
    let pts = binary_clf_curve(y_true, score);
    let (fp_total, tp_total) = pts.last().map_or((0.0, 0.0), |p| (p.0, p.1));
    let top = pts.first().map_or(1.0, |p| p.2 + 1.0);
    let mut roc = RocCurve { fpr: vec![0.0], tpr: vec![0.0], thresholds: vec![top] };
    for (fp, tp, t) in pts {
        roc.fpr.push(if fp_total > 0.0 { fp / fp_total } else { f64::NAN });
        roc.tpr.push(if tp_total > 0.0 { tp / tp_total } else { f64::NAN });
        roc.thresholds.push(t);
    }
    roc
}

impl RocCurve {
    /// Area by the trapezoidal rule.
    pub fn auc(&self) -> f64 {
        self.fpr
            .windows(2)
            .zip(self.tpr.windows(2))
            .map(|(x, y)| (x[1] - x[0]) * (y[1] + y[0]) / 2.0)
            .sum()
    }

    /// At most `max` points (evenly thinned, ends kept) for drawing.
    pub fn points(&self, max: usize) -> Vec<(f64, f64)> {
        thin(self.fpr.iter().copied().zip(self.tpr.iter().copied()).collect(), max)
    }
}

/// Precision–recall curve over distinct thresholds (descending), as scikit-learn's
/// `precision_recall_curve` before it reverses the arrays.
pub fn pr_curve(y_true: &[u8], score: &[f64]) -> PrCurve {
    let pts = binary_clf_curve(y_true, score);
    let tp_total = pts.last().map_or(0.0, |p| p.1);
    let mut pr = PrCurve::default();
    for (fp, tp, t) in pts {
        pr.precision.push(if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 });
        pr.recall.push(if tp_total > 0.0 { tp / tp_total } else { 0.0 });
        pr.thresholds.push(t);
    }
    pr
}

impl PrCurve {
    /// Σ (Rₙ − Rₙ₋₁)·Pₙ, starting from recall 0.
    pub fn average_precision(&self) -> f64 {
        let mut prev = 0.0;
        let mut ap = 0.0;
        for (p, r) in self.precision.iter().zip(&self.recall) {
            ap += (r - prev) * p;
            prev = *r;
        }
        ap
    }

    /// (recall, precision) points for drawing, at most `max`.
    pub fn points(&self, max: usize) -> Vec<(f64, f64)> {
        let mut pts = vec![(0.0, self.precision.first().copied().unwrap_or(1.0))];
        pts.extend(self.recall.iter().copied().zip(self.precision.iter().copied()));
        thin(pts, max)
    }
}

/// Uniform bins over [0, 1] (as scikit-learn's `calibration_curve(strategy="uniform")`);
/// empty bins are left out.
pub fn calibration_bins(y_true: &[u8], score: &[f64], n_bins: usize) -> Vec<CalibrationBin> {
    let n_bins = n_bins.max(1);
    let mut sums = vec![(0usize, 0.0f64, 0.0f64); n_bins];
    for (&y, &p) in y_true.iter().zip(score) {
        // searchsorted(bins[1:-1], p, side="left"): p on an inner edge goes to the lower bin.
        let b = ((p * n_bins as f64).ceil() as usize).saturating_sub(1).min(n_bins - 1);
        sums[b].0 += 1;
        sums[b].1 += p;
        sums[b].2 += y as f64;
    }
    sums.iter()
        .enumerate()
        .filter(|(_, s)| s.0 > 0)
        .map(|(b, s)| CalibrationBin {
            lo: b as f64 / n_bins as f64,
            hi: (b + 1) as f64 / n_bins as f64,
            n: s.0,
            mean_score: s.1 / s.0 as f64,
            frac_positive: s.2 / s.0 as f64,
        })
        .collect()
}

fn thin(pts: Vec<(f64, f64)>, max: usize) -> Vec<(f64, f64)> {
    if pts.len() <= max || max < 2 {
        return pts;
    }
    let step = (pts.len() - 1) as f64 / (max - 1) as f64;
    (0..max).map(|i| pts[((i as f64 * step).round() as usize).min(pts.len() - 1)]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auc_with_ties_by_hand() {
        // sklearn: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75
        let y = [0, 0, 1, 1];
        assert!((roc_curve(&y, &[0.1, 0.4, 0.35, 0.8]).auc() - 0.75).abs() < 1e-15);
        // A tie between a positive and a negative counts half: [0.5, 0.5] → 0.5
        assert!((roc_curve(&[0, 1], &[0.5, 0.5]).auc() - 0.5).abs() < 1e-15);
        // average_precision_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.8333...
        assert!(
            (pr_curve(&y, &[0.1, 0.4, 0.35, 0.8]).average_precision() - 5.0 / 6.0).abs() < 1e-15
        );
    }

    #[test]
    fn calibration_bins_average_within_bins() {
        let bins = calibration_bins(&[0, 1, 1, 0], &[0.1, 0.2, 0.9, 0.95], 2);
        assert_eq!(bins.len(), 2);
        assert_eq!(bins[0].n, 2);
        assert!((bins[0].mean_score - 0.15).abs() < 1e-12);
        assert_eq!(bins[1].frac_positive, 0.5);
    }
}

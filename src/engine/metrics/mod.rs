//! Binary classification metrics that equal scikit-learn's on the same predictions.
//!
//! Conventions (scikit-learn's): class 1 is positive; `zero_division = 0`; ROC AUC is the
//! trapezoid over distinct thresholds (ties grouped); average precision is Σ (Rₙ − Rₙ₋₁)·Pₙ with
//! no interpolation; log loss clips probabilities to [ε, 1 − ε] with ε = f64::EPSILON;
//! balanced accuracy averages the recall of the classes present in `y_true`.
//! `tests/metrics_oracle.rs` checks every field against cases computed by scikit-learn.

use crate::engine::math::ln;
mod curves;
mod report;

use serde::{Deserialize, Serialize};

pub use curves::{calibration_bins, pr_curve, roc_curve, CalibrationBin, PrCurve, RocCurve};
pub use report::classification_report;

/// Why metrics could not be computed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricsError {
    #[error("y_true has {y_true} values but y_pred has {y_pred}")]
    LengthMismatch { y_true: usize, y_pred: usize },
    #[error("no predictions to evaluate")]
    Empty,
}

/// Confusion matrix `[[tn, fp], [fn, tp]]`.
pub type Confusion = [[u64; 2]; 2];

/// Every binary metric of a set of predictions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinaryMetrics {
    pub n: usize,
    pub positives: usize,
    pub accuracy: f64,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub balanced_accuracy: f64,
    pub mcc: f64,
    pub confusion_matrix: Confusion,
    /// None without scores, or when `y_true` has one class (undefined).
    pub roc_auc: Option<f64>,
    pub average_precision: Option<f64>,
    pub log_loss: Option<f64>,
    pub brier: Option<f64>,
}

/// Counts of (tn, fp, fn, tp).
pub fn confusion(y_true: &[u8], y_pred: &[u8]) -> Confusion {
    let mut c = [[0u64; 2]; 2];
    for (&t, &p) in y_true.iter().zip(y_pred) {
        c[(t == 1) as usize][(p == 1) as usize] += 1;
    }
    c
}

fn ratio(a: f64, b: f64) -> f64 {
    if b == 0.0 {
        0.0
    } else {
        a / b
    }
}

/// Per-class (precision, recall, f1, support) for class 0 and class 1.
pub fn per_class(c: &Confusion) -> [(f64, f64, f64, u64); 2] {
    let [[tn, fp], [fn_, tp]] = c.map(|r| r.map(|x| x as f64));
    let row = |tp: f64, fp: f64, fn_: f64| {
        let p = ratio(tp, tp + fp);
        let r = ratio(tp, tp + fn_);
        (p, r, ratio(2.0 * tp, 2.0 * tp + fp + fn_), (tp + fn_) as u64)
    };
    // For class 0, "positives" are the negatives.
    [row(tn, fn_, fp), row(tp, fp, fn_)]
}

impl BinaryMetrics {
    /// Computes every metric; `y_score` is P(class 1).
    pub fn compute(
        y_true: &[u8],
        y_pred: &[u8],
        y_score: Option<&[f64]>,
    ) -> Result<Self, MetricsError> {
        if y_true.len() != y_pred.len() || y_score.is_some_and(|s| s.len() != y_true.len()) {
            return Err(MetricsError::LengthMismatch {
                y_true: y_true.len(),
                y_pred: y_pred.len(),
            });
        }
        if y_true.is_empty() {
            return Err(MetricsError::Empty);
        }
        let c = confusion(y_true, y_pred);
        let [[tn, fp], [fn_, tp]] = c.map(|r| r.map(|x| x as f64));
        let n = tn + fp + fn_ + tp;
        let [c0, c1] = per_class(&c);
        let recalls: Vec<f64> =
            [(c0.1, c0.3), (c1.1, c1.3)].iter().filter(|(_, s)| *s > 0).map(|(r, _)| *r).collect();
        let positives = (tp + fn_) as usize;
        let both = positives > 0 && positives < y_true.len();
        Ok(BinaryMetrics {
            n: y_true.len(),
            positives,
            accuracy: (tp + tn) / n,
            precision: c1.0,
            recall: c1.1,
            f1: c1.2,
            balanced_accuracy: recalls.iter().sum::<f64>() / recalls.len().max(1) as f64,
            mcc: mcc(&c),
            confusion_matrix: c,
            roc_auc: y_score.filter(|_| both).map(|s| roc_curve(y_true, s).auc()),
            average_precision: y_score
                .filter(|_| positives > 0)
                .map(|s| pr_curve(y_true, s).average_precision()),
            log_loss: y_score.map(|s| log_loss(y_true, s)),
            brier: y_score.map(|s| {
                y_true.iter().zip(s).map(|(&y, &p)| (y as f64 - p).powi(2)).sum::<f64>() / n
            }),
        })
    }

    /// These threshold metrics with the score-based ones (AUC, average precision, log loss,
    /// Brier) of `scored`, computed on the same rows and scores: they do not depend on the
    /// threshold, so a threshold change need not sort the scores again.
    pub fn with_scores_of(self, scored: &BinaryMetrics) -> BinaryMetrics {
        BinaryMetrics {
            roc_auc: scored.roc_auc,
            average_precision: scored.average_precision,
            log_loss: scored.log_loss,
            brier: scored.brier,
            ..self
        }
    }
}

/// Matthews correlation coefficient as scikit-learn computes it (0 when undefined).
pub fn mcc(c: &Confusion) -> f64 {
    let [[tn, fp], [fn_, tp]] = c.map(|r| r.map(|x| x as f64));
    let n = tn + fp + fn_ + tp;
    let t_sum = [tn + fp, fn_ + tp];
    let p_sum = [tn + fn_, fp + tp];
    let correct = tn + tp;
    let cov_ytyp = correct * n - (t_sum[0] * p_sum[0] + t_sum[1] * p_sum[1]);
    let cov_ypyp = n * n - (p_sum[0] * p_sum[0] + p_sum[1] * p_sum[1]);
    let cov_ytyt = n * n - (t_sum[0] * t_sum[0] + t_sum[1] * t_sum[1]);
    if cov_ypyp * cov_ytyt == 0.0 {
        0.0
    } else {
        cov_ytyp / (cov_ytyt * cov_ypyp).sqrt()
    }
}

/// Mean cross-entropy with probabilities clipped to [ε, 1 − ε] and rows renormalised.
pub fn log_loss(y_true: &[u8], p: &[f64]) -> f64 {
    let eps = f64::EPSILON;
    let total: f64 = y_true
        .iter()
        .zip(p)
        .map(|(&y, &p)| {
            let (p0, p1) = ((1.0 - p).clamp(eps, 1.0 - eps), p.clamp(eps, 1.0 - eps));
            let s = p0 + p1;
            -if y == 1 { ln(p1 / s) } else { ln(p0 / s) }
        })
        .sum();
    total / y_true.len().max(1) as f64
}

/// Predictions at a threshold: positive when `p >= threshold` (for 0.5 this differs from
/// scikit-learn's argmax only at exactly 0.5, where argmax picks class 0; we follow sklearn
/// there by using `>` at 0.5).
pub fn predict_at(scores: &[f64], threshold: f64) -> Vec<u8> {
    scores.iter().map(|&p| label_at(p, threshold)).collect()
}

/// The label of one score at `threshold` (see [`predict_at`]).
pub fn label_at(p: f64, threshold: f64) -> u8 {
    if threshold == 0.5 {
        (p > 0.5) as u8
    } else {
        (p >= threshold) as u8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_checked_small_case() {
        // tn=2, fp=1, fn=1, tp=2 → accuracy 4/6, precision 2/3, recall 2/3.
        let y = [0, 0, 0, 1, 1, 1];
        let p = [0, 0, 1, 0, 1, 1];
        let m = BinaryMetrics::compute(&y, &p, None).unwrap();
        assert_eq!(m.confusion_matrix, [[2, 1], [1, 2]]);
        assert!((m.accuracy - 4.0 / 6.0).abs() < 1e-15);
        assert!((m.precision - 2.0 / 3.0).abs() < 1e-15);
        // mcc = (tp·tn − fp·fn)/√((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = (4 − 1)/9 = 1/3
        assert!((m.mcc - 1.0 / 3.0).abs() < 1e-15);
        assert_eq!(m.roc_auc, None);
    }

    #[test]
    fn errors_on_mismatch_and_empty() {
        assert!(matches!(
            BinaryMetrics::compute(&[0, 1], &[0], None),
            Err(MetricsError::LengthMismatch { .. })
        ));
        assert_eq!(BinaryMetrics::compute(&[], &[], None).unwrap_err(), MetricsError::Empty);
    }

    #[test]
    fn score_metrics_carry_over_to_another_threshold() {
        let y = [0, 0, 1, 1, 0, 1];
        let s = [0.1, 0.7, 0.4, 0.9, 0.3, 0.6];
        let at = |t| BinaryMetrics::compute(&y, &predict_at(&s, t), Some(&s)).unwrap();
        let first = at(0.5);
        for t in [0.2, 0.35, 0.65] {
            let fast = BinaryMetrics::compute(&y, &predict_at(&s, t), None)
                .unwrap()
                .with_scores_of(&first);
            assert_eq!(fast, at(t), "threshold {t}");
        }
    }

    #[test]
    fn threshold_rule() {
        assert_eq!(predict_at(&[0.5, 0.6, 0.2], 0.5), vec![0, 1, 0]);
        assert_eq!(predict_at(&[0.3, 0.2], 0.3), vec![1, 0]);
    }
}

//! Which feature interacts most with a given one, for the dependence plot's colour: the idea of
//! SHAP's `approximate_interactions`.
//!
//! Sort the explained rows by the feature's own value and cut them into consecutive bins of
//! `clamp(n/10, 1, 50)` rows. Within a bin the feature's value hardly changes, so the spread of
//! its contribution there comes from the other features it interacts with. For every other
//! feature g, add up over the bins |Pearson r| between the feature's contribution and g's value;
//! the largest total wins. A categorical g is encoded, level by level, by the mean contribution
//! of the feature among rows with that level (so any level-dependent shift counts, whatever the
//! labels' order); missing values of g are left out of the bins' correlations. Bins with fewer
//! than 3 usable rows or no spread add nothing. No winner (None) when every total is 0.

use super::contributions::Contributions;
use super::global::code_value;
use crate::engine::dataset::FeatureValues;

/// The feature interacting most with `feature` over the explained rows, if any.
pub fn strongest_interaction(
    c: &Contributions,
    cols: &[FeatureValues],
    feature: usize,
) -> Option<usize> {
    let n = c.len();
    let phi: Vec<f64> = (0..n).map(|i| c.row(i)[feature]).collect();
    let own = values(&cols[feature], &c.rows);
    // By value, missing last, ties in row order.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        (own[a].is_nan(), own[a]).partial_cmp(&(own[b].is_nan(), own[b])).unwrap_or(a.cmp(&b))
    });
    let bin = (n / 10).clamp(1, 50);
    let mut best: Option<(usize, f64)> = None;
    for g in (0..c.features.len()).filter(|&g| g != feature) {
        let x = encoded(&cols[g], &c.rows, &phi);
        let score: f64 = order.chunks(bin).map(|rows| abs_correlation(rows, &phi, &x)).sum();
        if score > best.map_or(0.0, |b| b.1) {
            best = Some((g, score));
        }
    }
    best.map(|b| b.0)
}

/// Values of the explained rows (label codes for a categorical feature; NaN for missing).
fn values(col: &FeatureValues, rows: &[usize]) -> Vec<f64> {
    match col {
        FeatureValues::Numeric(v) => rows.iter().map(|&r| v[r]).collect(),
        FeatureValues::Categorical { codes, .. } => {
            rows.iter().map(|&r| code_value(codes[r])).collect()
        }
    }
}

/// Numeric values as they are; labels as the mean of `phi` over the rows with that label.
fn encoded(col: &FeatureValues, rows: &[usize], phi: &[f64]) -> Vec<f64> {
    let raw = values(col, rows);
    if matches!(col, FeatureValues::Numeric(_)) {
        return raw;
    }
    let levels = raw.iter().filter(|v| !v.is_nan()).fold(0usize, |m, &v| m.max(v as usize + 1));
    let mut sum = vec![0.0; levels];
    let mut count = vec![0usize; levels];
    for (v, p) in raw.iter().zip(phi).filter(|(v, _)| !v.is_nan()) {
        sum[*v as usize] += p;
        count[*v as usize] += 1;
    }
    raw.iter()
        .map(|&v| if v.is_nan() { v } else { sum[v as usize] / count[v as usize] as f64 })
        .collect()
}

/// |Pearson r| of `phi` and `x` over `rows` where x is present (0 without spread or < 3 rows).
fn abs_correlation(rows: &[usize], phi: &[f64], x: &[f64]) -> f64 {
    let pairs: Vec<(f64, f64)> =
        rows.iter().filter(|&&i| !x[i].is_nan()).map(|&i| (x[i], phi[i])).collect();
    pearson(&pairs).map_or(0.0, f64::abs)
}

/// Pearson correlation of the pairs (None below 3 pairs, or when either side has no spread
/// beyond rounding noise).
pub(super) fn pearson(pairs: &[(f64, f64)]) -> Option<f64> {
    if pairs.len() < 3 {
        return None;
    }
    let n = pairs.len() as f64;
    let (sx, sy) = pairs.iter().fold((0.0, 0.0), |(a, b), p| (a + p.0, b + p.1));
    let (mx, my) = (sx / n, sy / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (x, y) in pairs {
        let (dx, dy) = (x - mx, y - my);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    (sxx > 1e-24 && syy > 1e-24).then(|| sxy / (sxx * syy).sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contributions(phi: &[[f64; 3]]) -> Contributions {
        Contributions {
            features: vec!["a".into(), "b".into(), "c".into()],
            base: 0.5,
            rows: (0..phi.len()).collect(),
            proba: vec![0.5; phi.len()],
            values: phi.iter().flatten().copied().collect(),
        }
    }

    #[test]
    fn finds_the_feature_that_drives_the_spread_within_bins() {
        // 40 rows: a's contribution is a·b-ish (an interaction with b), c is noise-free but
        // unrelated to a's contribution within bins of a.
        let n = 40;
        let a: Vec<f64> = (0..n).map(|i| (i / 4) as f64).collect();
        let b: Vec<f64> = (0..n).map(|i| ((i * 7) % 5) as f64).collect();
        let c: Vec<f64> = (0..n).map(|i| ((i * 3) % 4 == 0) as u8 as f64).collect();
        let phi: Vec<[f64; 3]> = (0..n).map(|i| [0.01 * a[i] * (b[i] - 2.0), 0.0, 0.0]).collect();
        let cols = vec![
            FeatureValues::Numeric(a.into()),
            FeatureValues::Numeric(b.into()),
            FeatureValues::Numeric(c.into()),
        ];
        assert_eq!(strongest_interaction(&contributions(&phi), &cols, 0), Some(1));
        // Nothing varies within bins: no partner.
        let flat: Vec<[f64; 3]> = (0..n).map(|i| [0.01 * (i / 4) as f64, 0.0, 0.0]).collect();
        assert_eq!(strongest_interaction(&contributions(&flat), &cols, 0), None);
    }

    #[test]
    fn labels_count_by_their_mean_contribution_whatever_their_order() {
        // b is categorical: label 2 raises a's contribution, labels 0 and 1 do not; a Pearson
        // on label codes would see a weak relation, the encoding sees it fully.
        let n = 30;
        let codes: Vec<u32> = (0..n).map(|i| (i % 3) as u32).collect();
        let phi: Vec<[f64; 3]> =
            (0..n).map(|i| [if codes[i] == 2 { 0.2 } else { -0.1 }, 0.0, 0.0]).collect();
        let cols = vec![
            FeatureValues::Numeric(vec![1.0; n].into()),
            FeatureValues::Categorical {
                codes: codes.into(),
                levels: vec!["x".into(), "y".into(), "z".into()],
            },
            FeatureValues::Numeric((0..n).map(|i| i as f64).collect::<Vec<_>>().into()),
        ];
        let x = encoded(
            &cols[1],
            &(0..n).collect::<Vec<_>>(),
            &phi.iter().map(|p| p[0]).collect::<Vec<_>>(),
        );
        assert!((x[0] - -0.1).abs() < 1e-15 && (x[2] - 0.2).abs() < 1e-15, "{x:?}");
        assert_eq!(strongest_interaction(&contributions(&phi), &cols, 0), Some(1));
    }

    #[test]
    fn correlation_by_hand() {
        // φ = (1, 2, 3), x = (2, 4, 7): means 2 and 13/3; Σdφdx = (−1)(−7/3) + 0 + (1)(8/3) = 5,
        // Σdx² = 49/9 + 1/9 + 64/9 = 114/9, Σdφ² = 2 → r = 5/√(2·114/9) = 5/5.0332… = 0.99340.
        let r = abs_correlation(&[0, 1, 2], &[1.0, 2.0, 3.0], &[2.0, 4.0, 7.0]);
        assert!((r - 5.0 / (2.0 * 114.0 / 9.0f64).sqrt()).abs() < 1e-12, "{r}");
        assert_eq!(abs_correlation(&[0, 1], &[1.0, 2.0], &[2.0, 4.0]), 0.0, "too few rows");
        assert_eq!(abs_correlation(&[0, 1, 2], &[1.0, 1.0, 1.0], &[2.0, 4.0, 7.0]), 0.0);
    }
}

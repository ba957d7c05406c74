//! Training profiles for drift: decile bins of numeric features, label shares of categorical
//! ones, and ten equal-width bins of the predicted scores. The counting itself is
//! `drift::bins`, the same code that bins a batch later.

use super::FeatureProfile;
use crate::engine::dataset::{Feature, FeatureValues};
use crate::engine::drift::{bin_labels, label_counts, numeric_counts, shares};
use crate::engine::stats::{quantile_sorted, sorted_present};

/// Decile bins (numeric) or label shares (categorical) of a training feature.
pub fn profile(f: &Feature) -> FeatureProfile {
    match &f.values {
        FeatureValues::Numeric(v) => {
            let s = sorted_present(v);
            // Increasing finite edges (a model file requires them): interpolated deciles of
            // values near ±1.8e308 can round out of order or overflow.
            let mut edges: Vec<f64> = Vec::with_capacity(9);
            for x in (1..10).map(|k| quantile_sorted(&s, k as f64 / 10.0)) {
                if x.is_finite() && edges.last().is_none_or(|&last| x > last) {
                    edges.push(x);
                }
            }
            numeric_profile(&f.name, edges, v)
        }
        FeatureValues::Categorical { codes, levels } => {
            let counts = label_counts(levels, codes, levels).counts;
            let mut bins = levels.clone();
            bins.push("missing".into());
            FeatureProfile {
                name: f.name.clone(),
                edges: Vec::new(),
                bins,
                shares: shares(&counts, codes.len()),
            }
        }
    }
}

/// Name of the score profile.
pub const SCORE_PROFILE_NAME: &str = "score";

/// Ten equal-width bins on [0, 1] of predicted probabilities (NaN in "missing").
pub fn score_profile(scores: &[f64]) -> FeatureProfile {
    let edges: Vec<f64> = (1..10).map(|k| k as f64 / 10.0).collect();
    numeric_profile(SCORE_PROFILE_NAME, edges, scores)
}

fn numeric_profile(name: &str, edges: Vec<f64>, values: &[f64]) -> FeatureProfile {
    let counts = numeric_counts(&edges, values);
    FeatureProfile {
        name: name.to_string(),
        bins: bin_labels(&edges),
        shares: shares(&counts, values.len()),
        edges,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::MISSING_CODE;

    #[test]
    fn numeric_profile_has_deciles_and_a_missing_bin() {
        let v: Vec<f64> = (1..=10).map(f64::from).chain([f64::NAN, f64::NAN]).collect();
        let p = profile(&Feature {
            name: "x".into(),
            values: FeatureValues::Numeric(std::sync::Arc::new(v)),
        });
        // Deciles of 1..=10 by linear interpolation: 1.9, 2.8, …, 9.1.
        assert_eq!(p.edges.len(), 9);
        assert!((p.edges[0] - 1.9).abs() < 1e-12);
        assert_eq!(p.bins.len(), 11);
        assert_eq!(p.bins.last().map(String::as_str), Some("missing"));
        // 12 rows: one value per value bin, two missing.
        assert!((p.shares[0] - 1.0 / 12.0).abs() < 1e-12);
        assert!((p.shares[10] - 2.0 / 12.0).abs() < 1e-12);
    }

    #[test]
    fn categorical_profile_shares_labels() {
        let values = FeatureValues::Categorical {
            codes: std::sync::Arc::new(vec![0, 1, 1, MISSING_CODE]),
            levels: vec!["a".into(), "b".into()],
        };
        let p = profile(&Feature { name: "g".into(), values });
        assert_eq!(p.bins, vec!["a", "b", "missing"]);
        assert_eq!(p.shares, vec![0.25, 0.5, 0.25]);
    }

    #[test]
    fn scores_use_ten_equal_bins() {
        let p = score_profile(&[0.05, 0.1, 0.15, 0.95, 1.0]);
        assert_eq!(p.edges.len(), 9);
        assert_eq!(p.edges[2], 0.3);
        // 0.05 and 0.1 in (−∞, 0.1]; 0.15 in (0.1, 0.2]; 0.95 and 1.0 in (0.9, ∞)
        assert_eq!(p.shares[0], 0.4);
        assert_eq!(p.shares[1], 0.2);
        assert_eq!(p.shares[9], 0.4);
        assert_eq!(p.name, SCORE_PROFILE_NAME);
    }
}

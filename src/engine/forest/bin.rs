//! Binning: every feature becomes `u8` codes once, before the first tree.
//!
//! Numeric features get at most `max_bins − 1` cut points taken at quantiles of the training
//! values (midpoints between neighbouring distinct values, as scikit-learn's thresholds are);
//! code `b` holds values in (cut[b−1], cut[b]], and [`MISSING_BIN`] holds NaN. Categorical
//! features use their label code directly. The matrix is column-major: `codes[f * n + row]`.

use serde::{Deserialize, Serialize};

use super::error::FitError;
use super::tree::Thresholds;
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::table::MISSING_CODE;

/// Code of a missing value in every feature.
pub const MISSING_BIN: u8 = 255;

/// How one feature is binned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeatureBins {
    /// Ascending cut points; `n_bins = cuts.len() + 1`.
    Numeric { cuts: Vec<f64> },
    /// `n_levels` categories, code = label code.
    Categorical { n_levels: usize },
}

impl FeatureBins {
    /// Number of non-missing bins.
    pub fn n_bins(&self) -> usize {
        match self {
            FeatureBins::Numeric { cuts } => cuts.len() + 1,
            FeatureBins::Categorical { n_levels } => *n_levels,
        }
    }
}

/// Binned features of a dataset.
#[derive(Debug, Clone, PartialEq)]
pub struct Binned {
    pub bins: Vec<FeatureBins>,
    pub codes: Vec<u8>,
    pub n_rows: usize,
}

impl Binned {
    /// The numeric cut points per feature (empty for categorical ones), which the trees'
    /// numeric splits refer to by index (checked when bins come from elsewhere, see
    /// [`check_bins`]; an unusable table reads as empty).
    pub fn thresholds(&self) -> Thresholds {
        let lists = self.bins.iter().map(|b| match b {
            FeatureBins::Numeric { cuts } => cuts.clone(),
            FeatureBins::Categorical { .. } => Vec::new(),
        });
        Thresholds::new(lists.collect()).unwrap_or_default()
    }

    /// Codes of feature `f` for every row.
    pub fn column(&self, f: usize) -> &[u8] {
        &self.codes[f * self.n_rows..(f + 1) * self.n_rows]
    }
}

/// Checks bins made elsewhere (a plan sent by another worker): at most 254 cuts or labels per
/// feature, cuts ascending and finite.
pub fn check_bins(bins: &[FeatureBins]) -> Result<(), String> {
    for (f, b) in bins.iter().enumerate() {
        if b.n_bins() > 255 {
            return Err(format!("feature {f} has {} bins, more than 255", b.n_bins()));
        }
        if let FeatureBins::Numeric { cuts } = b {
            if !cuts.iter().all(|c| c.is_finite()) || !cuts.windows(2).all(|w| w[0] < w[1]) {
                return Err(format!("cuts of feature {f} are not increasing finite numbers"));
            }
        }
    }
    Ok(())
}

/// Bins every feature of `data`, learning cut points from `rows` only.
pub fn bin_dataset(data: &Dataset, rows: &[usize], max_bins: usize) -> Result<Binned, FitError> {
    let n = data.n_rows();
    let mut bins = Vec::with_capacity(data.features.len());
    let mut codes = Vec::with_capacity(n * data.features.len());
    for f in &data.features {
        match &f.values {
            FeatureValues::Numeric(v) => {
                let cuts = quantile_cuts(v, rows, max_bins);
                codes.extend(v.iter().map(|&x| numeric_code(&cuts, x)));
                bins.push(FeatureBins::Numeric { cuts });
            }
            FeatureValues::Categorical { codes: c, levels } => {
                if levels.len() > 254 {
                    return Err(FitError::TooManyCategories {
                        feature: f.name.clone(),
                        n: levels.len(),
                    });
                }
                codes.extend(
                    c.iter().map(|&k| if k == MISSING_CODE { MISSING_BIN } else { k as u8 }),
                );
                bins.push(FeatureBins::Categorical { n_levels: levels.len() });
            }
        }
    }
    Ok(Binned { bins, codes, n_rows: n })
}

/// The bin of `x` given ascending `cuts`.
pub fn numeric_code(cuts: &[f64], x: f64) -> u8 {
    if x.is_nan() {
        MISSING_BIN
    } else {
        cuts.partition_point(|&c| c < x) as u8
    }
}

/// Cut points between distinct training values: all midpoints when there are few distinct
/// values, else midpoints at evenly spaced quantiles.
fn quantile_cuts(v: &[f64], rows: &[usize], max_bins: usize) -> Vec<f64> {
    // Values equal under `total_cmp` are the same bits, so an unstable sort gives the same order.
    let mut all: Vec<f64> = rows.iter().map(|&r| v[r]).filter(|x| !x.is_nan()).collect();
    all.sort_unstable_by(f64::total_cmp);
    let max_cuts = max_bins.saturating_sub(1).min(254);
    // The distinct values, while there are few enough for a cut between each pair.
    let mut present: Vec<f64> = Vec::with_capacity(max_cuts + 2);
    for &x in &all {
        if present.last() != Some(&x) {
            present.push(x);
            if present.len() > max_cuts + 1 {
                break;
            }
        }
    }
    if present.len() <= max_cuts + 1 {
        return present.windows(2).map(|w| midpoint(w[0], w[1])).collect();
    }
    // Distinct values weighted equally is a good-enough quantile basis for cut placement;
    // weight by frequency instead so that dense regions get more cuts.
    let mut cuts = Vec::with_capacity(max_cuts);
    for k in 1..=max_cuts {
        let i = (k * all.len()) / (max_cuts + 1);
        let (a, b) = (all[i.saturating_sub(1)], all[i.min(all.len() - 1)]);
        let c = if a < b { midpoint(a, b) } else { next_cut(&all, i) };
        if c.is_finite() && cuts.last().is_none_or(|&last| c > last) {
            cuts.push(c);
        }
    }
    cuts
}

/// Midpoint between the value at `i` and the next larger value.
fn next_cut(sorted: &[f64], i: usize) -> f64 {
    let a = sorted[i];
    match sorted[i..].iter().find(|&&x| x > a) {
        Some(&b) => midpoint(a, b),
        None => f64::NAN,
    }
}

fn midpoint(a: f64, b: f64) -> f64 {
    let m = a / 2.0 + b / 2.0;
    // Guard against rounding landing on b (then b would fall on the left side).
    if m >= b {
        a
    } else {
        m
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_distinct_values_get_midpoint_cuts() {
        let v = [1.0, 2.0, 2.0, 4.0, f64::NAN];
        let cuts = quantile_cuts(&v, &[0, 1, 2, 3, 4], 255);
        assert_eq!(cuts, vec![1.5, 3.0]);
        assert_eq!(numeric_code(&cuts, 1.0), 0);
        assert_eq!(numeric_code(&cuts, 2.0), 1);
        assert_eq!(numeric_code(&cuts, 3.0), 1, "values equal to a cut go left");
        assert_eq!(numeric_code(&cuts, 9.0), 2);
        assert_eq!(numeric_code(&cuts, f64::NAN), MISSING_BIN);
    }

    #[test]
    fn many_values_are_capped_and_ascending() {
        let v: Vec<f64> = (0..10_000).map(|i| (i % 997) as f64 * 1.5).collect();
        let rows: Vec<usize> = (0..v.len()).collect();
        let cuts = quantile_cuts(&v, &rows, 32);
        assert!(cuts.len() <= 31 && cuts.len() > 20, "{}", cuts.len());
        assert!(cuts.windows(2).all(|w| w[0] < w[1]));
    }
}

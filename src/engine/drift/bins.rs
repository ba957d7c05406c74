//! Binning of one column against a profile's bins. Training profiles (`model_io::profile`) and
//! batches (`report`) both count through these functions, so a value always lands in the same
//! bin on both sides.
//!
//! Numeric: bin `b` holds values in `(edges[b-1], edges[b]]` (found with
//! `edges.partition_point(|&e| e < x)`), and the bin after the last edge's bin holds NaN.
//! Categorical: one bin per training label (matched by text), then a "missing" bin that also
//! takes labels never seen in training, as the trees treat them.

use std::collections::HashMap;

use crate::engine::model_io::{FeatureProfile, ModelIoError};
use crate::engine::table::{ColumnData, MISSING_CODE};

/// A batch column binned with a training profile.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchShares {
    /// Share of the batch rows per bin of the profile (same order as its `bins`).
    pub shares: Vec<f64>,
    /// Rows whose label was not seen in training (counted in "missing").
    pub unseen_rows: usize,
    /// Those labels, in order of first appearance.
    pub unseen_labels: Vec<String>,
}

/// Bins a batch column with `profile`: numeric values by its edges, labels by its bin names.
/// A profile whose bins do not fit the column (a numeric profile for text) is an error.
pub fn batch_shares(
    profile: &FeatureProfile,
    data: &ColumnData,
) -> Result<BatchShares, ModelIoError> {
    let (counts, unseen_rows, unseen_labels) = match data {
        ColumnData::Numeric(v) => (numeric_counts(&profile.edges, v), 0, Vec::new()),
        ColumnData::Categorical { codes, levels } => {
            let labels = &profile.bins[..profile.bins.len().saturating_sub(1)];
            let c = label_counts(labels, codes, levels);
            (c.counts, c.unseen_rows, c.unseen_labels)
        }
    };
    if counts.len() != profile.bins.len() || profile.shares.len() != profile.bins.len() {
        return Err(ModelIoError::Invalid(format!(
            "the training profile of \"{}\" does not fit its column",
            profile.name
        )));
    }
    Ok(BatchShares { shares: shares(&counts, data.len()), unseen_rows, unseen_labels })
}

/// The bin of `x` among `edges.len() + 2` bins (the last one is "missing").
pub fn numeric_bin(edges: &[f64], x: f64) -> usize {
    if x.is_nan() {
        edges.len() + 1
    } else {
        edges.partition_point(|&e| e < x)
    }
}

/// Rows per bin of `values`: `edges.len() + 1` value bins, then "missing".
pub fn numeric_counts(edges: &[f64], values: &[f64]) -> Vec<usize> {
    let mut counts = vec![0usize; edges.len() + 2];
    for &x in values {
        counts[numeric_bin(edges, x)] += 1;
    }
    counts
}

/// Rows per training label of a categorical column, and the labels it has that training lacked.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelCounts {
    /// One count per training label, then "missing" (which includes the unseen labels).
    pub counts: Vec<usize>,
    /// Rows whose label was not seen in training.
    pub unseen_rows: usize,
    /// Those labels, in order of first appearance in `levels`.
    pub unseen_labels: Vec<String>,
}

/// Counts `codes` (into `levels`) per label of `training` (matched by text).
pub fn label_counts(training: &[String], codes: &[u32], levels: &[String]) -> LabelCounts {
    let index: HashMap<&str, usize> =
        training.iter().enumerate().map(|(i, l)| (l.as_str(), i)).collect();
    let missing = training.len();
    let map: Vec<Option<usize>> = levels.iter().map(|l| index.get(l.as_str()).copied()).collect();
    let mut counts = vec![0usize; missing + 1];
    let mut unseen_per_level = vec![0usize; levels.len()];
    for &c in codes {
        if c == MISSING_CODE {
            counts[missing] += 1;
            continue;
        }
        match map.get(c as usize).copied().flatten() {
            Some(b) => counts[b] += 1,
            None => {
                counts[missing] += 1;
                if let Some(n) = unseen_per_level.get_mut(c as usize) {
                    *n += 1;
                }
            }
        }
    }
    let unseen_labels = levels
        .iter()
        .zip(&unseen_per_level)
        .filter(|(_, &n)| n > 0)
        .map(|(l, _)| l.clone())
        .collect();
    LabelCounts { counts, unseen_rows: unseen_per_level.iter().sum(), unseen_labels }
}

/// Readable names of the numeric bins of `edges`, then "missing".
pub fn bin_labels(edges: &[f64]) -> Vec<String> {
    let n = edges.len() + 1;
    let mut labels: Vec<String> = (0..n)
        .map(|b| match (b.checked_sub(1).map(|i| edges[i]), edges.get(b)) {
            (None, Some(hi)) => format!("≤ {hi}"),
            (Some(lo), Some(hi)) => format!("{lo} – {hi}"),
            (Some(lo), None) => format!("> {lo}"),
            (None, None) => "all".into(),
        })
        .collect();
    labels.push("missing".into());
    labels
}

/// `counts` as fractions of `n` rows (all zero when `n` is 0).
pub fn shares(counts: &[usize], n: usize) -> Vec<f64> {
    counts.iter().map(|&c| c as f64 / n.max(1) as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_bins_are_right_closed_and_nan_is_missing() {
        let edges = [10.0, 20.0];
        // (−∞, 10], (10, 20], (20, ∞), missing
        assert_eq!(numeric_bin(&edges, 10.0), 0);
        assert_eq!(numeric_bin(&edges, 10.5), 1);
        assert_eq!(numeric_bin(&edges, 20.0), 1);
        assert_eq!(numeric_bin(&edges, 99.0), 2);
        assert_eq!(numeric_bin(&edges, f64::NAN), 3);
        assert_eq!(numeric_counts(&edges, &[1.0, 15.0, 25.0, f64::NAN, 30.0]), vec![1, 1, 2, 1]);
        assert_eq!(bin_labels(&edges), vec!["≤ 10", "10 – 20", "> 20", "missing"]);
        assert_eq!(bin_labels(&[]), vec!["all", "missing"]);
    }

    #[test]
    fn labels_match_by_text_and_unseen_go_to_missing() {
        let training = vec!["Male".to_string(), "Female".to_string()];
        let levels = vec!["Female".to_string(), "Other".to_string(), "Male".to_string()];
        let codes = [0, 1, 2, 2, MISSING_CODE, 1];
        let c = label_counts(&training, &codes, &levels);
        // Male 2, Female 1, missing 1 + unseen "Other" 2
        assert_eq!(c.counts, vec![2, 1, 3]);
        assert_eq!(c.unseen_rows, 2);
        assert_eq!(c.unseen_labels, vec!["Other"]);
    }

    #[test]
    fn batches_bin_with_the_profile() {
        let numeric = FeatureProfile {
            name: "x".into(),
            edges: vec![10.0],
            bins: bin_labels(&[10.0]),
            shares: vec![0.5, 0.5, 0.0],
        };
        let b =
            batch_shares(&numeric, &ColumnData::numbers(vec![5.0, 20.0, 30.0, f64::NAN])).unwrap();
        assert_eq!(b.shares, vec![0.25, 0.5, 0.25]);
        let labels = FeatureProfile {
            name: "g".into(),
            edges: Vec::new(),
            bins: vec!["a".into(), "missing".into()],
            shares: vec![1.0, 0.0],
        };
        let data = ColumnData::Categorical {
            codes: std::sync::Arc::new(vec![0, 1, 1, 0]),
            levels: vec!["a".into(), "z".into()],
        };
        let b = batch_shares(&labels, &data).unwrap();
        assert_eq!((b.shares, b.unseen_rows), (vec![0.5, 0.5], 2));
        // A categorical profile cannot bin numbers (2 bins from no edges, 3 in the profile).
        let three = FeatureProfile {
            bins: vec!["a".into(), "b".into(), "missing".into()],
            shares: vec![0.5, 0.5, 0.0],
            ..labels
        };
        assert!(matches!(
            batch_shares(&three, &ColumnData::numbers(vec![1.0])),
            Err(ModelIoError::Invalid(_))
        ));
    }

    #[test]
    fn shares_of_no_rows_are_zero() {
        assert_eq!(shares(&[1, 3], 4), vec![0.25, 0.75]);
        assert_eq!(shares(&[0, 0], 0), vec![0.0, 0.0]);
    }
}

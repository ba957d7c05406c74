//! The logistic regression's inputs, learnt on the training rows only, as scikit-learn's
//! `ColumnTransformer` would make them:
//!
//! - a numeric feature: missing values filled with the training mean (`SimpleImputer(mean)`),
//!   then standardized (`StandardScaler`: the mean and the population SD of the *imputed*
//!   training column; an SD of 0 scales by 1);
//! - a categorical feature: missing values filled with the most frequent training label (ties:
//!   the smallest label, as `SimpleImputer(most_frequent)`), then one column per label seen in
//!   training (`OneHotEncoder(handle_unknown="ignore")`: an unseen label is all zeros);
//! - a missing indicator (1 where the value is missing, unscaled) for every feature with a
//!   missing value in the training rows (`MissingIndicator(features="missing-only")`).
//!
//! Columns are numbered: standardized numbers, then missing indicators (numeric features first),
//! then each categorical feature's labels (in label-code order). One-hot columns are not stored:
//! a row's code picks its column ([`Encoded`]).

use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::table::MISSING_CODE;

/// How one numeric feature is prepared.
#[derive(Debug, Clone, PartialEq)]
struct NumericPrep {
    feature: usize,
    mean: f64,
    scale: f64,
}

/// How one categorical feature is prepared.
#[derive(Debug, Clone, PartialEq)]
struct CategoricalPrep {
    feature: usize,
    /// Per label code: its one-hot column within the block (None: not seen in training).
    column: Vec<Option<u32>>,
    /// Code filled in for missing values.
    mode: u32,
}

/// The learnt preparation, and the name of every column.
#[derive(Debug, Clone, PartialEq)]
pub struct Design {
    numeric: Vec<NumericPrep>,
    categorical: Vec<CategoricalPrep>,
    /// Features given a missing indicator, numeric ones first.
    indicators: Vec<usize>,
    /// `feature`, `feature=label` or `missing(feature)`, in column order.
    pub names: Vec<String>,
}

/// Prepared rows: dense columns (standardized numbers and indicators) and, per categorical
/// feature, the one-hot column of each row (`u32::MAX`: none).
#[derive(Debug, Clone, PartialEq)]
pub struct Encoded {
    pub n: usize,
    /// Columns `0..dense.len()`.
    pub dense: Vec<Vec<f64>>,
    /// (first column of the block, column within the block of each row).
    pub blocks: Vec<(usize, Vec<u32>)>,
    /// Total columns.
    pub p: usize,
}

impl Design {
    /// Learns the preparation from `rows` of `data`.
    pub fn learn(data: &Dataset, rows: &[usize]) -> Design {
        let (mut numeric, mut categorical) = (Vec::new(), Vec::new());
        let (mut num_missing, mut cat_missing) = (Vec::new(), Vec::new());
        for (f, feature) in data.features.iter().enumerate() {
            match &feature.values {
                FeatureValues::Numeric(v) => {
                    let present: Vec<f64> =
                        rows.iter().map(|&r| v[r]).filter(|x| !x.is_nan()).collect();
                    let mean = if present.is_empty() {
                        0.0
                    } else {
                        present.iter().sum::<f64>() / present.len() as f64
                    };
                    // Imputed rows sit at the mean: they add nothing to the sum of squares but
                    // count in n.
                    let ss: f64 = present.iter().map(|x| (x - mean) * (x - mean)).sum();
                    let sd = (ss / rows.len().max(1) as f64).sqrt();
                    let scale = if sd > 0.0 && sd.is_finite() { sd } else { 1.0 };
                    numeric.push(NumericPrep { feature: f, mean, scale });
                    if present.len() < rows.len() {
                        num_missing.push(f);
                    }
                }
                FeatureValues::Categorical { codes, levels } => {
                    let mut count = vec![0usize; levels.len()];
                    let mut missing = false;
                    for &r in rows {
                        match codes[r] {
                            MISSING_CODE => missing = true,
                            c => count[c as usize] += 1,
                        }
                    }
                    // Most frequent; ties go to the smallest label.
                    let mode = (0..levels.len())
                        .filter(|&c| count[c] > 0)
                        .max_by(|&a, &b| count[a].cmp(&count[b]).then(levels[b].cmp(&levels[a])))
                        .unwrap_or(0) as u32;
                    let mut next = 0u32;
                    let column = (0..levels.len())
                        .map(|c| {
                            let seen = count[c] > 0 || (missing && c as u32 == mode);
                            seen.then(|| {
                                next += 1;
                                next - 1
                            })
                        })
                        .collect();
                    categorical.push(CategoricalPrep { feature: f, column, mode });
                    if missing {
                        cat_missing.push(f);
                    }
                }
            }
        }
        let indicators: Vec<usize> = num_missing.into_iter().chain(cat_missing).collect();
        let mut names: Vec<String> =
            numeric.iter().map(|p| data.features[p.feature].name.clone()).collect();
        names.extend(indicators.iter().map(|&f| format!("missing({})", data.features[f].name)));
        for c in &categorical {
            let feature = &data.features[c.feature];
            let FeatureValues::Categorical { levels, .. } = &feature.values else { continue };
            for (code, col) in c.column.iter().enumerate() {
                if col.is_some() {
                    names.push(format!("{}={}", feature.name, levels[code]));
                }
            }
        }
        Design { numeric, categorical, indicators, names }
    }

    /// Columns in all.
    pub fn width(&self) -> usize {
        self.names.len()
    }

    /// `rows` of `data` (the dataset learnt from, or one with the same features) prepared.
    pub fn encode(&self, data: &Dataset, rows: &[usize]) -> Encoded {
        let mut dense: Vec<Vec<f64>> =
            Vec::with_capacity(self.numeric.len() + self.indicators.len());
        for p in &self.numeric {
            let FeatureValues::Numeric(v) = &data.features[p.feature].values else { continue };
            dense.push(
                rows.iter()
                    .map(|&r| if v[r].is_nan() { 0.0 } else { (v[r] - p.mean) / p.scale })
                    .collect(),
            );
        }
        for &f in &self.indicators {
            dense.push(rows.iter().map(|&r| missing(data, f, r)).collect());
        }
        let mut at = dense.len();
        let mut blocks = Vec::with_capacity(self.categorical.len());
        for c in &self.categorical {
            let FeatureValues::Categorical { codes, .. } = &data.features[c.feature].values else {
                continue;
            };
            let cols = rows
                .iter()
                .map(|&r| {
                    let code = if codes[r] == MISSING_CODE { c.mode } else { codes[r] };
                    c.column.get(code as usize).copied().flatten().unwrap_or(u32::MAX)
                })
                .collect();
            blocks.push((at, cols));
            at += c.column.iter().flatten().count();
        }
        Encoded { n: rows.len(), dense, blocks, p: self.width() }
    }
}

fn missing(data: &Dataset, f: usize, r: usize) -> f64 {
    let m = match &data.features[f].values {
        FeatureValues::Numeric(v) => v[r].is_nan(),
        FeatureValues::Categorical { codes, .. } => codes[r] == MISSING_CODE,
    };
    m as u8 as f64
}

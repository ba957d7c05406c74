//! Partial dependence with ICE lines: the forest's probability for a sample of customers when
//! one feature is set to each value of a grid, everything else as it is. The average over the
//! sample is the partial dependence; each customer's own curve is an ICE line.
//!
//! The grid is the feature's quantiles among the rows given (numeric: `grid` evenly spaced
//! quantiles, values taken from the data, duplicates dropped) or the model's training labels
//! (categorical). The sample is seeded (ChaCha8); the ICE lines are its first rows. Predictions
//! are prediction's own ([`Forest::predict_aligned`]), so a grid point equal to a customer's own
//! value reproduces that customer's probability.

use serde::{Deserialize, Serialize};

use super::error::ExplainError;
use super::validate::check_columns;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::{par_map, Forest};
use crate::engine::rng::{rng, shuffle};
use crate::engine::table::format_number;

/// Settings of a partial-dependence curve (builder; [`PdpParams::check`] validates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PdpParams {
    grid: usize,
    rows: usize,
    ice: usize,
    seed: u64,
}

/// Checked [`PdpParams`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidPdpParams(PdpParams);

impl Default for PdpParams {
    fn default() -> Self {
        PdpParams::new()
    }
}

impl PdpParams {
    /// Defaults: 20 grid points, 500 rows averaged, 50 ICE lines, seed 42.
    pub fn new() -> PdpParams {
        PdpParams { grid: 20, rows: 500, ice: 50, seed: 42 }
    }
    /// Grid points of a numeric feature (2 to 100).
    pub fn grid(mut self, n: usize) -> Self {
        self.grid = n;
        self
    }
    /// Rows averaged (at least 1; a seeded sample when more are given).
    pub fn rows(mut self, n: usize) -> Self {
        self.rows = n;
        self
    }
    /// ICE lines drawn (0 to 500).
    pub fn ice(mut self, n: usize) -> Self {
        self.ice = n;
        self
    }
    /// Seed of the row sample.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Checks every setting.
    pub fn check(&self) -> Result<ValidPdpParams, ExplainError> {
        if !(2..=100).contains(&self.grid) {
            return Err(ExplainError::GridPoints { found: self.grid, min: 2, max: 100 });
        }
        if self.rows == 0 {
            return Err(ExplainError::PdpRows(self.rows));
        }
        if self.ice > 500 {
            return Err(ExplainError::IceLines { found: self.ice, max: 500 });
        }
        Ok(ValidPdpParams(self.clone()))
    }
}

/// A partial-dependence curve and its ICE lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartialDependence {
    pub feature: String,
    pub categorical: bool,
    /// Grid values (label codes of the model for a categorical feature), and their text.
    pub grid: Vec<f64>,
    pub labels: Vec<String>,
    /// Mean probability over the sample, per grid value.
    pub average: Vec<f64>,
    /// One line per ICE row: its probability at each grid value.
    pub ice: Vec<Vec<f64>>,
    /// The sampled rows (indices into the columns); the ICE lines are the first of them.
    pub rows: Vec<usize>,
}

/// Partial dependence of the forest's probability on `feature` over `rows` of `cols` (columns
/// aligned with the forest), grid points shared among `threads` threads natively.
pub fn partial_dependence(
    forest: &Forest,
    cols: &[FeatureValues],
    rows: &[usize],
    feature: usize,
    params: &ValidPdpParams,
    threads: Option<usize>,
) -> Result<PartialDependence, ExplainError> {
    let p = &params.0;
    check_columns(forest, cols, rows)?;
    let spec = forest
        .features
        .get(feature)
        .ok_or(ExplainError::NoSuchFeatureIndex { feature, features: forest.features.len() })?;
    if rows.is_empty() {
        return Err(ExplainError::NoRows);
    }
    let (grid, labels) = match &spec.levels {
        Some(levels) => ((0..levels.len()).map(|c| c as f64).collect(), levels.clone()),
        None => {
            let grid = quantile_grid(&cols[feature], rows, p.grid);
            if grid.is_empty() {
                return Err(ExplainError::NoValues(spec.name.clone()));
            }
            let labels = grid.iter().map(|&x| format_number(x)).collect();
            (grid, labels)
        }
    };
    let mut sample = rows.to_vec();
    if sample.len() > p.rows {
        shuffle(&mut rng(p.seed), &mut sample);
        sample.truncate(p.rows);
    }
    let sub: Vec<FeatureValues> = cols.iter().map(|c| take(c, &sample)).collect();
    let all: Vec<usize> = (0..sample.len()).collect();
    let curves = par_map(threads, grid.len(), |g| {
        let mut set = sub.clone();
        set[feature] = constant(&sub[feature], grid[g], sample.len());
        forest.predict_aligned(&set, &all)
    });
    let n = sample.len() as f64;
    Ok(PartialDependence {
        feature: spec.name.clone(),
        categorical: spec.levels.is_some(),
        average: curves.iter().map(|c| c.iter().sum::<f64>() / n).collect(),
        ice: (0..p.ice.min(sample.len())).map(|j| curves.iter().map(|c| c[j]).collect()).collect(),
        grid,
        labels,
        rows: sample,
    })
}

/// `points` evenly spaced quantiles of the present values at `rows` (each a value of the data:
/// the one at index ⌊q·(n − 1)⌋ of the sorted values), duplicates dropped.
fn quantile_grid(col: &FeatureValues, rows: &[usize], points: usize) -> Vec<f64> {
    let FeatureValues::Numeric(v) = col else { return Vec::new() };
    let mut x: Vec<f64> = rows.iter().map(|&r| v[r]).filter(|x| !x.is_nan()).collect();
    if x.is_empty() {
        return x;
    }
    x.sort_by(f64::total_cmp);
    let mut grid: Vec<f64> =
        (0..points).map(|i| x[i * (x.len() - 1) / (points - 1).max(1)]).collect();
    grid.dedup();
    grid
}

/// The cells of `col` at `rows`, in that order.
fn take(col: &FeatureValues, rows: &[usize]) -> FeatureValues {
    match col {
        FeatureValues::Numeric(v) => {
            FeatureValues::Numeric(rows.iter().map(|&r| v[r]).collect::<Vec<_>>().into())
        }
        FeatureValues::Categorical { codes, levels } => FeatureValues::Categorical {
            codes: rows.iter().map(|&r| codes[r]).collect::<Vec<_>>().into(),
            levels: levels.clone(),
        },
    }
}

/// A column like `col` of `n` copies of `value` (a label code for a categorical column).
fn constant(col: &FeatureValues, value: f64, n: usize) -> FeatureValues {
    match col {
        FeatureValues::Numeric(_) => FeatureValues::Numeric(vec![value; n].into()),
        FeatureValues::Categorical { levels, .. } => FeatureValues::Categorical {
            codes: vec![value as u32; n].into(),
            levels: levels.clone(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forest::{FeatureSpec, FlatTree, ForestParams};

    /// One stump: x0 ≤ 0.5 → 0.2, else 0.7; x1 unused.
    fn stump() -> Forest {
        let tree = FlatTree {
            feature: vec![0, 0, 0],
            threshold: vec![0.5, 0.0, 0.0],
            left_set: vec![Vec::new(); 3].into(),
            missing_left: vec![true; 3],
            left: vec![1, u32::MAX, u32::MAX],
            right: vec![2, u32::MAX, u32::MAX],
            value: vec![0.45, 0.2, 0.7],
            weight: vec![10.0, 5.0, 5.0],
        };
        let features = vec![
            FeatureSpec { name: "x0".into(), levels: None },
            FeatureSpec { name: "x1".into(), levels: None },
        ];
        Forest {
            trees: vec![tree.into_tree(&features).unwrap()],
            features,
            importances: vec![1.0, 0.0],
            oob_score: None,
            params: ForestParams::new().check().unwrap(),
            n_train: 0,
            oob_proba: None,
        }
    }

    #[test]
    fn a_stump_by_hand() {
        // Values 0, 1, 0.3, 0.9 (and a missing one); 2 grid points are the 0 and 1 quantiles of
        // the present values: 0 and 1. At 0 every customer scores 0.2, at 1 every one 0.7.
        let cols = [
            FeatureValues::Numeric(vec![0.0, 1.0, 0.3, 0.9, f64::NAN].into()),
            FeatureValues::Numeric(vec![5.0; 5].into()),
        ];
        let p = PdpParams::new().grid(2).ice(3).check().unwrap();
        let d = partial_dependence(&stump(), &cols, &[0, 1, 2, 3, 4], 0, &p, Some(1)).unwrap();
        assert_eq!(
            (d.grid.clone(), d.labels.clone()),
            (vec![0.0, 1.0], vec!["0".into(), "1".into()])
        );
        assert_eq!(d.average, [0.2, 0.7]);
        assert_eq!(d.ice, [[0.2, 0.7], [0.2, 0.7], [0.2, 0.7]]);
        assert_eq!(d.rows.len(), 5);
        // More grid points than distinct values: duplicates dropped.
        let p = PdpParams::new().grid(50).check().unwrap();
        let d = partial_dependence(&stump(), &cols, &[0, 1, 2, 3, 4], 0, &p, Some(2)).unwrap();
        assert_eq!(d.grid, [0.0, 0.3, 0.9, 1.0]);
        assert_eq!(d.average, [0.2, 0.2, 0.7, 0.7]);
    }

    #[test]
    fn settings_and_inputs_are_checked() {
        assert_eq!(
            PdpParams::new().grid(1).check().unwrap_err(),
            ExplainError::GridPoints { found: 1, min: 2, max: 100 }
        );
        assert_eq!(PdpParams::new().rows(0).check().unwrap_err(), ExplainError::PdpRows(0));
        assert_eq!(
            PdpParams::new().ice(501).check().unwrap_err(),
            ExplainError::IceLines { found: 501, max: 500 }
        );
        let p = PdpParams::new().check().unwrap();
        let cols = [
            FeatureValues::Numeric(vec![f64::NAN].into()),
            FeatureValues::Numeric(vec![1.0].into()),
        ];
        assert_eq!(
            partial_dependence(&stump(), &cols, &[0], 0, &p, None).unwrap_err(),
            ExplainError::NoValues("x0".into())
        );
        assert_eq!(
            partial_dependence(&stump(), &cols, &[], 0, &p, None).unwrap_err(),
            ExplainError::NoRows
        );
        assert_eq!(
            partial_dependence(&stump(), &cols, &[0], 7, &p, None).unwrap_err(),
            ExplainError::NoSuchFeatureIndex { feature: 7, features: 2 }
        );
    }
}

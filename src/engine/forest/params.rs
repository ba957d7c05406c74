//! Forest parameters, named as in scikit-learn, validated once: `ForestParams` (builder) →
//! `check()` → `ValidForestParams`, the only type that can fit.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

use super::error::ParamsError;

/// Features tried at each split.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MaxFeatures {
    Sqrt,
    Log2,
    All,
    Count(usize),
    Fraction(f64),
}

impl MaxFeatures {
    /// Features to sample out of `n` (at least 1), as scikit-learn computes it.
    pub fn resolve(self, n: usize) -> usize {
        let k = match self {
            MaxFeatures::Sqrt => (n as f64).sqrt() as usize,
            MaxFeatures::Log2 => crate::engine::math::log2(n as f64) as usize,
            MaxFeatures::All => n,
            MaxFeatures::Count(k) => k,
            MaxFeatures::Fraction(f) => (f * n as f64) as usize,
        };
        k.clamp(1, n.max(1))
    }
}

impl FromStr for MaxFeatures {
    type Err = ParamsError;
    fn from_str(s: &str) -> Result<Self, ParamsError> {
        let bad = || ParamsError::MaxFeatures(s.to_string());
        match s.trim().to_lowercase().as_str() {
            "sqrt" | "auto" => Ok(MaxFeatures::Sqrt),
            "log2" => Ok(MaxFeatures::Log2),
            "all" | "none" => Ok(MaxFeatures::All),
            t if t.contains('.') => t.parse::<f64>().map(MaxFeatures::Fraction).map_err(|_| bad()),
            t => t.parse::<usize>().map(MaxFeatures::Count).map_err(|_| bad()),
        }
    }
}

/// Impurity measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    Gini,
    Entropy,
}

impl FromStr for Criterion {
    type Err = ParamsError;
    fn from_str(s: &str) -> Result<Self, ParamsError> {
        match s.trim().to_lowercase().as_str() {
            "gini" => Ok(Criterion::Gini),
            "entropy" | "log_loss" => Ok(Criterion::Entropy),
            _ => Err(ParamsError::Criterion(s.to_string())),
        }
    }
}

/// Class weighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassWeight {
    None,
    /// n / (2 · n_class), as scikit-learn's "balanced".
    Balanced,
}

impl FromStr for ClassWeight {
    type Err = ParamsError;
    fn from_str(s: &str) -> Result<Self, ParamsError> {
        match s.trim().to_lowercase().as_str() {
            "none" | "" => Ok(ClassWeight::None),
            "balanced" => Ok(ClassWeight::Balanced),
            _ => Err(ParamsError::ClassWeight(s.to_string())),
        }
    }
}

/// Checked parameters. Fields are read-only outside this module.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidForestParams {
    pub(super) n_estimators: usize,
    pub(super) criterion: Criterion,
    pub(super) max_depth: Option<usize>,
    pub(super) min_samples_split: usize,
    pub(super) min_samples_leaf: usize,
    pub(super) min_impurity_decrease: f64,
    pub(super) max_features: MaxFeatures,
    pub(super) class_weight: ClassWeight,
    pub(super) bootstrap: bool,
    /// Score the out-of-bag rows while growing (unlike scikit-learn's default, on: the app's
    /// honest scores need them). Models saved before it existed had it on.
    #[serde(default = "yes")]
    pub(super) oob_score: bool,
    pub(super) random_state: u64,
    pub(super) max_bins: usize,
    pub(super) n_threads: Option<usize>,
}

/// Builder for [`ValidForestParams`]; defaults are scikit-learn's (random_state 42).
#[derive(Debug, Clone, PartialEq)]
pub struct ForestParams(ValidForestParams);

impl Default for ForestParams {
    fn default() -> Self {
        ForestParams(ValidForestParams {
            n_estimators: 100,
            criterion: Criterion::Gini,
            max_depth: None,
            min_samples_split: 2,
            min_samples_leaf: 1,
            min_impurity_decrease: 0.0,
            max_features: MaxFeatures::Sqrt,
            class_weight: ClassWeight::None,
            bootstrap: true,
            oob_score: true,
            random_state: 42,
            max_bins: 255,
            n_threads: None,
        })
    }
}

fn yes() -> bool {
    true
}

/// Largest accepted number of trees and depth (protects memory and time).
pub const MAX_TREES: usize = 5_000;
pub const MAX_DEPTH: usize = 64;

impl ForestParams {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    pub fn n_estimators(mut self, v: usize) -> Self {
        self.0.n_estimators = v;
        self
    }
    pub fn criterion(mut self, v: Criterion) -> Self {
        self.0.criterion = v;
        self
    }
    pub fn max_depth(mut self, v: Option<usize>) -> Self {
        self.0.max_depth = v;
        self
    }
    pub fn min_samples_split(mut self, v: usize) -> Self {
        self.0.min_samples_split = v;
        self
    }
    pub fn min_samples_leaf(mut self, v: usize) -> Self {
        self.0.min_samples_leaf = v;
        self
    }
    pub fn min_impurity_decrease(mut self, v: f64) -> Self {
        self.0.min_impurity_decrease = v;
        self
    }
    pub fn max_features(mut self, v: MaxFeatures) -> Self {
        self.0.max_features = v;
        self
    }
    pub fn class_weight(mut self, v: ClassWeight) -> Self {
        self.0.class_weight = v;
        self
    }
    pub fn bootstrap(mut self, v: bool) -> Self {
        self.0.bootstrap = v;
        self
    }
    pub fn random_state(mut self, v: u64) -> Self {
        self.0.random_state = v;
        self
    }
    /// Whether to score the out-of-bag rows (scikit-learn's `oob_score`; on by default here).
    pub fn oob_score(mut self, v: bool) -> Self {
        self.0.oob_score = v;
        self
    }
    pub fn max_bins(mut self, v: usize) -> Self {
        self.0.max_bins = v;
        self
    }
    pub fn n_threads(mut self, v: Option<usize>) -> Self {
        self.0.n_threads = v;
        self
    }

    /// Validates every rule; the error names the parameter and the bad value.
    pub fn check(self) -> Result<ValidForestParams, ParamsError> {
        let p = self.0;
        if p.n_estimators == 0 || p.n_estimators > MAX_TREES {
            return Err(ParamsError::NEstimators(p.n_estimators));
        }
        if p.max_depth.is_some_and(|d| d == 0 || d > MAX_DEPTH) {
            return Err(ParamsError::MaxDepth(p.max_depth.unwrap_or(0)));
        }
        if p.min_samples_split < 2 {
            return Err(ParamsError::MinSamplesSplit(p.min_samples_split));
        }
        if p.min_samples_leaf == 0 {
            return Err(ParamsError::MinSamplesLeaf(p.min_samples_leaf));
        }
        if !(p.min_impurity_decrease >= 0.0 && p.min_impurity_decrease.is_finite()) {
            return Err(ParamsError::MinImpurityDecrease(p.min_impurity_decrease));
        }
        match p.max_features {
            MaxFeatures::Count(0) => return Err(ParamsError::MaxFeatures("0".into())),
            MaxFeatures::Fraction(f) if !(f > 0.0 && f <= 1.0) => {
                return Err(ParamsError::MaxFeatures(f.to_string()))
            }
            _ => {}
        }
        if !(2..=255).contains(&p.max_bins) {
            return Err(ParamsError::MaxBins(p.max_bins));
        }
        if p.n_threads == Some(0) {
            return Err(ParamsError::NThreads(0));
        }
        Ok(p)
    }
}

impl ValidForestParams {
    pub fn n_estimators(&self) -> usize {
        self.n_estimators
    }
    pub fn random_state(&self) -> u64 {
        self.random_state
    }
    pub fn min_samples_leaf(&self) -> usize {
        self.min_samples_leaf
    }
    pub fn bootstrap(&self) -> bool {
        self.bootstrap
    }
    /// Whether out-of-bag rows are scored: bootstrap samples and `oob_score` on.
    pub fn scores_oob(&self) -> bool {
        self.bootstrap && self.oob_score
    }
    /// Threads to grow trees with natively (None: one per core).
    pub fn threads(&self) -> Option<usize> {
        self.n_threads
    }
    /// The same parameters with another thread count (results do not depend on it).
    pub fn with_threads(&self, n: Option<usize>) -> Self {
        ValidForestParams { n_threads: n.filter(|&n| n > 0), ..self.clone() }
    }
    /// Back to a builder (to change a setting and check again).
    pub fn to_builder(&self) -> ForestParams {
        ForestParams(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_like_sklearn() {
        let p = ForestParams::new().check().unwrap();
        assert_eq!((p.n_estimators, p.min_samples_leaf, p.bootstrap), (100, 1, true));
        assert_eq!(MaxFeatures::Sqrt.resolve(8), 2);
        assert_eq!(MaxFeatures::Log2.resolve(8), 3);
        assert_eq!(MaxFeatures::Fraction(0.5).resolve(3), 1);
        assert_eq!(MaxFeatures::Count(20).resolve(3), 3);
    }

    #[test]
    fn each_rule_names_its_parameter() {
        assert_eq!(
            ForestParams::new().n_estimators(0).check().unwrap_err(),
            ParamsError::NEstimators(0)
        );
        assert_eq!(
            ForestParams::new().max_depth(Some(0)).check().unwrap_err(),
            ParamsError::MaxDepth(0)
        );
        assert_eq!(
            ForestParams::new().min_samples_split(1).check().unwrap_err(),
            ParamsError::MinSamplesSplit(1)
        );
        assert_eq!(
            ForestParams::new().min_samples_leaf(0).check().unwrap_err(),
            ParamsError::MinSamplesLeaf(0)
        );
        assert!(matches!(
            ForestParams::new().min_impurity_decrease(-1.0).check(),
            Err(ParamsError::MinImpurityDecrease(_))
        ));
        assert!(matches!(
            ForestParams::new().max_features(MaxFeatures::Fraction(1.5)).check(),
            Err(ParamsError::MaxFeatures(_))
        ));
        assert_eq!(ForestParams::new().max_bins(1).check().unwrap_err(), ParamsError::MaxBins(1));
        assert_eq!(
            ForestParams::new().n_threads(Some(0)).check().unwrap_err(),
            ParamsError::NThreads(0)
        );
        assert!(ParamsError::NEstimators(0).to_string().contains("n_estimators"));
    }

    #[test]
    fn parsing_from_text() {
        assert_eq!("sqrt".parse::<MaxFeatures>().unwrap(), MaxFeatures::Sqrt);
        assert_eq!("0.5".parse::<MaxFeatures>().unwrap(), MaxFeatures::Fraction(0.5));
        assert_eq!("3".parse::<MaxFeatures>().unwrap(), MaxFeatures::Count(3));
        assert!("lots".parse::<MaxFeatures>().is_err());
        assert_eq!("entropy".parse::<Criterion>().unwrap(), Criterion::Entropy);
        assert!("gain".parse::<Criterion>().is_err());
        assert_eq!("balanced".parse::<ClassWeight>().unwrap(), ClassWeight::Balanced);
    }
}

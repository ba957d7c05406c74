//! The segment methods as one typed enum: each variant carries its checked parameters, so the
//! page, the worker and the CLI only build a [`SegmentMethod`] and the engine runs it.
//!
//! Each method's settings follow the forest's pattern: a plain params struct (builder setters,
//! public fields for serde) → `check()` → a `Valid…` type. The valid types deserialize through
//! `check()` as well, so a request read from the page cannot smuggle in unchecked values. Adding
//! a method is a new variant: every `match` on [`SegmentMethod`] then fails to compile until it
//! handles it.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::SegmentError;

/// Columns and bins of a grid.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GridParams {
    /// 1–3 columns.
    pub columns: Vec<String>,
    /// Quantile bins per numeric column (2–20).
    pub bins: usize,
    /// Explicit inner edges for some numeric columns (a value equal to an edge goes below it).
    #[serde(default)]
    pub edges: BTreeMap<String, Vec<f64>>,
}

impl GridParams {
    /// A grid of `columns` with 4 quantile bins per numeric column.
    pub fn new(columns: Vec<String>) -> Self {
        GridParams { columns, bins: 4, edges: BTreeMap::new() }
    }

    pub fn bins(mut self, bins: usize) -> Self {
        self.bins = bins;
        self
    }

    pub fn edges(mut self, edges: BTreeMap<String, Vec<f64>>) -> Self {
        self.edges = edges;
        self
    }

    /// Checks the column count (1–3), the bins (2–20) and the explicit edges (finite).
    pub fn check(self) -> Result<ValidGridParams, SegmentError> {
        if self.columns.is_empty() || self.columns.len() > 3 {
            return Err(SegmentError::GridColumns(self.columns.len()));
        }
        if !(2..=20).contains(&self.bins) {
            return Err(SegmentError::Bins(self.bins));
        }
        if let Some((column, _)) = self.edges.iter().find(|(_, e)| e.iter().any(|x| !x.is_finite()))
        {
            return Err(SegmentError::Edges { column: column.clone() });
        }
        Ok(ValidGridParams(self))
    }
}

/// Settings of k-means clustering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeansParams {
    /// Feature columns (empty: every numeric and categorical column but the target).
    pub columns: Vec<String>,
    /// Number of clusters (2–30); None chooses 2..=8 by silhouette.
    pub k: Option<usize>,
    pub random_state: u64,
    /// Restarts per k (1–50); the run with the least inertia is kept.
    pub n_init: usize,
    /// Iterations per run (1–1000).
    pub max_iter: usize,
}

impl Default for KMeansParams {
    fn default() -> Self {
        KMeansParams { columns: Vec::new(), k: None, random_state: 42, n_init: 4, max_iter: 100 }
    }
}

impl KMeansParams {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn columns(mut self, columns: Vec<String>) -> Self {
        self.columns = columns;
        self
    }

    pub fn k(mut self, k: Option<usize>) -> Self {
        self.k = k;
        self
    }

    pub fn random_state(mut self, seed: u64) -> Self {
        self.random_state = seed;
        self
    }

    pub fn check(self) -> Result<ValidKMeansParams, SegmentError> {
        if let Some(k) = self.k.filter(|k| !(2..=30).contains(k)) {
            return Err(SegmentError::K(k));
        }
        if !(1..=50).contains(&self.n_init) {
            return Err(SegmentError::NInit(self.n_init));
        }
        if !(1..=1000).contains(&self.max_iter) {
            return Err(SegmentError::MaxIter(self.max_iter));
        }
        Ok(ValidKMeansParams(self))
    }
}

/// Depth of the rule tree (its leaves are at least the minimum support).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RulesParams {
    /// 1–6; 3 or 4 keeps rules readable.
    pub max_depth: usize,
    pub random_state: u64,
}

impl Default for RulesParams {
    fn default() -> Self {
        RulesParams { max_depth: 3, random_state: 42 }
    }
}

impl RulesParams {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn max_depth(mut self, depth: usize) -> Self {
        self.max_depth = depth;
        self
    }

    pub fn random_state(mut self, seed: u64) -> Self {
        self.random_state = seed;
        self
    }

    pub fn check(self) -> Result<ValidRulesParams, SegmentError> {
        if !(1..=6).contains(&self.max_depth) {
            return Err(SegmentError::Depth(self.max_depth));
        }
        Ok(ValidRulesParams(self))
    }
}

/// Groups of the propensity ranking (10: deciles).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecileParams {
    /// 2–100.
    pub groups: usize,
}

impl Default for DecileParams {
    fn default() -> Self {
        DecileParams { groups: 10 }
    }
}

impl DecileParams {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn groups(mut self, groups: usize) -> Self {
        self.groups = groups;
        self
    }

    pub fn check(self) -> Result<ValidDecileParams, SegmentError> {
        if !(2..=100).contains(&self.groups) {
            return Err(SegmentError::Groups(self.groups));
        }
        Ok(ValidDecileParams(self))
    }
}

/// Grid parameters that passed [`GridParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "GridParams", into = "GridParams")]
pub struct ValidGridParams(GridParams);

/// k-means parameters that passed [`KMeansParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "KMeansParams", into = "KMeansParams")]
pub struct ValidKMeansParams(KMeansParams);

/// Rule-tree parameters that passed [`RulesParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RulesParams", into = "RulesParams")]
pub struct ValidRulesParams(RulesParams);

/// Decile parameters that passed [`DecileParams::check`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DecileParams", into = "DecileParams")]
pub struct ValidDecileParams(DecileParams);

/// Read access, and serde's conversions through `check()`.
macro_rules! checked {
    ($valid:ident, $params:ident) => {
        impl std::ops::Deref for $valid {
            type Target = $params;
            fn deref(&self) -> &$params {
                &self.0
            }
        }

        impl TryFrom<$params> for $valid {
            type Error = SegmentError;
            fn try_from(p: $params) -> Result<Self, SegmentError> {
                p.check()
            }
        }

        impl From<$valid> for $params {
            fn from(v: $valid) -> $params {
                v.0
            }
        }
    };
}

checked!(ValidGridParams, GridParams);
checked!(ValidKMeansParams, KMeansParams);
checked!(ValidRulesParams, RulesParams);
checked!(ValidDecileParams, DecileParams);

//! Errors of the forest: invalid parameters (each names the parameter) and fitting failures.

use thiserror::Error;

/// A parameter outside its valid range.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ParamsError {
    #[error("n_estimators must be between 1 and {max}, got {0}", max = super::params::MAX_TREES)]
    NEstimators(usize),
    #[error("max_depth must be between 1 and {max} (or empty for unlimited), got {0}", max = super::params::MAX_DEPTH)]
    MaxDepth(usize),
    #[error("min_samples_split must be at least 2, got {0}")]
    MinSamplesSplit(usize),
    #[error("min_samples_leaf must be at least 1, got {0}")]
    MinSamplesLeaf(usize),
    #[error("min_impurity_decrease must be a number ≥ 0, got {0}")]
    MinImpurityDecrease(f64),
    #[error(
        "max_features must be sqrt, log2, all, a count ≥ 1 or a fraction in (0, 1], got {0:?}"
    )]
    MaxFeatures(String),
    #[error("criterion must be gini or entropy, got {0:?}")]
    Criterion(String),
    #[error("class_weight must be none or balanced, got {0:?}")]
    ClassWeight(String),
    #[error("max_bins must be between 2 and 255, got {0}")]
    MaxBins(usize),
    #[error("threads must be at least 1, got {0}")]
    NThreads(usize),
}

/// Why fitting stopped.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum FitError {
    #[error("no training rows")]
    NoRows,
    #[error("{0} rows: a forest is fitted on at most 4,294,967,295")]
    TooManyRows(usize),
    #[error("the training rows contain only one class (\"{0}\"): there is nothing to learn")]
    SingleClass(String),
    #[error("feature \"{feature}\" has {n} categories; at most 254 are supported (group rare ones first)")]
    TooManyCategories { feature: String, n: usize },
    #[error("training was cancelled")]
    Cancelled,
    #[error("trees {start}..{end} were asked of a forest of {trees}")]
    TreeRange { start: usize, end: usize, trees: usize },
    #[error("a forest of {expected} trees was assembled from {got}")]
    TreeCount { expected: usize, got: usize },
    #[error("row {0} cannot be scored while the trees grow (not a held-out row, or listed twice)")]
    ScoredRow(usize),
    #[error("a share of trees was grown for another plan")]
    ShareMismatch,
    #[error("min_samples_leaf = auto scores out-of-bag rows, so it needs bootstrap samples (bootstrap = true)")]
    TuneWithoutBootstrap,
    #[error("tuning needs at least 2 trees per candidate, got {0}")]
    TuneTrees(usize),
}

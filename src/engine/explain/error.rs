//! Why an explanation, a partial-dependence curve or a profit curve could not be computed.

use thiserror::Error;

use crate::engine::forest::{AlignError, WireError};

/// Errors of `engine::explain`. Variants carry the facts (tree, node, row, feature, value).
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ExplainError {
    #[error(transparent)]
    Align(#[from] AlignError),
    #[error("cannot hand the rows to another worker: {0}")]
    Wire(#[from] WireError),
    #[error("the model has no trees to explain")]
    NoTrees,
    #[error("tree {tree}, node {node}: its training cover (weight) is {weight}, not a positive number, so the shares of its branches are undefined")]
    BadCover { tree: usize, node: usize, weight: f64 },
    #[error("tree {tree}, node {node}: it is not a tree (a child index is out of range, before its parent or shared)")]
    NotATree { tree: usize, node: usize },
    #[error(
        "tree {tree}, node {node}: feature {feature} does not exist (the model has {features})"
    )]
    NoSuchFeature { tree: usize, node: usize, feature: usize, features: usize },
    #[error("tree {tree} is {depth} levels deep; explanations handle at most {max}")]
    TooDeep { tree: usize, depth: usize, max: usize },
    #[error("tree {tree} has a path splitting on {features} different features; explanations handle at most {max}")]
    PathFeatures { tree: usize, features: usize, max: usize },
    #[error("the data has {found} feature columns but the model has {expected}; align them with the model first")]
    Columns { expected: usize, found: usize },
    #[error("feature \"{name}\" is {expected} in the model but the value given is {found}")]
    ValueKind { name: String, expected: &'static str, found: &'static str },
    #[error(
        "feature \"{name}\": label code {code} does not exist (the model knows {levels} labels)"
    )]
    NoSuchLevel { name: String, code: u32, levels: usize },
    #[error("row {row} does not exist: the data has {rows} rows")]
    NoSuchRow { row: usize, rows: usize },
    #[error("no feature \"{0}\" in the model")]
    UnknownFeature(String),
    #[error("feature {feature} does not exist (the model has {features})")]
    NoSuchFeatureIndex { feature: usize, features: usize },
    #[error("no rows to explain")]
    NoRows,
    #[error("the sums hold {found} values, but the rows and features need {expected}")]
    Sums { expected: usize, found: usize },
    #[error("trees up to {end} asked for, but the forest has {trees}")]
    Trees { end: usize, trees: usize },
    #[error("partial dependence needs {min} to {max} grid points, got {found}")]
    GridPoints { found: usize, min: usize, max: usize },
    #[error("partial dependence averages at least 1 row, got {0}")]
    PdpRows(usize),
    #[error("at most {max} ICE lines, got {found}")]
    IceLines { found: usize, max: usize },
    #[error("feature \"{0}\" has no value in the rows given, so it has no grid")]
    NoValues(String),
    #[error("the {what} must be a finite number of at least 0, got {value}")]
    Money { what: &'static str, value: f64 },
    #[error("the bootstrap takes 0 to {max} resamples, got {found}")]
    Resamples { found: usize, max: usize },
    #[error("a profit curve needs 2 to {max} points, got {found}")]
    CurvePoints { found: usize, max: usize },
    #[error("{labels} labels but {scores} scores")]
    Lengths { labels: usize, scores: usize },
    #[error("row {row}: the score {value} is not a probability")]
    Score { row: usize, value: f64 },
    #[error("row {row}: the label {value} is neither 0 nor 1")]
    Label { row: usize, value: u8 },
}

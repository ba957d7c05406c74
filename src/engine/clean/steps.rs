//! The vocabulary of cleaning steps. A [`CleaningLog`] is plain data: it is shown to the user,
//! saved as JSON, stored in the model file and replayed on every new batch.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// An ordered list of steps, applied first to last.
pub type CleaningLog = Vec<CleaningStep>;

/// How missing numeric or categorical cells are filled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImputeStrategy {
    Median,
    Mean,
    Mode,
    Constant,
}

/// How outlier bounds were chosen (the bounds themselves are stored in the step).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutlierMethod {
    /// Tukey fences: Q1 − k·IQR, Q3 + k·IQR.
    Iqr,
    /// Mean ± k standard deviations.
    ZScore,
    /// Bounds typed by the user.
    Manual,
}

/// One cleaning operation. Parameters learnt from the training data (medians, bounds, mappings)
/// are stored in the step, so replaying the log on a new batch does exactly the same thing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum CleaningStep {
    /// Treat these spellings as missing in every column (compared trimmed, case-insensitively).
    MissingTokens { tokens: Vec<String> },
    /// Rewrite category spellings (`" M"`, `male`) to a canonical label (`Male`).
    NormalizeCategories { column: String, mapping: BTreeMap<String, String> },
    /// Parse numbers written with separators or currency (`52,000`, `$52000`).
    ParseFormattedNumbers { column: String },
    /// Values outside `[min, max]` are impossible (age 999): they become missing.
    FlagImpossible { column: String, min: f64, max: f64 },
    /// Clip values to `[lo, hi]`. With `relearn`, the bounds are learnt again by `method` when
    /// the step is applied.
    ClipOutliers {
        column: String,
        method: OutlierMethod,
        lo: f64,
        hi: f64,
        #[serde(default, skip_serializing_if = "is_false")]
        relearn: bool,
    },
    /// Fill missing cells; `value` is the learnt or chosen fill (number or label as text). With
    /// `relearn`, the value is learnt again by `strategy` when the step is applied.
    Impute {
        column: String,
        strategy: ImputeStrategy,
        value: String,
        #[serde(default, skip_serializing_if = "is_false")]
        relearn: bool,
    },
    /// Drop rows identical to an earlier row in every column (exported duplicates).
    DropDuplicates,
    /// Drop rows whose target cell is missing.
    DropRowsMissingTarget { target: String },
    /// Map target labels to `0`/`1` (e.g. `yes` → `1`).
    MapTargetLabels { target: String, mapping: BTreeMap<String, String> },
}

fn is_false(b: &bool) -> bool {
    !*b
}

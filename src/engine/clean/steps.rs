//! The vocabulary of cleaning steps. A [`CleaningLog`] is plain data: it is shown to the user,
//! saved as JSON, stored in the model file and replayed on every new batch.
//!
//! A step is a JSON object tagged by `"step"` (`{"step":"impute","column":"Age",...}`). It is
//! read through [`Flat`], one object with every field any step has, instead of serde's derive for
//! internally tagged enums, which buffers the object and links a second deserializer of every
//! field type (about 10 KB of gzipped page wasm); the format and the messages are the same.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
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
#[derive(Debug, Clone, PartialEq, Serialize)]
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
    /// Replace a column of dates by three numeric features, `{column}_year`, `{column}_month`
    /// (1–12) and `{column}_weekday` (Monday 1 … Sunday 7); see `ingest::dates`.
    DateParts { column: String },
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The `step` names, in declaration order (for "unknown variant" messages).
const STEPS: &[&str] = &[
    "missing_tokens",
    "normalize_categories",
    "parse_formatted_numbers",
    "flag_impossible",
    "clip_outliers",
    "impute",
    "drop_duplicates",
    "drop_rows_missing_target",
    "map_target_labels",
    "date_parts",
];

/// Every field of every step; `step` says which ones the step needs.
#[derive(Deserialize)]
struct Flat {
    step: String,
    tokens: Option<Vec<String>>,
    column: Option<String>,
    mapping: Option<BTreeMap<String, String>>,
    min: Option<f64>,
    max: Option<f64>,
    lo: Option<f64>,
    hi: Option<f64>,
    method: Option<OutlierMethod>,
    strategy: Option<ImputeStrategy>,
    value: Option<String>,
    #[serde(default)]
    relearn: bool,
    target: Option<String>,
}

/// `field`'s value, or serde's "missing field" error.
fn need<T, E: serde::de::Error>(value: Option<T>, field: &'static str) -> Result<T, E> {
    value.ok_or_else(|| E::missing_field(field))
}

impl<'de> Deserialize<'de> for CleaningStep {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let f = Flat::deserialize(deserializer)?;
        Ok(match f.step.as_str() {
            "missing_tokens" => CleaningStep::MissingTokens { tokens: need(f.tokens, "tokens")? },
            "normalize_categories" => CleaningStep::NormalizeCategories {
                column: need(f.column, "column")?,
                mapping: need(f.mapping, "mapping")?,
            },
            "parse_formatted_numbers" => {
                CleaningStep::ParseFormattedNumbers { column: need(f.column, "column")? }
            }
            "flag_impossible" => CleaningStep::FlagImpossible {
                column: need(f.column, "column")?,
                min: need(f.min, "min")?,
                max: need(f.max, "max")?,
            },
            "clip_outliers" => CleaningStep::ClipOutliers {
                column: need(f.column, "column")?,
                method: need(f.method, "method")?,
                lo: need(f.lo, "lo")?,
                hi: need(f.hi, "hi")?,
                relearn: f.relearn,
            },
            "impute" => CleaningStep::Impute {
                column: need(f.column, "column")?,
                strategy: need(f.strategy, "strategy")?,
                value: need(f.value, "value")?,
                relearn: f.relearn,
            },
            "drop_duplicates" => CleaningStep::DropDuplicates,
            "drop_rows_missing_target" => {
                CleaningStep::DropRowsMissingTarget { target: need(f.target, "target")? }
            }
            "map_target_labels" => CleaningStep::MapTargetLabels {
                target: need(f.target, "target")?,
                mapping: need(f.mapping, "mapping")?,
            },
            "date_parts" => CleaningStep::DateParts { column: need(f.column, "column")? },
            other => return Err(D::Error::unknown_variant(other, STEPS)),
        })
    }
}

//! Cleaning as data: an ordered, serializable, replayable log of steps.
//!
//! [`suggest`] proposes a log from the problems [`detect`] finds; [`apply`] replays any log on
//! any table (the training file now, a scoring batch later) and reports rows and cells affected
//! per step. The input table is never modified, and `row_ids` survive every step.

mod apply;
mod duplicates;
mod error;
mod learn;
mod ops;
mod pretty;
mod steps;
mod suggest;

pub use crate::engine::ingest::target_mapping;
pub use apply::{apply, apply_step, columns_named, level_counts, StepReport};
pub use error::CleanError;
pub use learn::{impute_value, outlier_bounds, resolve, FAR_OUT_K};
pub use pretty::log_to_pretty_json;
pub use steps::{CleaningLog, CleaningStep, ImputeStrategy, OutlierMethod};
pub use suggest::{
    analyze, analyze_for, detect, plausible_range, preselected, spelling_map, suggest, suggest_for,
    Problem,
};

/// A short description of a step, for reports and the UI.
pub fn describe(step: &CleaningStep) -> String {
    let quoted = |tokens: &[String]| {
        tokens.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(", ")
    };
    match step {
        CleaningStep::MissingTokens { tokens } => format!("Treat {} as missing", quoted(tokens)),
        CleaningStep::NormalizeCategories { column, mapping } => {
            format!("{column}: merge {} spellings into canonical labels", mapping.len())
        }
        CleaningStep::ParseFormattedNumbers { column } => {
            format!("{column}: read numbers written with separators or currency")
        }
        CleaningStep::FlagImpossible { column, min, max } => {
            let max = if *max == f64::MAX { "∞".to_string() } else { max.to_string() };
            format!("{column}: values outside [{min}, {max}] become missing")
        }
        CleaningStep::ClipOutliers { column, method, relearn: true, .. } => {
            format!("{column}: clip outliers ({method:?} bounds learnt on Apply)")
        }
        CleaningStep::ClipOutliers { column, lo, hi, .. } => {
            format!("{column}: clip to [{}, {}]", round2(*lo), round2(*hi))
        }
        CleaningStep::Impute { column, relearn: true, strategy, .. } => {
            format!(
                "{column}: fill missing with the {} (learnt on Apply)",
                format!("{strategy:?}").to_ascii_lowercase()
            )
        }
        CleaningStep::Impute { column, strategy, value, .. } => {
            format!(
                "{column}: fill missing with the {} ({value})",
                format!("{strategy:?}").to_ascii_lowercase()
            )
        }
        CleaningStep::DropDuplicates => "Drop duplicate rows".to_string(),
        CleaningStep::DateParts { column } => {
            format!("{column}: dates become year, month and weekday features")
        }
        CleaningStep::DropRowsMissingTarget { target } => {
            format!("Drop rows whose {target} is missing")
        }
        CleaningStep::MapTargetLabels { target, mapping } => {
            let pairs: Vec<String> = mapping.iter().map(|(k, v)| format!("{k}→{v}")).collect();
            format!("{target}: map labels {}", pairs.join(", "))
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests;

//! The model's cleaning log as SQL: the expressions that read each feature from the raw table,
//! then one set of replacement expressions per step that changes a feature.
//!
//! Only steps that SQL does exactly as `clean::apply` does are translated (missing tokens,
//! category spellings, impossible values, clipping, imputing with the stored value). A step that
//! would change a feature's values in a way SQL cannot repeat is refused with its number; steps
//! that only drop rows are refused unless the caller accepts that every row is scored. Steps on
//! columns the forest does not use cannot change a score and are noted, not translated.
//!
//! Contract with the table: numeric features hold numbers (or text that is one of the missing
//! tokens, or blank); categorical features hold their labels as text; missing is NULL.

use super::dialect::{string, Dialect};
use super::SqlError;
use crate::engine::clean::{describe, CleaningLog, CleaningStep};
use crate::engine::forest::FeatureSpec;
use crate::engine::ingest::parse_number;

/// One step's new expressions: (feature index, expression over the previous columns).
pub struct PlannedStep {
    /// 1-based position in the log.
    pub number: usize,
    pub exprs: Vec<(usize, String)>,
}

/// The cleaning log in SQL.
pub struct Plan {
    /// Expression reading each feature from the raw column (`raw[j]`, quoted).
    pub inputs: Vec<String>,
    pub steps: Vec<PlannedStep>,
    /// One line per step saying how it was handled.
    pub notes: Vec<String>,
}

/// Translates `log` for `features`; `raw` are the quoted raw column names and `cols` the
/// internal column names (both in forest order).
pub fn plan(
    log: &CleaningLog,
    features: &[FeatureSpec],
    raw: &[String],
    cols: &[String],
    d: Dialect,
    keep_all_rows: bool,
) -> Result<Plan, SqlError> {
    let numeric: Vec<bool> = features.iter().map(|f| f.levels.is_none()).collect();
    let mut numbers_changed = vec![false; features.len()];
    let mut tokens: Vec<String> = vec![string("")?];
    let mut steps = Vec::new();
    let mut notes = Vec::new();
    for (i, step) in log.iter().enumerate() {
        let number = i + 1;
        let description = describe(step);
        let refuse = |reason: String| SqlError::UnsupportedStep {
            step: number,
            description: description.clone(),
            reason,
        };
        let target = step_column(step).map(|c| feature_named(features, c));
        let mut exprs = Vec::new();
        let how = match (step, target) {
            (CleaningStep::MissingTokens { tokens: list }, _) => {
                let lowered = lowered_tokens(list).map_err(&refuse)?;
                if let Some(j) = (0..features.len()).find(|&j| numeric[j] && numbers_changed[j]) {
                    return Err(refuse(format!("it follows a step that changed the numbers of \"{}\", and micronum only blanks tokens while a column is still text", features[j].name)));
                }
                if let Some(t) = numeric.contains(&true).then(|| numeric_token(list)).flatten() {
                    return Err(refuse(format!("the token \"{t}\" reads as a number, and micronum blanks it only in columns that also hold text, which SQL cannot know")));
                }
                let quoted: Vec<String> =
                    lowered.iter().map(|t| string(t)).collect::<Result<_, _>>()?;
                for j in (0..features.len()).filter(|&j| !numeric[j]) {
                    let c = &cols[j];
                    let e = format!(
                        "CASE WHEN LOWER({c}) IN ({}) THEN NULL ELSE {c} END",
                        quoted.join(", ")
                    );
                    exprs.push((j, e));
                }
                tokens.extend(quoted);
                "translated (text compared trimmed, ignoring ASCII case)"
            }
            (CleaningStep::NormalizeCategories { mapping, .. }, Some(Some(j))) if !numeric[j] => {
                if !mapping.is_empty() {
                    let mut e = format!("CASE {}", cols[j]);
                    for (from, to) in mapping {
                        e.push_str(&format!(" WHEN {} THEN {}", string(from)?, string(to)?));
                    }
                    e.push_str(&format!(" ELSE {} END", cols[j]));
                    exprs.push((j, e));
                }
                "translated"
            }
            (CleaningStep::ParseFormattedNumbers { .. }, Some(Some(_))) => {
                return Err(refuse("reading numbers written with separators or currency needs micronum's parser; load the column as numbers and train without this step".into()));
            }
            (
                CleaningStep::ClipOutliers { relearn: true, .. }
                | CleaningStep::Impute { relearn: true, .. },
                Some(Some(_)),
            ) => {
                return Err(refuse("it learns its value again on every batch; apply it once and save the model with the learnt value".into()));
            }
            (CleaningStep::FlagImpossible { min, max, .. }, _) if min > max => {
                return Err(refuse("its range is empty, so micronum refuses it too".into()));
            }
            (CleaningStep::ClipOutliers { lo, hi, .. }, _) if lo > hi => {
                return Err(refuse("its range is empty, so micronum refuses it too".into()));
            }
            (CleaningStep::FlagImpossible { min, max, .. }, Some(Some(j))) if numeric[j] => {
                let c = &cols[j];
                let mut outside = Vec::new();
                if *min > -f64::MAX {
                    outside.push(format!("{c} < {}", d.float(*min)?));
                }
                if *max < f64::MAX {
                    outside.push(format!("{c} > {}", d.float(*max)?));
                }
                if !outside.is_empty() {
                    exprs.push((
                        j,
                        format!("CASE WHEN {} THEN NULL ELSE {c} END", outside.join(" OR ")),
                    ));
                    numbers_changed[j] = true;
                }
                "translated"
            }
            (CleaningStep::ClipOutliers { lo, hi, .. }, Some(Some(j))) if numeric[j] => {
                exprs.push((j, clip(&cols[j], *lo, *hi, d)?));
                numbers_changed[j] = true;
                "translated"
            }
            (CleaningStep::Impute { value, .. }, Some(Some(j))) => {
                let fill = if numeric[j] {
                    let x = value.trim().parse::<f64>().map_err(|_| {
                        refuse(format!("the fill value \"{value}\" is not a number"))
                    })?;
                    numbers_changed[j] = true;
                    d.float(x)?
                } else {
                    string(value)?
                };
                exprs.push((j, format!("COALESCE({}, {fill})", cols[j])));
                "translated"
            }
            (CleaningStep::DropDuplicates | CleaningStep::DropRowsMissingTarget { .. }, _) => {
                if !keep_all_rows {
                    return Err(SqlError::RowsDropped { step: number, description });
                }
                "not applied: every row is scored (rows it would drop score as their kept twins, or have no target)"
            }
            (CleaningStep::MapTargetLabels { .. }, _) => "not needed: it changes only the target",
            (CleaningStep::DateParts { .. }, _) => {
                return Err(refuse("reading dates is not translated to SQL".into()));
            }
            (_, Some(Some(_))) => "not needed: it does nothing to a feature of this kind",
            _ => "not needed: the model does not use that column",
        };
        notes.push(format!("step {number}: {description} — {how}"));
        if !exprs.is_empty() {
            steps.push(PlannedStep { number, exprs });
        }
    }
    let inputs =
        (0..features.len())
            .map(|j| {
                if numeric[j] {
                    numeric_input(&raw[j], &tokens, d)
                } else {
                    text_input(&raw[j], d)
                }
            })
            .collect();
    Ok(Plan { inputs, steps, notes })
}

/// The column a step works on, if it names one.
pub(crate) fn step_column(step: &CleaningStep) -> Option<&str> {
    match step {
        CleaningStep::NormalizeCategories { column, .. }
        | CleaningStep::ParseFormattedNumbers { column }
        | CleaningStep::FlagImpossible { column, .. }
        | CleaningStep::ClipOutliers { column, .. }
        | CleaningStep::Impute { column, .. } => Some(column),
        _ => None,
    }
}

/// The feature a step's column names: the exact name, else the same name in another case
/// (as `Table::index_of` finds columns).
pub(crate) fn feature_named(features: &[FeatureSpec], column: &str) -> Option<usize> {
    features
        .iter()
        .position(|f| f.name == column)
        .or_else(|| features.iter().position(|f| f.name.eq_ignore_ascii_case(column)))
}

/// Tokens trimmed and lower-cased; non-ASCII tokens are refused (SQL's `LOWER` folds
/// non-ASCII letters in some databases, micronum compares them exactly).
fn lowered_tokens(tokens: &[String]) -> Result<Vec<String>, String> {
    tokens
        .iter()
        .map(|t| {
            let t = t.trim();
            if t.is_ascii() {
                Ok(t.to_ascii_lowercase())
            } else {
                Err(format!("the token \"{t}\" is not plain ASCII, and databases fold the case of such text differently"))
            }
        })
        .filter(|t| t.as_ref().map_or(true, |t| !t.is_empty()))
        .collect()
}

/// The first token that reads as a plain number.
pub(crate) fn numeric_token(tokens: &[String]) -> Option<String> {
    tokens.iter().find(|t| parse_number(t.trim(), false).is_some()).cloned()
}

/// A numeric feature from its raw column: blank cells and missing tokens (compared as trimmed,
/// lower-cased text) become NULL, anything else is read as a number. The raw value itself is
/// cast, never its text, so no digit is lost.
fn numeric_input(raw: &str, tokens: &[String], d: Dialect) -> String {
    let text = format!("LOWER(TRIM({}))", d.cast_text(raw));
    d.cast_float(&format!("CASE WHEN {text} IN ({}) THEN NULL ELSE {raw} END", tokens.join(", ")))
}

/// A categorical feature from its raw column: trimmed text, blank as NULL.
fn text_input(raw: &str, d: Dialect) -> String {
    format!("NULLIF(TRIM({}), '')", d.cast_text(raw))
}

/// `x.clamp(lo, hi)` on present values; an infinite bound is no bound.
fn clip(c: &str, lo: f64, hi: f64, d: Dialect) -> Result<String, SqlError> {
    if lo.is_nan() || hi.is_nan() {
        return Err(SqlError::NotFinite("a clip bound".into()));
    }
    let mut e = "CASE".to_string();
    if lo > f64::NEG_INFINITY {
        let lo = d.float(lo)?;
        e.push_str(&format!(" WHEN {c} < {lo} THEN {lo}"));
    }
    if hi < f64::INFINITY {
        let hi = d.float(hi)?;
        e.push_str(&format!(" WHEN {c} > {hi} THEN {hi}"));
    }
    if e == "CASE" {
        return Ok(c.to_string());
    }
    e.push_str(&format!(" ELSE {c} END"));
    Ok(e)
}

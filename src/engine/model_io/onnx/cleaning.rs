//! The model's cleaning log as ONNX: per number feature, the operations the graph applies to its
//! input in log order; per text feature, one table from input text to the forest's label code.
//!
//! Inputs (the contract the graph states): a number feature arrives as a double, NaN when
//! missing, already read as a number; a text feature arrives as its cell text trimmed (as
//! micronum's CSV reader trims it), "" when missing.
//!
//! Number features: impossible values, clipping and imputing with the stored value become
//! `Less`/`Greater`/`IsNaN` + `Where` nodes, which compare doubles exactly as `clean::apply`
//! does. Reading "$52,000" (`ParseFormattedNumbers`) is the caller's: the input is a number.
//! Text features: every step that changes text (missing spellings, category spellings,
//! imputing a label) is a function from one text to one text, so their composition followed by
//! the forest's label lookup is one map. It is computed by running micronum's own cleaning on a
//! one-column table of every text that can come out differently from "itself, unseen": the
//! training labels, "", the spellings of every missing token in every ASCII letter case (as
//! `eq_ignore_ascii_case` matches them), and every label a step maps from or to. Any other text
//! passes every step unchanged and is not a training label, so it is unseen.
//! A step whose effect depends on more than the input value (it learns again on every batch, or
//! acts only while a number column still holds text) is refused with its 1-based number, as
//! `export-sql` refuses it.

use std::collections::BTreeSet;

use super::trees::label_code;
use super::OnnxError;
use crate::engine::clean::{apply, describe, CleaningLog, CleaningStep};
use crate::engine::forest::FeatureSpec;
use crate::engine::model_io::sql::{feature_named, numeric_token, step_column};
use crate::engine::table::{Column, ColumnData, Kind, Table, MISSING_CODE};

/// Most ASCII letters in a missing-value token: the map lists its spellings in every letter
/// case, 2^letters of them (4096 for twelve).
pub const MAX_TOKEN_LETTERS: usize = 12;

/// One change to a number feature.
#[derive(Debug, Clone, PartialEq)]
pub enum NumberOp {
    /// Values below `min` or above `max` become NaN (an impossible value).
    NanOutside { min: f64, max: f64 },
    /// Values below `lo` become `lo`, above `hi` become `hi` (NaN stays).
    Clamp { lo: f64, hi: f64 },
    /// NaN becomes `value`.
    Fill { value: f64 },
}

/// A [`NumberOp`] and the step it comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberStep {
    /// 1-based position in the log.
    pub number: usize,
    pub description: String,
    pub op: NumberOp,
}

/// Input text → label code of the forest (see [`label_code`]); NaN for missing.
#[derive(Debug, Clone, PartialEq)]
pub struct TextMap {
    pub keys: Vec<String>,
    pub codes: Vec<f64>,
    /// Code of every text not in `keys`: the code of a label unseen in training.
    pub unseen: f64,
    /// 1-based numbers of the steps folded into the map.
    pub steps: Vec<usize>,
}

/// How the graph treats one feature.
#[derive(Debug, Clone, PartialEq)]
pub enum FeaturePlan {
    Number(Vec<NumberStep>),
    Text(TextMap),
}

/// The cleaning log for the graph.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One per feature, in forest order.
    pub features: Vec<FeaturePlan>,
    /// One line per step saying how it was handled.
    pub notes: Vec<String>,
}

/// Translates `log` for `features`.
pub fn plan(log: &CleaningLog, features: &[FeatureSpec]) -> Result<Plan, OnnxError> {
    let numeric: Vec<bool> = features.iter().map(|f| f.levels.is_none()).collect();
    let mut numbers_changed = vec![false; features.len()];
    let mut number_steps: Vec<Vec<NumberStep>> = vec![Vec::new(); features.len()];
    let mut text_steps: Vec<Vec<(usize, CleaningStep)>> = vec![Vec::new(); features.len()];
    let mut notes = Vec::new();
    for (i, step) in log.iter().enumerate() {
        let number = i + 1;
        let description = describe(step);
        let refuse = |reason: String| OnnxError::UnsupportedStep {
            step: number,
            description: description.clone(),
            reason,
        };
        let target = step_column(step).map(|c| feature_named(features, c));
        let mut number_op = None;
        let how = match (step, target) {
            (CleaningStep::MissingTokens { tokens }, _) => {
                if let Some(j) = (0..features.len()).find(|&j| numeric[j] && numbers_changed[j]) {
                    return Err(refuse(format!("it follows a step that changed the numbers of \"{}\", and micronum only blanks tokens while a column is still text", features[j].name)));
                }
                if let Some(t) = numeric.contains(&true).then(|| numeric_token(tokens)).flatten() {
                    return Err(refuse(format!("the token \"{t}\" reads as a number, and micronum blanks it only in columns that also hold text, which a number input cannot say")));
                }
                if let Some(t) = tokens.iter().find(|t| letters(t.trim()) > MAX_TOKEN_LETTERS) {
                    return Err(refuse(format!("the token \"{}\" has more than {MAX_TOKEN_LETTERS} letters; the graph lists its spellings in every letter case, and there would be too many", t.trim())));
                }
                for j in (0..features.len()).filter(|&j| !numeric[j]) {
                    text_steps[j].push((number, step.clone()));
                }
                "included: text inputs match it in any letter case; number inputs take NaN for a missing value"
            }
            (CleaningStep::NormalizeCategories { mapping, .. }, Some(Some(j))) if numeric[j] => {
                if !mapping.is_empty() {
                    return Err(refuse(format!("it rewrites text in \"{}\", which the model reads as numbers: the graph's input is already a number", features[j].name)));
                }
                "not needed: it does nothing to a feature of this kind"
            }
            (CleaningStep::NormalizeCategories { .. }, Some(Some(j))) => {
                text_steps[j].push((number, step.clone()));
                "included"
            }
            (CleaningStep::ParseFormattedNumbers { .. }, Some(Some(j))) => {
                if !numeric[j] {
                    return Err(refuse(format!("it turns \"{}\" into numbers, but the model reads it as text", features[j].name)));
                }
                if numbers_changed[j] {
                    return Err(refuse("it follows a step that changed the column's numbers, which micronum does only once a column holds numbers".into()));
                }
                "done by the caller: the input is the number (52000 for \"$52,000\")"
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
            (CleaningStep::ClipOutliers { lo, hi, .. }, _)
                if lo > hi || lo.is_nan() || hi.is_nan() =>
            {
                return Err(refuse("its range is empty, so micronum refuses it too".into()));
            }
            (CleaningStep::FlagImpossible { min, max, .. }, Some(Some(j))) if numeric[j] => {
                number_op = Some((j, NumberOp::NanOutside { min: *min, max: *max }));
                "included"
            }
            (CleaningStep::ClipOutliers { lo, hi, .. }, Some(Some(j))) if numeric[j] => {
                number_op = Some((j, NumberOp::Clamp { lo: *lo, hi: *hi }));
                "included"
            }
            (CleaningStep::Impute { value, .. }, Some(Some(j))) if numeric[j] => {
                let value = value.trim().parse::<f64>().map_err(|_| {
                    refuse(format!("the fill value \"{value}\" is not a number, so micronum refuses it too"))
                })?;
                number_op = Some((j, NumberOp::Fill { value }));
                "included"
            }
            (CleaningStep::Impute { .. }, Some(Some(j))) => {
                text_steps[j].push((number, step.clone()));
                "included"
            }
            (CleaningStep::DropDuplicates | CleaningStep::DropRowsMissingTarget { .. }, _) => {
                "not applied: every row is scored (rows it would drop score as their kept twins, or have no target)"
            }
            (CleaningStep::MapTargetLabels { .. }, _) => "not needed: it changes only the target",
            (_, Some(Some(_))) => "not needed: it does nothing to a feature of this kind",
            _ => "not needed: the model does not use that column",
        };
        if let Some((j, op)) = number_op {
            numbers_changed[j] = true;
            number_steps[j].push(NumberStep { number, description: description.clone(), op });
        }
        notes.push(format!("step {number}: {description} — {how}"));
    }
    let features = features
        .iter()
        .zip(number_steps.into_iter().zip(text_steps))
        .map(|(spec, (numbers, texts))| match &spec.levels {
            None => Ok(FeaturePlan::Number(numbers)),
            Some(levels) => text_map(&spec.name, levels, &texts).map(FeaturePlan::Text),
        })
        .collect::<Result<_, OnnxError>>()?;
    Ok(Plan { features, notes })
}

/// ASCII letters in `token`.
fn letters(token: &str) -> usize {
    token.chars().filter(char::is_ascii_alphabetic).count()
}

/// `token` in every ASCII letter case ("n/a" → "n/a", "N/a", "n/A", "N/A"); other characters
/// as they are, since `eq_ignore_ascii_case` compares them exactly.
fn case_spellings(token: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    for ch in token.chars() {
        if ch.is_ascii_alphabetic() {
            out = out
                .into_iter()
                .flat_map(|s| {
                    [ch.to_ascii_lowercase(), ch.to_ascii_uppercase()].map(|c| format!("{s}{c}"))
                })
                .collect();
        } else {
            out.iter_mut().for_each(|s| s.push(ch));
        }
    }
    out
}

/// The map of the text feature `name` (training labels `levels`) through `steps` (its text
/// steps with their 1-based numbers), computed by micronum's own cleaning.
fn text_map(
    name: &str,
    levels: &[String],
    steps: &[(usize, CleaningStep)],
) -> Result<TextMap, OnnxError> {
    let mut texts: BTreeSet<String> = levels.iter().cloned().collect();
    texts.insert(String::new());
    for (_, step) in steps {
        match step {
            CleaningStep::MissingTokens { tokens } => {
                tokens.iter().for_each(|t| texts.extend(case_spellings(t.trim())))
            }
            CleaningStep::NormalizeCategories { mapping, .. } => {
                texts.extend(mapping.keys().cloned());
                texts.extend(mapping.values().cloned());
            }
            CleaningStep::Impute { value, .. } => {
                texts.insert(value.clone());
            }
            _ => {}
        }
    }
    let texts: Vec<String> = texts.into_iter().collect();
    let log: CleaningLog = steps.iter().map(|(_, s)| s.clone()).collect();
    let (clean, _) = apply(&one_column(name, &texts), &log)?;
    let col = &clean.columns[0].data;
    let unseen = label_code(levels.len());
    let mut keys = Vec::new();
    let mut codes = Vec::new();
    for (r, text) in texts.into_iter().enumerate() {
        let code = if col.is_missing(r) {
            f64::NAN
        } else {
            let label = col.text(r);
            levels.iter().position(|l| *l == label).map_or(unseen, label_code)
        };
        if code.to_bits() != unseen.to_bits() {
            keys.push(text);
            codes.push(code);
        }
    }
    Ok(TextMap { keys, codes, unseen, steps: steps.iter().map(|(n, _)| *n).collect() })
}

/// A text column `name` holding `texts` ("" as missing), then one more label that is no number,
/// no token and no key, so that blanking tokens never turns the column into numbers (a batch
/// column that did could not be scored by the model anyway).
fn one_column(name: &str, texts: &[String]) -> Table {
    let mut guard = "\u{1}micronum".to_string();
    while texts.contains(&guard) {
        guard.push('\u{1}');
    }
    let mut levels: Vec<String> = Vec::with_capacity(texts.len() + 1);
    let mut codes = Vec::with_capacity(texts.len() + 1);
    for t in texts.iter().chain(std::iter::once(&guard)) {
        if t.is_empty() {
            codes.push(MISSING_CODE);
        } else {
            codes.push(levels.len() as u32);
            levels.push(t.clone());
        }
    }
    Table {
        row_ids: (0..codes.len()).collect(),
        columns: vec![Column {
            name: name.into(),
            kind: Kind::Categorical,
            data: ColumnData::labels(codes, levels),
        }],
    }
}

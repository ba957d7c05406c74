//! Replaying a cleaning log on a table. Every step reports the rows and cells it changed.
//! Steps that name a column the table lacks are skipped and say so (a scoring batch has no
//! target column, for example); the schema check of the model catches real omissions.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::duplicates::first_occurrences;
use super::ops::{
    blank_tokens, fill_missing, map_numbers, numeric_if_possible, parse_formatted_column,
    remap_levels,
};
use super::{CleanError, CleaningLog, CleaningStep};
use crate::engine::ingest::dates::date_parts;
use crate::engine::table::{ColumnData, Kind, Table, MISSING_CODE};

/// What one step did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepReport {
    pub step: CleaningStep,
    pub description: String,
    pub rows_affected: usize,
    pub cells_affected: usize,
    pub rows_before: usize,
    pub rows_after: usize,
}

/// Applies `log` to a copy of `table`; the input is never modified.
pub fn apply(table: &Table, log: &CleaningLog) -> Result<(Table, Vec<StepReport>), CleanError> {
    let mut t = table.clone();
    let mut reports = Vec::with_capacity(log.len());
    for (i, step) in log.iter().enumerate() {
        reports.push(apply_step(&mut t, step, i + 1)?);
    }
    Ok((t, reports))
}

/// Applies one step in place (`number` is its 1-based position, for messages).
pub fn apply_step(
    t: &mut Table,
    step: &CleaningStep,
    number: usize,
) -> Result<StepReport, CleanError> {
    let rows_before = t.n_rows();
    let step = &super::learn::resolve(t, step);
    let (cells, description) = run(t, step, number)?;
    let rows_after = t.n_rows();
    let rows_affected = if rows_after != rows_before { rows_before - rows_after } else { cells };
    Ok(StepReport {
        step: step.clone(),
        description,
        rows_affected,
        cells_affected: cells,
        rows_before,
        rows_after,
    })
}

fn run(t: &mut Table, step: &CleaningStep, number: usize) -> Result<(usize, String), CleanError> {
    let desc = super::describe(step);
    let missing_col =
        |name: &str| (0, format!("{desc} — skipped: no column \"{name}\" in this data"));
    match step {
        CleaningStep::MissingTokens { tokens } => {
            let mut n = 0;
            for col in t.columns.iter_mut() {
                let hit = blank_tokens(col, tokens);
                if hit > 0 {
                    numeric_if_possible(col);
                }
                n += hit;
            }
            Ok((n, desc))
        }
        CleaningStep::NormalizeCategories { column, mapping } => match t.index_of(column) {
            Some(i) => Ok((remap_levels(&mut t.columns[i], mapping), desc)),
            None => Ok(missing_col(column)),
        },
        CleaningStep::ParseFormattedNumbers { column } => match t.index_of(column) {
            Some(i) => {
                let (changed, lost) = parse_formatted_column(&mut t.columns[i]);
                let d = if lost > 0 {
                    format!("{desc}; {lost} unreadable cells became missing")
                } else {
                    desc
                };
                Ok((changed + lost, d))
            }
            None => Ok(missing_col(column)),
        },
        CleaningStep::FlagImpossible { column, min, max } => {
            if min > max {
                return Err(CleanError::EmptyRange {
                    step: number,
                    column: column.clone(),
                    min: *min,
                    max: *max,
                });
            }
            match t.index_of(column) {
                Some(i) => {
                    let (lo, hi) = (*min, *max);
                    Ok((
                        map_numbers(
                            &mut t.columns[i],
                            |x| if x < lo || x > hi { f64::NAN } else { x },
                        ),
                        desc,
                    ))
                }
                None => Ok(missing_col(column)),
            }
        }
        CleaningStep::ClipOutliers { column, lo, hi, .. } => {
            // `clamp` panics on NaN bounds: refuse them like an empty range.
            if lo > hi || lo.is_nan() || hi.is_nan() {
                return Err(CleanError::EmptyRange {
                    step: number,
                    column: column.clone(),
                    min: *lo,
                    max: *hi,
                });
            }
            match t.index_of(column) {
                Some(i) => Ok((map_numbers(&mut t.columns[i], |x| x.clamp(*lo, *hi)), desc)),
                None => Ok(missing_col(column)),
            }
        }
        CleaningStep::Impute { column, value, .. } => match t.index_of(column) {
            Some(i) => fill_missing(&mut t.columns[i], value).map(|n| (n, desc)).map_err(|_| {
                CleanError::BadFillValue {
                    step: number,
                    column: column.clone(),
                    value: value.clone(),
                }
            }),
            None => Ok(missing_col(column)),
        },
        CleaningStep::DateParts { column } => match t.index_of(column) {
            Some(i) => {
                let cells = t.columns[i].data.len() - t.columns[i].data.missing_count();
                *t = date_parts(t, column).map_err(|e| CleanError::NotDates {
                    step: number,
                    column: column.clone(),
                    message: e.to_string(),
                })?;
                Ok((cells, desc))
            }
            None => Ok(missing_col(column)),
        },
        CleaningStep::DropDuplicates => {
            let keep = first_occurrences(t);
            let dropped = t.n_rows() - keep.len();
            *t = t.take_rows(&keep);
            Ok((dropped, desc))
        }
        CleaningStep::DropRowsMissingTarget { target } => match t.index_of(target) {
            Some(i) => {
                let keep: Vec<usize> =
                    (0..t.n_rows()).filter(|&r| !t.columns[i].data.is_missing(r)).collect();
                let dropped = t.n_rows() - keep.len();
                *t = t.take_rows(&keep);
                Ok((dropped, desc))
            }
            None => Ok(missing_col(target)),
        },
        CleaningStep::MapTargetLabels { target, mapping } => match t.index_of(target) {
            Some(i) => Ok(map_target(t, i, mapping, desc)),
            None => Ok(missing_col(target)),
        },
    }
}

/// Maps target labels to numbers 0/1; labels outside the mapping become missing.
fn map_target(
    t: &mut Table,
    i: usize,
    mapping: &std::collections::BTreeMap<String, String>,
    desc: String,
) -> (usize, String) {
    let col = &mut t.columns[i];
    let n = col.data.len();
    let (mut changed, mut unknown) = (0, 0);
    let values: Vec<f64> = (0..n)
        .map(|r| {
            if col.data.is_missing(r) {
                return f64::NAN;
            }
            let text = col.data.text(r);
            match mapping
                .get(&text)
                .or_else(|| mapping.get(text.trim()))
                .and_then(|v| v.parse::<f64>().ok())
            {
                Some(v) => {
                    changed += (crate::engine::table::format_number(v) != text) as usize;
                    v
                }
                None => {
                    unknown += 1;
                    f64::NAN
                }
            }
        })
        .collect();
    col.data = ColumnData::numbers(values);
    col.kind = Kind::Boolean;
    let desc =
        if unknown > 0 { format!("{desc}; {unknown} unknown labels became missing") } else { desc };
    (changed + unknown, desc)
}

/// Labels of a categorical column that are used, with counts.
pub fn level_counts(data: &ColumnData) -> Vec<(String, usize)> {
    let ColumnData::Categorical { codes, levels } = data else { return Vec::new() };
    let mut counts = vec![0usize; levels.len()];
    for &c in codes.iter() {
        if c != MISSING_CODE {
            counts[c as usize] += 1;
        }
    }
    levels.iter().cloned().zip(counts).filter(|(_, k)| *k > 0).collect()
}

/// Columns named in a log (for schema checks of batches).
pub fn columns_named(log: &CleaningLog) -> HashSet<String> {
    log.iter()
        .filter_map(|s| match s {
            CleaningStep::NormalizeCategories { column, .. }
            | CleaningStep::ParseFormattedNumbers { column }
            | CleaningStep::FlagImpossible { column, .. }
            | CleaningStep::ClipOutliers { column, .. }
            | CleaningStep::Impute { column, .. }
            | CleaningStep::DateParts { column } => Some(column.clone()),
            _ => None,
        })
        .collect()
}

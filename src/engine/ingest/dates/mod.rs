//! Recognising date columns, and turning one into year / month / weekday features.
//!
//! A date is not a good feature as read: as text it has a label per day (too many for a
//! category), and the forest cannot extrapolate a time line. So a column of dates gets the role
//! "ignore" with the format as evidence, and [`date_parts`] offers the useful parts instead.
//!
//! Formats (one per column, the first that reads ≥ 95 % of the distinct labels):
//! ISO `2024-01-31` (also `2024/01/31`, and with a time `T10:00` or ` 10:00:00` after it),
//! day first `31/01/2024`, `31.01.2024`, `31-01-2024`, month first `01/31/2024` (two-digit years
//! read as 19xx above 69, else 20xx), and month names `31 Jan 2024`, `31-Jan-2024`,
//! `Jan 31, 2024`, `January 31 2024`. Day/month order: day first unless some value only reads
//! month first (`01/31/2024`). Invariants: months are 1–12, days exist in their month (leap
//! years included); weekday is ISO (Monday 1 … Sunday 7).

use serde::{Deserialize, Serialize};
use thiserror::Error;

mod parse;

use crate::engine::table::{Column, ColumnData, Kind, Table, MISSING_CODE};
use parse::{iso, named, numeric};

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

/// How a column writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateFormat {
    /// `2024-01-31`, `2024/01/31`, optionally followed by a time.
    Iso,
    /// `31/01/2024`, `31.01.2024`, `31-01-2024`.
    DayFirst,
    /// `01/31/2024`.
    MonthFirst,
    /// `31 Jan 2024`, `Jan 31, 2024`, `31-Jan-2024`.
    MonthName,
}

impl DateFormat {
    /// The format in words, with an example.
    pub fn describe(self) -> &'static str {
        match self {
            DateFormat::Iso => "ISO dates (2024-01-31)",
            DateFormat::DayFirst => "dates written day first (31/01/2024)",
            DateFormat::MonthFirst => "dates written month first (01/31/2024)",
            DateFormat::MonthName => "dates with month names (31 Jan 2024)",
        }
    }
}

/// Share of a column's distinct labels that must read as dates.
const MIN_SHARE: f64 = 0.95;

/// Why [`date_parts`] could not expand a column.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DateError {
    #[error("no column \"{0}\"")]
    NoSuchColumn(String),
    #[error("column \"{column}\" does not hold dates (e.g. {example:?})")]
    NotDates { column: String, example: String },
}

/// Reads `text` in `format` (None when it is not a valid date in it).
pub fn parse_date(text: &str, format: DateFormat) -> Option<Date> {
    let t = text.trim();
    match format {
        DateFormat::Iso => iso(t),
        DateFormat::DayFirst => numeric(t, true),
        DateFormat::MonthFirst => numeric(t, false),
        DateFormat::MonthName => named(t),
    }
}

/// The format reading at least 95 % of `labels` (distinct non-missing cells), if any.
pub fn detect_format(labels: &[&str]) -> Option<DateFormat> {
    if labels.is_empty() {
        return None;
    }
    let reads = |f: DateFormat| labels.iter().filter(|l| parse_date(l, f).is_some()).count();
    let enough = |k: usize| k > 0 && k as f64 >= MIN_SHARE * labels.len() as f64;
    if enough(reads(DateFormat::Iso)) {
        return Some(DateFormat::Iso);
    }
    // Day first unless only month first reads the column (some day above 12 in second place).
    let (day, month) = (reads(DateFormat::DayFirst), reads(DateFormat::MonthFirst));
    if enough(day) && day >= month {
        return Some(DateFormat::DayFirst);
    }
    if enough(month) {
        return Some(DateFormat::MonthFirst);
    }
    enough(reads(DateFormat::MonthName)).then_some(DateFormat::MonthName)
}

/// The date format of a text column (None for numbers or non-dates).
pub fn column_date_format(column: &Column) -> Option<DateFormat> {
    let ColumnData::Categorical { levels, .. } = &column.data else { return None };
    let labels: Vec<&str> = levels
        .iter()
        .map(|l| l.as_str())
        .filter(|l| !l.trim().is_empty() && !super::is_missing_token(l))
        .collect();
    detect_format(&labels)
}

/// `table` with the date column `name` replaced by three numeric features `{name}_year`,
/// `{name}_month` (1–12) and `{name}_weekday` (ISO: Monday 1 … Sunday 7); cells that are
/// missing or not dates become missing.
pub fn date_parts(table: &Table, name: &str) -> Result<Table, DateError> {
    let i = table.index_of(name).ok_or_else(|| DateError::NoSuchColumn(name.into()))?;
    let col = &table.columns[i];
    let not_dates = || DateError::NotDates { column: col.name.clone(), example: col.data.text(0) };
    let format = column_date_format(col).ok_or_else(not_dates)?;
    let ColumnData::Categorical { codes, levels } = &col.data else { return Err(not_dates()) };
    let dates: Vec<Option<Date>> = levels.iter().map(|l| parse_date(l, format)).collect();
    let part = |f: fn(Date) -> f64| -> Vec<f64> {
        codes
            .iter()
            .map(|&c| match c {
                MISSING_CODE => f64::NAN,
                c => dates[c as usize].map_or(f64::NAN, f),
            })
            .collect()
    };
    let numeric = |suffix: &str, values: Vec<f64>| Column {
        name: format!("{}_{suffix}", col.name),
        kind: Kind::Numeric,
        data: ColumnData::numbers(values),
    };
    let parts = [
        numeric("year", part(|d| d.year as f64)),
        numeric("month", part(|d| d.month as f64)),
        numeric("weekday", part(|d| weekday(d) as f64)),
    ];
    let mut columns = table.columns.clone();
    columns.splice(i..=i, parts);
    Ok(Table { columns, row_ids: table.row_ids.clone() })
}

/// ISO weekday (Monday 1 … Sunday 7), from the days since 1970-01-01 (a Thursday).
pub fn weekday(d: Date) -> u32 {
    let days = days_from_civil(d);
    ((days + 3).rem_euclid(7) + 1) as u32
}

/// Days since 1970-01-01 (proleptic Gregorian; Howard Hinnant's algorithm).
fn days_from_civil(d: Date) -> i64 {
    let y = d.year as i64 - (d.month <= 2) as i64;
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = d.month as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d.day as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests;

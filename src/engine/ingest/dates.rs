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

use crate::engine::table::{Column, ColumnData, Kind, Table, MISSING_CODE};

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
        data: ColumnData::Numeric(values),
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

fn valid(year: i32, month: u32, day: u32) -> Option<Date> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(Date { year, month, day })
}

/// Digits only, 1 to `max` of them.
fn digits(s: &str, max: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A four-digit year, or a two-digit one (70–99 → 19xx, 00–69 → 20xx).
fn year(s: &str) -> Option<i32> {
    match s.len() {
        4 => digits(s, 4).map(|y| y as i32),
        2 => digits(s, 2).map(|y| if y >= 70 { 1900 + y as i32 } else { 2000 + y as i32 }),
        _ => None,
    }
}

/// The date part of a date-time: what comes before `T` or a space followed by a time.
fn date_part(t: &str) -> &str {
    let cut = t.find(['T', ' ']).unwrap_or(t.len());
    let rest = &t[cut..];
    let time_like = rest.len() > 1 && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    if cut < t.len() && time_like && rest[1..].contains(':') {
        &t[..cut]
    } else {
        t
    }
}

fn iso(t: &str) -> Option<Date> {
    let d = date_part(t);
    let sep = if d.contains('-') { '-' } else { '/' };
    let mut it = d.split(sep);
    let (y, m, day) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    valid(year(y)?, digits(m, 2)?, digits(day, 2)?)
}

fn numeric(t: &str, day_first: bool) -> Option<Date> {
    let d = date_part(t);
    let sep = ['/', '.', '-'].into_iter().find(|&s| d.contains(s))?;
    let mut it = d.split(sep);
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (day, month) = if day_first { (a, b) } else { (b, a) };
    valid(year(y)?, digits(month, 2)?, digits(day, 2)?)
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A month from its English name or three-letter abbreviation (any case).
fn month_name(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let i = MONTHS.iter().position(|m| l.starts_with(m))?;
    (l == MONTHS[i] || l == full[i] || (i == 8 && l == "sept")).then_some(i as u32 + 1)
}

fn named(t: &str) -> Option<Date> {
    let parts: Vec<&str> = t.split([' ', '-', ',']).filter(|p| !p.is_empty()).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    // `31 Jan 2024` or `Jan 31 2024`.
    let (day, month) = match (month_name(a), month_name(b)) {
        (None, Some(m)) => (digits(a, 2)?, m),
        (Some(m), None) => (digits(b, 2)?, m),
        _ => return None,
    };
    valid(year(c)?, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(year: i32, month: u32, day: u32) -> Option<Date> {
        Some(Date { year, month, day })
    }

    #[test]
    fn each_format_reads_its_dates_and_refuses_impossible_ones() {
        assert_eq!(parse_date("2024-02-29", DateFormat::Iso), d(2024, 2, 29));
        assert_eq!(parse_date("2024/01/31 10:15:00", DateFormat::Iso), d(2024, 1, 31));
        assert_eq!(parse_date("2024-01-31T10:15Z", DateFormat::Iso), d(2024, 1, 31));
        assert_eq!(parse_date("2023-02-29", DateFormat::Iso), None, "2023 is not a leap year");
        assert_eq!(parse_date("1900-02-29", DateFormat::Iso), None, "1900 is not a leap year");
        assert_eq!(parse_date("2024-13-01", DateFormat::Iso), None);
        assert_eq!(parse_date("31/01/2024", DateFormat::DayFirst), d(2024, 1, 31));
        assert_eq!(parse_date("31.01.99", DateFormat::DayFirst), d(1999, 1, 31));
        assert_eq!(parse_date("01/31/2024", DateFormat::MonthFirst), d(2024, 1, 31));
        assert_eq!(parse_date("01/31/2024", DateFormat::DayFirst), None);
        assert_eq!(parse_date("31 Jan 2024", DateFormat::MonthName), d(2024, 1, 31));
        assert_eq!(parse_date("Sept 3, 2024", DateFormat::MonthName), d(2024, 9, 3));
        assert_eq!(parse_date("03-Sep-24", DateFormat::MonthName), d(2024, 9, 3));
        assert_eq!(parse_date("January 5 2024", DateFormat::MonthName), d(2024, 1, 5));
        for not in ["12", "1.5", "abc", "2024", "12/2024", "Janitor 5 2024", "10:00"] {
            for f in [DateFormat::Iso, DateFormat::DayFirst, DateFormat::MonthFirst] {
                assert_eq!(parse_date(not, f), None, "{not} as {f:?}");
            }
            assert_eq!(parse_date(not, DateFormat::MonthName), None, "{not}");
        }
    }

    #[test]
    fn the_column_format_decides_day_and_month_order() {
        assert_eq!(detect_format(&["2024-01-05", "2024-02-06"]), Some(DateFormat::Iso));
        // 13/02 only reads day first; 02/13 only month first; ambiguous ones read day first.
        assert_eq!(detect_format(&["13/02/2024", "01/02/2024"]), Some(DateFormat::DayFirst));
        assert_eq!(detect_format(&["02/13/2024", "01/02/2024"]), Some(DateFormat::MonthFirst));
        assert_eq!(detect_format(&["01/02/2024", "03/04/2024"]), Some(DateFormat::DayFirst));
        assert_eq!(detect_format(&["5 Jan 2024", "6 Feb 2024"]), Some(DateFormat::MonthName));
        assert_eq!(detect_format(&["a", "2024-01-01"]), None, "half are not dates");
        assert_eq!(detect_format(&[]), None);
    }

    #[test]
    fn weekdays_match_the_calendar() {
        // 1970-01-01 was a Thursday, 2000-01-01 a Saturday, 2024-02-29 a Thursday,
        // 1969-12-31 a Wednesday, 2024-12-30 a Monday.
        let wd = |y, m, day| weekday(Date { year: y, month: m, day });
        assert_eq!(wd(1970, 1, 1), 4);
        assert_eq!(wd(2000, 1, 1), 6);
        assert_eq!(wd(2024, 2, 29), 4);
        assert_eq!(wd(1969, 12, 31), 3);
        assert_eq!(wd(2024, 12, 30), 1);
        assert_eq!(wd(2025, 1, 5), 7);
    }

    #[test]
    fn date_parts_replace_the_column_in_place() {
        let text = "id,signup,y\n1,2024-02-29,0\n2,,1\n3,2023-12-31,0\n";
        let t = crate::engine::ingest::ingest(text.as_bytes(), &Default::default()).unwrap().table;
        let out = date_parts(&t, "signup").unwrap();
        let names: Vec<&str> = out.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "signup_year", "signup_month", "signup_weekday", "y"]);
        let nan = f64::NAN;
        let v = |i: usize| format!("{:?}", out.columns[i].data);
        assert_eq!(v(1), format!("{:?}", ColumnData::Numeric(vec![2024.0, nan, 2023.0])));
        assert_eq!(v(2), format!("{:?}", ColumnData::Numeric(vec![2.0, nan, 12.0])));
        // 2023-12-31 was a Sunday.
        assert_eq!(v(3), format!("{:?}", ColumnData::Numeric(vec![4.0, nan, 7.0])));
        assert_eq!(out.row_ids, t.row_ids);
        assert_eq!(date_parts(&t, "nope").unwrap_err(), DateError::NoSuchColumn("nope".into()));
        assert!(matches!(date_parts(&t, "id"), Err(DateError::NotDates { .. })));
    }
}

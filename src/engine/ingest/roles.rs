//! What each column is for in a model — feature, target, id or ignore — inferred from its
//! content and its name, with the evidence shown to the user (the Data step's "Role" column,
//! `micronum inspect`).
//!
//! Why: a real export numbers its rows (`rownames`, `Unnamed: 0`, an empty header), carries
//! customer numbers, constant columns, free text and dates; used as features they are noise at
//! best and a leak at worst (a row number in a file sorted by outcome). So they are never
//! features unless the user says so: [`crate::engine::dataset::Dataset::from_table`] honours
//! these roles and the user's overrides.
//!
//! Rules, in order: every value missing → ignore; one distinct value → ignore (constant); text
//! holding dates → ignore (see [`super::dates`]); integers that number the rows (in file order,
//! a permutation of 0…n−1 or 1…n, or distinct integers under a row-index header) → id; a column
//! whose kind is id (named like an id, or one text label per row) → id; a distinct number per
//! row under a key-like name (`CLIENTNUM`, `account_number`) → id; distinct integers
//! spread too thinly to be a quantity → id; free text, or more labels than a split can use →
//! ignore; anything else → feature. The target's role is set by the caller (see
//! [`super::target_guess`]).

use serde::{Deserialize, Serialize};

use super::dates::column_date_format;
use super::infer::{distinct_numbers, is_integer};
use crate::engine::table::{Column, ColumnData, Kind, Table, MISSING_CODE};

/// What a column is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// An input of the model.
    #[default]
    Feature,
    /// The outcome to predict.
    Target,
    /// Names or numbers the rows: never a feature.
    Id,
    /// Left out of the model (constant, free text, dates, or the user's choice).
    Ignore,
}

impl Role {
    /// The role as written in files and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Feature => "feature",
            Role::Target => "target",
            Role::Id => "id",
            Role::Ignore => "ignore",
        }
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "feature" => Ok(Role::Feature),
            "target" => Ok(Role::Target),
            "id" => Ok(Role::Id),
            "ignore" => Ok(Role::Ignore),
            other => Err(format!("role must be feature, target, id or ignore, got {other:?}")),
        }
    }
}

/// Why a column got its role: a machine key beside the evidence text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoleReason {
    #[default]
    Feature,
    Target,
    /// Numbers the rows.
    RowIndex,
    /// Unique per row: a key.
    Id,
    /// One value everywhere.
    Constant,
    /// Every value missing.
    Empty,
    /// Free text, or more labels than a split can use.
    Text,
    /// Dates as text.
    Date,
    /// Set by the user.
    User,
}

/// The role of one column and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnRole {
    pub column: String,
    pub role: Role,
    pub reason: RoleReason,
    /// What was found, in words.
    pub evidence: String,
}

/// The user's role for a column (by name), over the inferred one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleOverride {
    pub column: String,
    pub role: Role,
}

/// The roles a model uses: inferred, then the user's `overrides` and `drop` list (role ignore),
/// and `target` (when present in `table`) as the target. Columns named in `overrides` or `drop`
/// compare case-insensitively.
pub fn effective_roles(
    table: &Table,
    target: Option<&str>,
    overrides: &[RoleOverride],
    drop: &[String],
) -> Vec<ColumnRole> {
    let target = target.and_then(|t| table.index_of(t));
    let mut roles = infer_roles(table);
    for (i, r) in roles.iter_mut().enumerate() {
        let user = overrides.iter().rev().find(|o| o.column.eq_ignore_ascii_case(&r.column));
        if Some(i) == target {
            (r.role, r.reason, r.evidence) =
                (Role::Target, RoleReason::Target, "the target chosen".into());
        } else if drop.iter().any(|d| d.eq_ignore_ascii_case(&r.column)) {
            (r.role, r.reason, r.evidence) =
                (Role::Ignore, RoleReason::User, "left out by the user".into());
        } else if let Some(o) = user {
            let was = format!("set by the user (inferred: {}, {})", r.role.as_str(), r.evidence);
            // A second target is not the target: left out.
            let role = if o.role == Role::Target { Role::Ignore } else { o.role };
            (r.role, r.reason, r.evidence) = (role, RoleReason::User, was);
        }
    }
    roles
}

/// Header names that mean "row number" (compared lower case, trimmed).
const INDEX_NAMES: [&str; 11] =
    ["rownames", "unnamed: 0", "index", "x", "...1", "row", "rownum", "row_number", "#", "", "v1"];

/// Fewest rows in which numbers can be recognised as row numbers (in a handful of rows, 1, 2, 3
/// may as well be a quantity).
const MIN_ROWS: usize = 20;

/// Most labels a categorical feature may have (the forest codes labels in a byte, one code
/// kept for missing).
pub const MAX_LABELS: usize = 254;

/// The inferred role of every column of `table` (the target, if any, is set by the caller).
pub fn infer_roles(table: &Table) -> Vec<ColumnRole> {
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (role, reason, evidence) = infer_role(c, i, &table.row_ids);
            ColumnRole { column: c.name.clone(), role, reason, evidence }
        })
        .collect()
}

/// The role of column `c` (at position `index`) of a table whose rows have `row_ids`.
pub fn infer_role(c: &Column, index: usize, row_ids: &[usize]) -> (Role, RoleReason, String) {
    let n = c.data.len();
    let missing = c.data.missing_count();
    if missing == n {
        return (Role::Ignore, RoleReason::Empty, "every value is missing".into());
    }
    if let Some(label) = constant(&c.data) {
        let evidence = format!("one value ({label:?}) in all {} non-empty rows", n - missing);
        return (Role::Ignore, RoleReason::Constant, evidence);
    }
    match &c.data {
        ColumnData::Numeric(v) => numeric_role(c, index, v, row_ids),
        ColumnData::Categorical { levels, .. } => text_role(c, levels.len()),
    }
}

fn numeric_role(
    c: &Column,
    index: usize,
    v: &[f64],
    row_ids: &[usize],
) -> (Role, RoleReason, String) {
    if let Some(evidence) = row_index(&c.name, index, v, row_ids) {
        return (Role::Id, RoleReason::RowIndex, evidence);
    }
    if c.kind == Kind::Id {
        return (Role::Id, RoleReason::Id, "named like an id, one value per row".into());
    }
    if key_like_name(&c.name) && distinct_numbers(v) == v.len() {
        let evidence = format!("{:?} is named like a key, and every row has its own", c.name);
        return (Role::Id, RoleReason::Id, evidence);
    }
    if let Some(evidence) = sparse_distinct_integers(v) {
        return (Role::Id, RoleReason::Id, evidence);
    }
    (Role::Feature, RoleReason::Feature, feature_evidence(c))
}

fn text_role(c: &Column, labels: usize) -> (Role, RoleReason, String) {
    if let Some(format) = column_date_format(c) {
        let evidence = format!(
            "{}: left out as read; they can become year, month and weekday features",
            format.describe()
        );
        return (Role::Ignore, RoleReason::Date, evidence);
    }
    match c.kind {
        Kind::Id => {
            let evidence = format!("one label per row ({labels} distinct): a key, not a feature");
            (Role::Id, RoleReason::Id, evidence)
        }
        Kind::Text => {
            let evidence = format!("free text: {labels} distinct values, too many for a category");
            (Role::Ignore, RoleReason::Text, evidence)
        }
        Kind::Categorical if labels > MAX_LABELS => {
            let evidence = format!("{labels} labels: more than the {MAX_LABELS} a split can use");
            (Role::Ignore, RoleReason::Text, evidence)
        }
        _ => (Role::Feature, RoleReason::Feature, feature_evidence(c)),
    }
}

fn feature_evidence(c: &Column) -> String {
    let kind = match c.kind {
        Kind::Numeric => "numbers",
        Kind::Boolean => "two values",
        _ => "categories",
    };
    format!("a feature ({kind})")
}

/// The only non-missing value's text, when the column has exactly one.
fn constant(data: &ColumnData) -> Option<String> {
    match data {
        ColumnData::Numeric(v) => {
            let mut present = v.iter().filter(|x| !x.is_nan());
            let first = *present.next()?;
            present.all(|&x| x == first).then(|| crate::engine::table::format_number(first))
        }
        ColumnData::Categorical { codes, levels } => {
            let mut present = codes.iter().filter(|&&c| c != MISSING_CODE);
            let first = *present.next()?;
            present.all(|&c| c == first).then(|| levels[first as usize].clone())
        }
    }
}

/// Evidence that integer column `v` (named `name`, at position `index`) numbers the rows.
fn row_index(name: &str, index: usize, v: &[f64], row_ids: &[usize]) -> Option<String> {
    let n = v.len();
    if n < MIN_ROWS || v.iter().any(|x| x.is_nan() || !is_integer(*x)) {
        return None;
    }
    for offset in [0.0, 1.0] {
        if v.iter().zip(row_ids).all(|(&x, &r)| x == r as f64 + offset) {
            let (first, last) = (v[0], v[n - 1]);
            return Some(format!(
                "row numbers: {} … {} in file order (the record number{})",
                first as i64,
                last as i64,
                if offset == 1.0 { " counted from 1" } else { " counted from 0" }
            ));
        }
    }
    if distinct_numbers(v) != n {
        return None;
    }
    let (lo, hi) =
        v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    if (lo == 0.0 || lo == 1.0) && hi - lo + 1.0 == n as f64 {
        return Some(format!("a permutation of {} … {}: row numbers in another order", lo, hi));
    }
    let header = name.trim().to_ascii_lowercase();
    let blank = header == format!("column_{}", index + 1);
    (INDEX_NAMES.contains(&header.as_str()) || blank).then(|| {
        let shown = if blank { "an empty header".to_string() } else { format!("{name:?}") };
        format!("distinct integers under {shown}, a row-number header")
    })
}

/// True when the last word of `name` says "key" (`client_num`, `AccountNumber`, `ref_nr`), or
/// a one-word name ends in "num" (`CLIENTNUM`).
fn key_like_name(name: &str) -> bool {
    let words = super::target::words(name);
    let key = ["id", "ids", "num", "number", "nr", "key", "uuid", "guid"];
    match words.as_slice() {
        [one] if one.len() >= 5 && one.ends_with("num") => true,
        [.., last] => key.contains(&last.as_str()),
        [] => false,
    }
}

/// Evidence that distinct integers are a key rather than a quantity: random quantities of
/// that spread would repeat (n²/2R expected repeats for n draws from a range of R values).
fn sparse_distinct_integers(v: &[f64]) -> Option<String> {
    /// Expected repeats above which all-distinct values are not chance.
    const EXPECTED_REPEATS: f64 = 10.0;
    let n = v.len();
    if n < 50 || v.iter().any(|x| x.is_nan() || !is_integer(*x)) || distinct_numbers(v) != n {
        return None;
    }
    let (lo, hi) =
        v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let range = hi - lo + 1.0;
    let expected = (n as f64) * (n as f64) / (2.0 * range);
    (expected >= EXPECTED_REPEATS).then(|| {
        format!(
            "{n} distinct integers in a range of {range}: a quantity would repeat about \
             {expected:.0} times, so this is a key"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};

    fn roles(text: &str) -> Vec<(String, Role, RoleReason)> {
        let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
        infer_roles(&t).into_iter().map(|r| (r.column, r.role, r.reason)).collect()
    }

    fn csv(header: &str, rows: usize, row: impl Fn(usize) -> String) -> String {
        let mut s = format!("{header}\n");
        (0..rows).for_each(|i| s += &format!("{}\n", row(i)));
        s
    }

    #[test]
    fn row_numbers_are_ids_whatever_the_header() {
        // 1…n in order under R's header; 0…n−1 under an empty one; shuffled under `X`.
        let text = csv(",rownames,X,age,y", 60, |i| {
            format!("{i},{},{},{},{}", i + 1, (i * 7) % 60, 20 + i % 30, i % 2)
        });
        let got = roles(&text);
        assert_eq!(got[0], ("column_1".into(), Role::Id, RoleReason::RowIndex));
        assert_eq!(got[1], ("rownames".into(), Role::Id, RoleReason::RowIndex));
        // 7 is prime to 60, so i·7 mod 60 is a permutation of 0…59.
        assert_eq!(got[2], ("X".into(), Role::Id, RoleReason::RowIndex));
        assert_eq!(got[3].1, Role::Feature);
        // A shuffled subset of row numbers still counts under a row-index header.
        let text = csv("Unnamed: 0,v", 30, |i| format!("{},{}", (i * 7) % 60, i % 3));
        assert_eq!(roles(&text)[0].2, RoleReason::RowIndex);
        // …but not under a quantity's name.
        let text = csv("visits,v", 30, |i| format!("{},{}", (i * 7) % 60, i % 3));
        assert_eq!(roles(&text)[0].1, Role::Feature);
    }

    #[test]
    fn row_numbers_survive_dropped_rows() {
        let text = csv("rownames,v,y", 40, |i| format!("{},{},{}", i + 1, i % 5, i % 2));
        let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
        let kept: Vec<usize> = (0..40).filter(|i| i % 3 != 0).collect();
        let r = infer_roles(&t.take_rows(&kept));
        assert_eq!(r[0].reason, RoleReason::RowIndex, "{}", r[0].evidence);
    }

    #[test]
    fn keys_by_content_constants_text_and_dates() {
        // 200 distinct 8-digit numbers spread over 1,000: 200²/2000 = 20 expected repeats.
        let text = csv("code,salary,const,note,day,city", 200, |i| {
            format!(
                "{},{},k,note number {i},2024-01-{:02},{}",
                10_000_000 + (i * 5) % 1000,
                20_000 + (i * 37) % 101 * 1000,
                1 + i % 28,
                ["Oslo", "Rome"][i % 2]
            )
        });
        let got = roles(&text);
        assert_eq!(got[0].1, Role::Id, "{got:?}");
        assert_eq!(got[0].2, RoleReason::Id);
        assert_eq!(got[1].1, Role::Feature, "salaries repeat: a quantity");
        assert_eq!(got[2].2, RoleReason::Constant);
        assert_eq!(got[3].2, RoleReason::Id, "one text per row");
        assert_eq!(got[4].2, RoleReason::Date);
        assert_eq!(got[5].1, Role::Feature);
        // Distinct continuous values are a quantity, not a key.
        let text = csv("share,v", 100, |i| format!("{}.5,{}", i * 3, i % 2));
        assert_eq!(roles(&text)[0].1, Role::Feature);
    }

    #[test]
    fn empty_and_free_text_columns_are_ignored() {
        let text = csv("empty,words,v", 200, |i| format!(",w{},{}", i % 120, i % 2));
        let got = roles(&text);
        assert_eq!(got[0].2, RoleReason::Empty);
        assert_eq!((got[1].1, got[1].2), (Role::Ignore, RoleReason::Text));
    }

    #[test]
    fn roles_parse_from_text() {
        assert_eq!("IGNORE".parse::<Role>(), Ok(Role::Ignore));
        assert!("drop".parse::<Role>().is_err());
        assert_eq!(Role::Id.as_str(), "id");
    }
}

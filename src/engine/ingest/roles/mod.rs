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

mod detect;

use super::dates::column_date_format;
use super::infer::distinct_numbers;
use crate::engine::table::{Column, ColumnData, Kind, Table};
use detect::{constant, key_like_name, row_index, sparse_distinct_integers};

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

#[cfg(test)]
mod tests;

//! Column-major typed table: the one in-memory shape every engine step reads.
//!
//! Why column-major: the forest bins one column at a time, EDA summarises one column at a time,
//! and a million-row file costs 8 bytes per numeric cell instead of a `String` per cell.
//!
//! Invariants:
//! - every column has exactly `n_rows()` cells;
//! - a missing numeric cell is `f64::NAN`; a missing categorical cell is [`MISSING_CODE`];
//! - categorical cells are codes into `levels` (the trimmed text as it appeared in the file, in
//!   order of first appearance);
//! - `row_ids[i]` is the 0-based index of row `i`'s record in the original file (header
//!   excluded), kept through cleaning so exports can point back at the input.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Code of a missing cell in a categorical column.
pub const MISSING_CODE: u32 = u32::MAX;

/// What a column means, as inferred from its values (or overridden by the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// Real-valued quantity (age, salary).
    Numeric,
    /// A small set of labels (gender, region).
    Categorical,
    /// Exactly two values that read as yes/no, true/false, 0/1.
    Boolean,
    /// A unique key per row (customer id): never a feature.
    Id,
    /// Free text with too many distinct values to be a category: never a feature.
    Text,
}

/// How the cells of a column are stored. The cells are shared (`Arc`): cloning a table, a
/// cleaning step that leaves a column alone, and a dataset built from the table all point at
/// the same cells instead of copying them; a step that changes a column writes a new one (or
/// changes it in place when nothing else holds it, `Arc::make_mut`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ColumnData {
    /// Numbers; missing is NaN.
    Numeric(Arc<Vec<f64>>),
    /// Dictionary-encoded text; missing is [`MISSING_CODE`].
    Categorical { codes: Arc<Vec<u32>>, levels: Vec<String> },
}

impl ColumnData {
    /// Number of cells.
    pub fn len(&self) -> usize {
        match self {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Categorical { codes, .. } => codes.len(),
        }
    }

    /// True when the column has no cells.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// True when cell `row` is missing.
    pub fn is_missing(&self, row: usize) -> bool {
        match self {
            ColumnData::Numeric(v) => v[row].is_nan(),
            ColumnData::Categorical { codes, .. } => codes[row] == MISSING_CODE,
        }
    }

    /// Number of missing cells.
    pub fn missing_count(&self) -> usize {
        match self {
            ColumnData::Numeric(v) => v.iter().filter(|x| x.is_nan()).count(),
            ColumnData::Categorical { codes, .. } => {
                codes.iter().filter(|&&c| c == MISSING_CODE).count()
            }
        }
    }

    /// Cell `row` as display text ("" when missing). Numbers print in their shortest exact form.
    pub fn text(&self, row: usize) -> String {
        match self {
            ColumnData::Numeric(v) => format_number(v[row]),
            ColumnData::Categorical { codes, levels } => match codes[row] {
                MISSING_CODE => String::new(),
                c => levels.get(c as usize).cloned().unwrap_or_default(),
            },
        }
    }

    /// [`ColumnData::text`] appended to `out`.
    pub fn write_text(&self, row: usize, out: &mut String) {
        match self {
            ColumnData::Numeric(v) => write_number(out, v[row]),
            ColumnData::Categorical { codes, levels } => {
                if let Some(label) = levels.get(codes[row] as usize) {
                    out.push_str(label);
                }
            }
        }
    }

    /// A new column holding only the cells at `rows`, in that order.
    pub fn take(&self, rows: &[usize]) -> ColumnData {
        match self {
            ColumnData::Numeric(v) => {
                ColumnData::Numeric(Arc::new(rows.iter().map(|&r| v[r]).collect()))
            }
            ColumnData::Categorical { codes, levels } => ColumnData::Categorical {
                codes: Arc::new(rows.iter().map(|&r| codes[r]).collect()),
                levels: levels.clone(),
            },
        }
    }

    /// Numbers as a column.
    pub fn numbers(values: Vec<f64>) -> ColumnData {
        ColumnData::Numeric(Arc::new(values))
    }

    /// Label codes into `levels` as a column.
    pub fn labels(codes: Vec<u32>, levels: Vec<String>) -> ColumnData {
        ColumnData::Categorical { codes: Arc::new(codes), levels }
    }

    /// Bytes the cells take (shared cells counted in full).
    pub fn heap_bytes(&self) -> usize {
        match self {
            ColumnData::Numeric(v) => 8 * v.capacity(),
            ColumnData::Categorical { codes, levels } => {
                4 * codes.capacity() + levels.iter().map(|l| l.capacity() + 24).sum::<usize>()
            }
        }
    }
}

/// Formats a number the way a CSV writer should: integers without a fraction, others in Rust's
/// shortest round-trip form, missing as the empty string.
pub fn format_number(x: f64) -> String {
    let mut out = String::new();
    write_number(&mut out, x);
    out
}

/// [`format_number`] appended to `out` (no allocation per number).
pub fn write_number(out: &mut String, x: f64) {
    use std::fmt::Write;
    // Writing to a String cannot fail.
    if x.is_nan() {
    } else if x.fract() == 0.0 && x.abs() < 1e15 {
        let _ = write!(out, "{}", x as i64);
    } else {
        let _ = write!(out, "{x}");
    }
}

/// One named column with its inferred meaning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Column {
    /// Header text, trimmed.
    pub name: String,
    /// Inferred (or user-chosen) meaning.
    pub kind: Kind,
    /// The cells.
    pub data: ColumnData,
}

/// A column-major table with the original record index of every row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// The columns, in file order.
    pub columns: Vec<Column>,
    /// 0-based record index in the source file for each row.
    pub row_ids: Vec<usize>,
}

impl Table {
    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.row_ids.len()
    }

    /// Number of columns.
    pub fn n_cols(&self) -> usize {
        self.columns.len()
    }

    /// Index of the column named `name` (exact match first, then case-insensitive).
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.name == name)
            .or_else(|| self.columns.iter().position(|c| c.name.eq_ignore_ascii_case(name)))
    }

    /// The column named `name`, if any.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.index_of(name).map(|i| &self.columns[i])
    }

    /// A new table with only the rows at `rows` (indices into this table), in that order.
    pub fn take_rows(&self, rows: &[usize]) -> Table {
        Table {
            columns: self
                .columns
                .iter()
                .map(|c| Column { name: c.name.clone(), kind: c.kind, data: c.data.take(rows) })
                .collect(),
            row_ids: rows.iter().map(|&r| self.row_ids[r]).collect(),
        }
    }

    /// The row holding each of `records` (0-based record indices of the source file, as in
    /// `row_ids`); None for a record this table does not hold (e.g. dropped by cleaning).
    pub fn rows_of_records(&self, records: &[usize]) -> Vec<Option<usize>> {
        // Record indices are below the file's record count, so a plain array maps them.
        let top = self.row_ids.iter().max().map_or(0, |m| m + 1);
        let mut row = vec![usize::MAX; top];
        self.row_ids.iter().enumerate().for_each(|(i, &r)| row[r] = i);
        records.iter().map(|&r| row.get(r).copied().filter(|&i| i != usize::MAX)).collect()
    }

    /// The first `n` rows as display strings (for previews).
    pub fn preview(&self, n: usize) -> Vec<Vec<String>> {
        (0..self.n_rows().min(n))
            .map(|r| self.columns.iter().map(|c| c.data.text(r)).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Table {
        Table {
            columns: vec![
                Column {
                    name: "Age".into(),
                    kind: Kind::Numeric,
                    data: ColumnData::numbers(vec![19.0, f64::NAN, 35.5]),
                },
                Column {
                    name: "Gender".into(),
                    kind: Kind::Categorical,
                    data: ColumnData::Categorical {
                        codes: std::sync::Arc::new(vec![0, 1, MISSING_CODE]),
                        levels: vec!["Male".into(), "Female".into()],
                    },
                },
            ],
            row_ids: vec![0, 1, 2],
        }
    }

    #[test]
    fn missing_cells_are_counted_and_shown_empty() {
        let t = sample();
        assert_eq!(t.columns[0].data.missing_count(), 1);
        assert_eq!(t.columns[1].data.missing_count(), 1);
        assert_eq!(t.preview(5), vec![vec!["19", "Male"], vec!["", "Female"], vec!["35.5", ""]]);
    }

    #[test]
    fn take_rows_keeps_original_ids() {
        let t = sample().take_rows(&[2, 0]);
        assert_eq!(t.row_ids, vec![2, 0]);
        assert_eq!(t.columns[1].data.text(1), "Male");
    }

    #[test]
    fn records_map_to_the_rows_that_hold_them() {
        let t = sample().take_rows(&[2, 0]);
        assert_eq!(t.rows_of_records(&[0, 1, 2, 9]), [Some(1), None, Some(0), None]);
    }

    #[test]
    fn index_of_falls_back_to_case_insensitive() {
        let t = sample();
        assert_eq!(t.index_of("age"), Some(0));
        assert_eq!(t.index_of("Gender"), Some(1));
        assert_eq!(t.index_of("nope"), None);
    }
}

//! Stacking tables by column name: the training data and labelled batches become one table to
//! retrain on.
//!
//! The first table sets the columns, their order and kinds; every later table must have each of
//! those columns (matched as [`Table::index_of`] matches: exact, then case-insensitive) with the
//! same storage (numbers or labels). Extra columns of later tables are ignored. Labels are
//! re-coded into the first table's levels, new labels appended in order of first appearance.
//! `row_ids` of the result number the stacked rows `0..n`, so the rows of part `k` are a
//! contiguous range (see [`Stacked::ranges`]).

use std::collections::HashMap;
use std::ops::Range;

use thiserror::Error;

use super::table::{Column, ColumnData, Table, MISSING_CODE};

/// Why tables could not be stacked.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum StackError {
    #[error("nothing to stack")]
    Empty,
    #[error("{part} has no column \"{column}\"")]
    MissingColumn { part: String, column: String },
    #[error("column \"{column}\" holds numbers in {first} but text in {part}")]
    TypeChange { part: String, column: String, first: String },
}

/// The stacked table and which rows came from which part.
#[derive(Debug, Clone, PartialEq)]
pub struct Stacked {
    pub table: Table,
    /// Row range of each part in `table`, in the order given.
    pub ranges: Vec<Range<usize>>,
}

/// Stacks `parts` (name, table) into one table; names are used in error messages.
pub fn stack(parts: &[(&str, &Table)]) -> Result<Stacked, StackError> {
    let (first_name, first) = *parts.first().ok_or(StackError::Empty)?;
    let mut columns: Vec<Column> = first.columns.clone();
    let mut ranges = Vec::with_capacity(parts.len());
    ranges.push(0..first.n_rows());
    let mut n = first.n_rows();
    for &(name, part) in &parts[1..] {
        for col in columns.iter_mut() {
            let other = part.column(&col.name).ok_or_else(|| StackError::MissingColumn {
                part: name.to_string(),
                column: col.name.clone(),
            })?;
            append(&mut col.data, &other.data).map_err(|()| StackError::TypeChange {
                part: name.to_string(),
                column: col.name.clone(),
                first: first_name.to_string(),
            })?;
        }
        ranges.push(n..n + part.n_rows());
        n += part.n_rows();
    }
    Ok(Stacked { table: Table { columns, row_ids: (0..n).collect() }, ranges })
}

/// Appends the cells of `other` to `into`; `Err` when one holds numbers and the other labels.
fn append(into: &mut ColumnData, other: &ColumnData) -> Result<(), ()> {
    match (into, other) {
        (ColumnData::Numeric(a), ColumnData::Numeric(b)) => {
            std::sync::Arc::make_mut(a).extend_from_slice(b);
            Ok(())
        }
        (
            ColumnData::Categorical { codes, levels },
            ColumnData::Categorical { codes: other_codes, levels: other_levels },
        ) => {
            let mut index: HashMap<String, u32> =
                levels.iter().enumerate().map(|(i, l)| (l.clone(), i as u32)).collect();
            let remap: Vec<u32> = other_levels
                .iter()
                .map(|l| {
                    *index.entry(l.clone()).or_insert_with(|| {
                        levels.push(l.clone());
                        (levels.len() - 1) as u32
                    })
                })
                .collect();
            std::sync::Arc::make_mut(codes).extend(other_codes.iter().map(|&c| match c {
                MISSING_CODE => MISSING_CODE,
                c => remap.get(c as usize).copied().unwrap_or(MISSING_CODE),
            }));
            Ok(())
        }
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::table::Kind;

    fn table(age: Vec<f64>, gender: (&[u32], &[&str]), ids: Vec<usize>) -> Table {
        Table {
            columns: vec![
                Column { name: "Age".into(), kind: Kind::Numeric, data: ColumnData::numbers(age) },
                Column {
                    name: "Gender".into(),
                    kind: Kind::Categorical,
                    data: ColumnData::Categorical {
                        codes: std::sync::Arc::new(gender.0.to_vec()),
                        levels: gender.1.iter().map(|s| s.to_string()).collect(),
                    },
                },
            ],
            row_ids: ids,
        }
    }

    #[test]
    fn stacks_by_name_recodes_labels_and_numbers_rows() {
        let a = table(vec![19.0, 35.0], (&[0, 1], &["Male", "Female"]), vec![0, 1]);
        let mut b = table(
            vec![40.0, f64::NAN, 22.0],
            (&[0, MISSING_CODE, 1], &["Female", "Other"]),
            vec![5, 6, 7],
        );
        b.columns.reverse(); // column order does not matter
        b.columns[0].name = "gender".into(); // nor case
        let s = stack(&[("training data", &a), ("batch.csv", &b)]).unwrap();
        assert_eq!(s.ranges, vec![0..2, 2..5]);
        assert_eq!(s.table.row_ids, vec![0, 1, 2, 3, 4]);
        let texts: Vec<String> = (0..5).map(|r| s.table.columns[1].data.text(r)).collect();
        assert_eq!(texts, ["Male", "Female", "Female", "", "Other"]);
        assert_eq!(s.table.columns[0].data.text(4), "22");
        assert!(s.table.columns[0].data.is_missing(3));
        assert_eq!(s.table.columns[0].name, "Age");
    }

    #[test]
    fn a_missing_column_or_a_type_change_is_named() {
        let a = table(vec![19.0], (&[0], &["Male"]), vec![0]);
        let mut b = a.clone();
        b.columns.pop();
        let e = stack(&[("training data", &a), ("new.csv", &b)]).unwrap_err();
        assert_eq!(e.to_string(), "new.csv has no column \"Gender\"");
        let mut c = a.clone();
        c.columns[0].data = ColumnData::Categorical {
            codes: std::sync::Arc::new(vec![0]),
            levels: vec!["nineteen".into()],
        };
        let e = stack(&[("training data", &a), ("new.csv", &c)]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "column \"Age\" holds numbers in training data but text in new.csv"
        );
        assert_eq!(stack(&[]).unwrap_err(), StackError::Empty);
    }
}

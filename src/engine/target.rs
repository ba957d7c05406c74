//! The purchase flag as 0/1: which column, which label means "bought", and the checks that it
//! really is a binary target. Shared by EDA, the forest's dataset and segments.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::ingest::target::{label_counts, two_classes};
use crate::engine::ingest::{distinct_texts, guess_positive};
use crate::engine::table::Table;

/// Why a column cannot serve as the binary target.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TargetError {
    #[error("no column \"{name}\"; the columns are: {available}")]
    NoSuchColumn { name: String, available: String },
    #[error("target \"{column}\" has {} distinct values ({}), but micronum predicts a yes/no target; clean or recode it{}", labels.len(), labels.join(", "), others(candidates))]
    NotBinary { column: String, labels: Vec<String>, candidates: Vec<String> },
    #[error(
        "target \"{column}\" has only one value (\"{label}\"): there is nothing to predict{}",
        others(candidates)
    )]
    SingleClass { column: String, label: String, candidates: Vec<String> },
    #[error("target \"{column}\" has no label \"{positive}\" (labels: {})", labels.join(", "))]
    PositiveNotFound { column: String, positive: String, labels: Vec<String> },
}

/// The end of a message naming the columns that could be the target instead.
fn others(candidates: &[String]) -> String {
    match candidates {
        [] => "; no other column has exactly two values".into(),
        c => format!("; columns with two values: {}", c.join(", ")),
    }
}

/// Columns of `table` other than `except` with exactly two classes (yes/no spellings folded).
pub fn two_class_columns(table: &Table, except: &str) -> Vec<String> {
    table
        .columns
        .iter()
        .filter(|c| c.name != except)
        .filter(|c| label_counts(c, 12).is_some_and(|l| two_classes(&l)))
        .map(|c| c.name.clone())
        .collect()
}

/// A binary target: `y[i]` is 1 for the positive label, 0 for the other, None when missing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BinaryTarget {
    /// Column name as in the table.
    pub column: String,
    /// Per row: Some(1) bought, Some(0) did not, None missing.
    pub y: Vec<Option<u8>>,
    /// `[negative, positive]` label text.
    pub labels: [String; 2],
}

/// The rows of a table whose target is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Labelled {
    /// Those rows, in order.
    pub table: Table,
    /// Their 0/1 target.
    pub y: Vec<u8>,
    /// Their positions in the full table.
    pub rows: Vec<usize>,
    pub target: BinaryTarget,
}

/// The rows of `table` that have a value in target `name` (positive label `positive`, else
/// guessed).
pub fn labelled(
    table: &Table,
    name: &str,
    positive: Option<&str>,
) -> Result<Labelled, TargetError> {
    let target = binary_target(table, name, positive)?;
    let rows: Vec<usize> = (0..table.n_rows()).filter(|&i| target.y[i].is_some()).collect();
    let y = rows.iter().map(|&i| target.y[i].unwrap_or(0)).collect();
    Ok(Labelled { table: table.take_rows(&rows), y, rows, target })
}

/// Reads column `name` as a binary target with `positive` (or the guessed label) as 1.
pub fn binary_target(
    table: &Table,
    name: &str,
    positive: Option<&str>,
) -> Result<BinaryTarget, TargetError> {
    let Some(i) = table.index_of(name) else {
        let available =
            table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        return Err(TargetError::NoSuchColumn { name: name.into(), available });
    };
    let col = &table.columns[i];
    let labels = distinct_texts(col);
    match labels.len() {
        0 | 1 => {
            let label = labels.first().cloned().unwrap_or_default();
            let candidates = two_class_columns(table, &col.name);
            return Err(TargetError::SingleClass { column: col.name.clone(), label, candidates });
        }
        2 => {}
        _ => {
            let mut shown = labels.clone();
            shown.truncate(10);
            let candidates = two_class_columns(table, &col.name);
            return Err(TargetError::NotBinary {
                column: col.name.clone(),
                labels: shown,
                candidates,
            });
        }
    }
    let pos = choose_positive(&labels, positive).ok_or_else(|| TargetError::PositiveNotFound {
        column: col.name.clone(),
        positive: positive.unwrap_or_default().into(),
        labels: labels.clone(),
    })?;
    let neg = labels.iter().find(|l| **l != pos).cloned().unwrap_or_default();
    let y = (0..table.n_rows())
        .map(|r| (!col.data.is_missing(r)).then(|| (col.data.text(r) == pos) as u8))
        .collect();
    Ok(BinaryTarget { column: col.name.clone(), y, labels: [neg, pos] })
}

/// The explicit label when present (any case), else — for 0/1 data or no choice — the guess.
fn choose_positive(labels: &[String], positive: Option<&str>) -> Option<String> {
    if let Some(p) = positive.filter(|p| !p.trim().is_empty()) {
        if let Some(l) = labels.iter().find(|l| l.trim().eq_ignore_ascii_case(p.trim())) {
            return Some(l.clone());
        }
        let zero_one = labels.iter().all(|l| l == "0" || l == "1");
        return if zero_one { Some("1".into()) } else { None };
    }
    guess_positive(labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};

    fn t(text: &str) -> Table {
        ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
    }

    #[test]
    fn reads_labels_and_missing() {
        let b = binary_target(&t("x,P\n1,yes\n2,no\n3,\n"), "p", None).unwrap();
        assert_eq!(b.y, vec![Some(1), Some(0), None]);
        assert_eq!(b.labels, ["no".to_string(), "yes".to_string()]);
        let b = binary_target(&t("x,P\n1,CH\n2,MM\n"), "P", Some("ch")).unwrap();
        assert_eq!(b.y, vec![Some(1), Some(0)]);
    }

    #[test]
    fn errors_are_specific() {
        assert!(matches!(
            binary_target(&t("x,P\n1,a\n2,b\n3,c\n"), "P", None),
            Err(TargetError::NotBinary { .. })
        ));
        let one = binary_target(&t("x,P,Q\n1,a,u\n2,a,v\n"), "P", None).unwrap_err();
        assert_eq!(
            one.to_string(),
            "target \"P\" has only one value (\"a\"): there is nothing to predict; columns with two values: x, Q"
        );
        assert!(matches!(
            binary_target(&t("x,P\n1,a\n"), "Q", None),
            Err(TargetError::NoSuchColumn { .. })
        ));
        assert!(matches!(
            binary_target(&t("x,P\n1,a\n2,b\n"), "P", Some("z")),
            Err(TargetError::PositiveNotFound { .. })
        ));
        // A "yes" chosen before cleaning still works once the labels are 0/1.
        assert!(binary_target(&t("x,P\n1,0\n2,1\n"), "P", Some("yes")).is_ok());
    }
}

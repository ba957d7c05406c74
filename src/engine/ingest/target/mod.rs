//! Which column is the outcome to predict, and which of its labels is the event ("positive"),
//! each with the evidence shown to the user.
//!
//! Target, by rank (ties: the rightmost column): a name that is a usual name for the outcome
//! (`purchased`, `churn`, `default`, …), then a name containing one (`Attrition_Flag`,
//! `is_churned`, `default payment next month`), then a generic name (`target`, `label`, `y`,
//! `class`, `status`, …), then a two-valued column at the right end, then one at the left end
//! (right after any row-number and id columns: R's datasets put the response first), then any
//! other two-valued column. Names compare case-insensitively, split at `_ - .`, spaces and
//! camelCase humps. Candidates must have two classes (yes/no spellings folded, missing tokens
//! left out) and must not be ids, row numbers, constants, dates or free text.
//!
//! The positive label's rule is in [`labels`].

mod labels;
mod names;

use serde::{Deserialize, Serialize};
use thiserror::Error;

pub use labels::{
    guess_positive, label_counts, positive_with_evidence, target_mapping, two_classes,
};
pub use names::{name_rank, words};

use super::roles::{ColumnRole, Role};
use crate::engine::table::Table;

/// The guessed target with its positive label and the evidence for both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetGuess {
    pub column: String,
    pub evidence: String,
    /// The label meaning the event (None when no label could be read).
    pub positive: Option<String>,
    pub positive_evidence: String,
}

/// A column looked at as a possible target, and why it cannot be one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Considered {
    pub column: String,
    pub why_not: String,
}

/// No column can be the target.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TargetGuessError {
    #[error(
        "no column can be the target: micronum predicts a column with exactly two values (yes/no, 0/1, good/bad). Columns considered: {}",
        considered.iter().map(|c| format!("{} ({})", c.column, c.why_not)).collect::<Vec<_>>().join("; ")
    )]
    NoCandidate { considered: Vec<Considered> },
}

/// Guesses the target among the columns of `table` whose `roles` allow it.
pub fn guess_target_with_evidence(
    table: &Table,
    roles: &[ColumnRole],
) -> Result<TargetGuess, TargetGuessError> {
    /// A possible target: its rank (lower is better), position, evidence and labels.
    type Candidate = (u8, usize, String, Vec<(String, usize)>);
    let mut considered = Vec::new();
    let mut candidates: Vec<Candidate> = Vec::new();
    let eligible: Vec<usize> = (0..table.n_cols())
        .filter(|&i| !matches!(roles.get(i).map(|r| r.role), Some(Role::Id | Role::Ignore)))
        .collect();
    for (i, c) in table.columns.iter().enumerate() {
        if let Some(r) = roles.get(i).filter(|r| matches!(r.role, Role::Id | Role::Ignore)) {
            considered.push(Considered { column: c.name.clone(), why_not: r.evidence.clone() });
            continue;
        }
        let labels = match label_counts(c, 12) {
            Some(l) if two_classes(&l) => l,
            Some(l) => {
                let why_not = format!("{} values", l.len());
                considered.push(Considered { column: c.name.clone(), why_not });
                continue;
            }
            None => {
                let why_not = "more than 12 values".to_string();
                considered.push(Considered { column: c.name.clone(), why_not });
                continue;
            }
        };
        let (rank, evidence) = match name_rank(&c.name) {
            Some(named) => named,
            None if eligible.last() == Some(&i) => (3, "the last column, with two values".into()),
            None if eligible.first() == Some(&i) => (
                4,
                if i > 0 {
                    "the first column after the row numbers and ids, with two values".into()
                } else {
                    "the first column, with two values".into()
                },
            ),
            None => (5, "a column with two values".into()),
        };
        candidates.push((rank, i, evidence, labels));
    }
    // Best rank; among equals the rightmost.
    let best = candidates.into_iter().min_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    let Some((_, i, evidence, labels)) = best else {
        return Err(TargetGuessError::NoCandidate { considered });
    };
    let shown: Vec<String> = labels.iter().map(|(l, k)| format!("{l} ({k})")).collect();
    let (positive, positive_evidence) = match positive_with_evidence(&labels) {
        Some((p, e)) => (Some(p), e),
        None => (None, "the labels need cleaning before one can be chosen".into()),
    };
    Ok(TargetGuess {
        column: table.columns[i].name.clone(),
        evidence: format!("{evidence}; labels: {}", shown.join(", ")),
        positive,
        positive_evidence,
    })
}

/// The guessed target's name (see [`guess_target_with_evidence`]), roles inferred here.
pub fn guess_target(table: &Table) -> Option<String> {
    guess_target_with_evidence(table, &super::roles::infer_roles(table)).ok().map(|g| g.column)
}

#[cfg(test)]
mod tests;

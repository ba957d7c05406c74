//! The batch's columns as the definitions need them: found by name (exactly, else in another
//! letter case, as `Table::index_of` finds them), of the kind the segments were made on.
//!
//! A text column that a batch leaves entirely empty is read as numbers by ingest (all NaN): it
//! is taken as a text column whose every cell is missing (filling it with a label, as an impute
//! step does, makes it text again: see `clean::ops::fill_missing`). Any other change of kind is
//! refused, as the model refuses it.

use std::collections::HashMap;

use super::condition::ColumnKind;
use super::DefinitionsError;
use crate::engine::table::{ColumnData, Table, MISSING_CODE};

/// One column of the cleaned batch.
pub enum Cells<'t> {
    Numbers(&'t [f64]),
    Labels {
        codes: &'t [u32],
        levels: &'t [String],
    },
    /// A text column with no value at all.
    Blank,
}

/// Column `name` of `table`, as `kind` (Any: as it is).
pub fn cells<'t>(
    table: &'t Table,
    name: &str,
    kind: ColumnKind,
) -> Result<Cells<'t>, DefinitionsError> {
    let col = table.column(name).ok_or_else(|| DefinitionsError::MissingColumn {
        column: name.to_string(),
        available: table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
    })?;
    let changed = |expected, found| DefinitionsError::KindChanged {
        column: name.to_string(),
        expected,
        found,
    };
    match (&col.data, kind) {
        (ColumnData::Numeric(v), ColumnKind::Numeric | ColumnKind::Any) => Ok(Cells::Numbers(v)),
        (ColumnData::Numeric(v), ColumnKind::Categorical) => {
            if v.iter().all(|x| x.is_nan()) {
                Ok(Cells::Blank)
            } else {
                Err(changed("text", "numbers"))
            }
        }
        (ColumnData::Categorical { codes, levels }, ColumnKind::Categorical | ColumnKind::Any) => {
            Ok(Cells::Labels { codes, levels })
        }
        (ColumnData::Categorical { .. }, ColumnKind::Numeric) => Err(changed("numbers", "text")),
    }
}

impl Cells<'_> {
    /// Number `r` (NaN when missing or not a number column).
    pub fn number(&self, r: usize) -> f64 {
        match self {
            Cells::Numbers(v) => v[r],
            _ => f64::NAN,
        }
    }

    /// For each code of the batch's labels, its position in `wanted` (None: not listed).
    pub fn positions(&self, wanted: &[String]) -> Vec<Option<usize>> {
        let Cells::Labels { levels, .. } = self else { return Vec::new() };
        let index: HashMap<&str, usize> =
            wanted.iter().enumerate().rev().map(|(i, w)| (w.as_str(), i)).collect();
        levels.iter().map(|l| index.get(l.as_str()).copied()).collect()
    }

    /// The batch code of cell `r` (None when missing).
    pub fn code(&self, r: usize) -> Option<usize> {
        match self {
            Cells::Labels { codes, .. } if codes[r] != MISSING_CODE => Some(codes[r] as usize),
            _ => None,
        }
    }

    /// Rows whose label is not in `wanted`, and up to five such labels: for warnings.
    pub fn unlisted(&self, wanted: &[String]) -> (usize, Vec<String>) {
        let Cells::Labels { codes, levels } = self else { return (0, Vec::new()) };
        let pos = self.positions(wanted);
        let mut per_level = vec![0usize; levels.len()];
        for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
            if pos[c as usize].is_none() {
                per_level[c as usize] += 1;
            }
        }
        let shown = levels
            .iter()
            .zip(&per_level)
            .filter(|(_, &n)| n > 0)
            .take(5)
            .map(|(l, _)| l.clone())
            .collect();
        (per_level.iter().sum(), shown)
    }
}

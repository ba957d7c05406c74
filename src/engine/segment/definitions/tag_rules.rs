//! Rule tagging: every condition resolved once against the batch (a label condition becomes a
//! yes/no per batch label), then each row meets the rules in order. A partition takes the first
//! rule a row meets; an overlapping set takes every one. A row that meets none goes to
//! [`NO_SEGMENT`].

use super::assignment::{Assignment, NO_SEGMENT};
use super::columns::{cells, Cells};
use super::condition::Condition;
use super::tagging::RuleSet;
use super::DefinitionsError;
use crate::engine::table::Table;

/// A condition bound to its column of the batch.
enum Test<'t> {
    /// A number condition (`Range`, `Missing`) on a number column.
    Number { values: &'t [f64], condition: &'t Condition },
    /// A label condition: whether each batch label, and a missing cell, meet it.
    Label { cells: Cells<'t>, ok: Vec<bool>, missing: bool },
}

impl Test<'_> {
    fn holds(&self, r: usize) -> bool {
        match self {
            Test::Number { values, condition } => condition.holds_number(values[r]),
            Test::Label { cells, ok, missing } => cells.code(r).map_or(*missing, |c| ok[c]),
        }
    }

    fn new<'t>(c: &'t Condition, clean: &'t Table) -> Result<Test<'t>, DefinitionsError> {
        let column = cells(clean, c.column(), c.kind())?;
        Ok(match column {
            Cells::Numbers(values) => Test::Number { values, condition: c },
            Cells::Labels { levels, .. } => {
                let ok = levels.iter().map(|l| c.holds_label(Some(l))).collect();
                Test::Label { cells: column, ok, missing: c.holds_label(None) }
            }
            Cells::Blank => {
                Test::Label { cells: column, ok: Vec::new(), missing: c.holds_label(None) }
            }
        })
    }
}

/// Tags every row of `clean` into `out`.
pub fn tag(set: &RuleSet, clean: &Table, out: &mut Assignment) -> Result<(), DefinitionsError> {
    let rules: Vec<Vec<Test>> = set
        .rules
        .iter()
        .map(|r| r.conditions.iter().map(|c| Test::new(c, clean)).collect())
        .collect::<Result<_, _>>()?;
    let mut rest = None;
    let mut met = Vec::new();
    for r in 0..clean.n_rows() {
        met.clear();
        rules_met(&rules, r, set.overlapping, &mut met);
        if met.is_empty() {
            let s = *rest.get_or_insert_with(|| {
                out.labels.push(NO_SEGMENT.into());
                out.labels.len() - 1
            });
            met.push(s);
        }
        out.pairs.extend(met.iter().map(|&s| (r, s)));
    }
    Ok(())
}

/// The rules row `r` meets (only the first unless `all`). Not inlined: it runs once per row,
/// and in the browser a function runs unoptimised until it is called again.
#[inline(never)]
fn rules_met(rules: &[Vec<Test>], r: usize, all: bool, met: &mut Vec<usize>) {
    for (i, tests) in rules.iter().enumerate() {
        if tests.iter().all(|t| t.holds(r)) {
            met.push(i);
            if !all {
                return;
            }
        }
    }
}

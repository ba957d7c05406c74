//! Tagging a batch: replay the definitions' cleaning log (as `Model::predict_table` replays the
//! model's), check that every column the segments need is there with its kind, then tag each
//! row by the method's training bins, rules, centres or cut points.

use super::assignment::Assignment;
use super::columns::cells;
use super::condition::{ColumnKind, Condition};
use super::file::SegmentDefinitions;
use super::tagging::{DecileTagging, GridColumn, KMeansColumn, Tagging};
use super::{tag_grid, tag_kmeans, tag_rules, validate, DefinitionsError};
use crate::engine::clean::apply;
use crate::engine::table::Table;

/// The segments of every row of `batch` (the raw table, as read). `proba` is needed by deciles
/// only: the model's P(positive) of each row of the batch after the definitions' cleaning (the
/// `proba` of `Model::predict_table` for the model the deciles were made with).
pub fn assign(
    defs: &SegmentDefinitions,
    batch: &Table,
    proba: Option<&[f64]>,
) -> Result<Assignment, DefinitionsError> {
    validate::check(defs)?;
    let (clean, _) = apply(batch, &defs.cleaning)?;
    tag(defs, &clean, proba)
}

/// [`assign`] for a batch already cleaned by the definitions' log.
pub fn assign_cleaned(
    defs: &SegmentDefinitions,
    clean: &Table,
    proba: Option<&[f64]>,
) -> Result<Assignment, DefinitionsError> {
    validate::check(defs)?;
    tag(defs, clean, proba)
}

fn tag(
    defs: &SegmentDefinitions,
    clean: &Table,
    proba: Option<&[f64]>,
) -> Result<Assignment, DefinitionsError> {
    let mut warnings = Vec::new();
    // Every needed column first, so a missing one is named before anything else runs.
    for needed in &defs.columns {
        let (name, kind) = (&needed.name, needed.kind);
        let c = cells(clean, name, kind)?;
        let listed = match needed.levels.is_empty() {
            true => listed_labels(defs, name),
            false => needed.levels.clone(),
        };
        if kind == ColumnKind::Categorical && !listed.is_empty() {
            let (n, shown) = c.unlisted(&listed);
            if n > 0 {
                warnings.push(format!(
                    "{name}: {n} rows have labels the segments were not made with ({})",
                    shown.join(", ")
                ));
            }
        }
    }
    let ids = defs
        .id_column
        .as_ref()
        .and_then(|c| clean.column(c))
        .map(|c| (0..clean.n_rows()).map(|r| c.data.text(r)).collect());
    let mut out = Assignment {
        row_ids: clean.row_ids.clone(),
        ids,
        labels: defs.segments.iter().map(|s| s.label.clone()).collect(),
        pairs: Vec::with_capacity(clean.n_rows()),
        overlapping: defs.overlapping(),
        warnings,
    };
    match &defs.tagging {
        Tagging::Grid(g) => tag_grid::tag(g, clean, &mut out)?,
        Tagging::Rules(r) => tag_rules::tag(r, clean, &mut out)?,
        Tagging::KMeans(k) => tag_kmeans::tag(k, clean, &mut out)?,
        Tagging::Deciles(d) => tag_deciles(d, clean, proba, &mut out)?,
    }
    Ok(out)
}

/// Labels of `column` the definitions name (for warnings about others), for files that do not
/// keep the column's labels.
fn listed_labels(defs: &SegmentDefinitions, column: &str) -> Vec<String> {
    match &defs.tagging {
        Tagging::Grid(g) => g
            .columns
            .iter()
            .find_map(|c| match c {
                GridColumn::Categorical { name, levels, .. } if name == column => {
                    Some(levels.clone())
                }
                _ => None,
            })
            .unwrap_or_default(),
        Tagging::KMeans(k) => k
            .columns
            .iter()
            .find_map(|c| match c {
                KMeansColumn::Categorical { name, levels } if name == column => {
                    Some(levels.clone())
                }
                _ => None,
            })
            .unwrap_or_default(),
        Tagging::Rules(r) => {
            let mut all: Vec<String> = Vec::new();
            for c in r.rules.iter().flat_map(|r| &r.conditions).filter(|c| c.column() == column) {
                if let Condition::In { labels, .. } | Condition::NotIn { labels, .. } = c {
                    for l in labels.iter().filter(|l| !all.contains(l)).collect::<Vec<_>>() {
                        all.push(l.clone());
                    }
                }
            }
            all
        }
        Tagging::Deciles(_) => Vec::new(),
    }
}

/// Each row's group by its probability.
fn tag_deciles(
    d: &DecileTagging,
    clean: &Table,
    proba: Option<&[f64]>,
    out: &mut Assignment,
) -> Result<(), DefinitionsError> {
    let proba = proba.ok_or(DefinitionsError::NeedsScores)?;
    if proba.len() != clean.n_rows() {
        return Err(DefinitionsError::ScoresLength {
            expected: clean.n_rows(),
            found: proba.len(),
        });
    }
    for (r, &p) in proba.iter().enumerate() {
        if !(0.0..=1.0).contains(&p) {
            return Err(DefinitionsError::BadScore { row: clean.row_ids[r], value: p });
        }
        out.pairs.push((r, d.group(p)));
    }
    Ok(())
}

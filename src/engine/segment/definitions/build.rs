//! Definitions from a segmentation run: the run's [`crate::engine::segment::SegmentRun::tagging`],
//! its segments with their training counts, the target, the id column, and the cleaning log
//! the segmented table was made with.

use super::condition::ColumnKind;
use super::file::{
    ModelRef, NeededColumn, SegmentDefinitions, SegmentSummary, SEGMENTS_FORMAT, SEGMENTS_VERSION,
};
use super::tagging::Tagging;
use super::{validate, DefinitionsError};
use crate::engine::clean::CleaningLog;
use crate::engine::model_io::{fingerprint, Model, TargetInfo};
use crate::engine::segment::{SegmentRun, SegmentSpec};
use crate::engine::table::{ColumnData, Kind, Table};
use crate::engine::target::binary_target;

impl SegmentDefinitions {
    /// The definitions of `run`, the segmentation of `table` that `spec` asked for.
    ///
    /// `table` is the cleaned table that was segmented; `cleaning` the log that made it from the
    /// raw data, as applied (each step with its learnt values: the `step` of every
    /// `clean::StepReport`); `model` the model whose scores ranked the rows (deciles need it).
    /// Definitions that would not read back are refused here.
    pub fn new(
        table: &Table,
        spec: &SegmentSpec,
        run: &SegmentRun,
        cleaning: CleaningLog,
        model: Option<&Model>,
        created: String,
    ) -> Result<SegmentDefinitions, DefinitionsError> {
        let target = binary_target(table, &spec.target, spec.positive.as_deref())
            .map_err(|e| DefinitionsError::Invalid(e.to_string()))?;
        let mut segments: Vec<SegmentSummary> = run
            .segmentation
            .labels
            .iter()
            .map(|label| SegmentSummary { label: label.clone(), n: 0, positives: 0 })
            .collect();
        for s in &run.table.segments {
            if let Some(summary) = segments.get_mut(s.segment) {
                summary.n = s.n;
                summary.positives = s.positives;
            }
        }
        let model = match (&run.tagging, model) {
            (Tagging::Deciles(_), None) => return Err(DefinitionsError::NeedsModel),
            (Tagging::Deciles(_), Some(m)) => Some(ModelRef::of(m)),
            _ => None,
        };
        let columns = needed_columns(table, &run.tagging)?;
        let defs = SegmentDefinitions {
            format: SEGMENTS_FORMAT.into(),
            version: SEGMENTS_VERSION,
            created,
            target: TargetInfo { column: target.column, labels: target.labels },
            id_column: table.columns.iter().find(|c| c.kind == Kind::Id).map(|c| c.name.clone()),
            cleaning,
            fingerprint: fingerprint(table),
            columns,
            method: spec.method.slug().into(),
            description: spec.method.describe(),
            min_support: spec.min_support,
            rows: run.rows.len() as u64,
            segments,
            tagging: run.tagging.clone(),
            model,
        };
        validate::check(&defs)?;
        Ok(defs)
    }
}

/// The columns `tagging` reads, each with its kind in `table` when the tagging only asks
/// whether a cell is missing.
fn needed_columns(table: &Table, tagging: &Tagging) -> Result<Vec<NeededColumn>, DefinitionsError> {
    tagging
        .needs()
        .into_iter()
        .map(|(name, kind)| {
            let kind = match (kind, table.column(&name).map(|c| &c.data)) {
                (ColumnKind::Any, Some(ColumnData::Numeric(_))) => ColumnKind::Numeric,
                (ColumnKind::Any, Some(ColumnData::Categorical { .. })) => ColumnKind::Categorical,
                (ColumnKind::Any, None) => {
                    return Err(DefinitionsError::Invalid(format!("no column \"{name}\"")))
                }
                (kind, _) => kind,
            };
            let levels = match table.column(&name).map(|c| &c.data) {
                Some(ColumnData::Categorical { levels, .. }) if kind == ColumnKind::Categorical => {
                    levels.clone()
                }
                _ => Vec::new(),
            };
            Ok(NeededColumn { name, kind, levels })
        })
        .collect()
}

//! Everything a report of an app session needs, owned: the worker gathers it (it holds the data)
//! and builds the HTML from it (`worker::report`).

use serde::{Deserialize, Serialize};

use super::gather::EdaData;
use super::input::{DataInput, EvalScope, ModelInput, ReportInput, SegmentsInput};
use crate::engine::clean::StepReport;
use crate::engine::eda::{summarize, ColumnSummary, EdaError};
use crate::engine::evaluate::{CvResult, Evaluation};
use crate::engine::forest::ValidForestParams;
use crate::engine::ingest::IngestReport;
use crate::engine::model_io::{fingerprint, DataFingerprint};
use crate::engine::segment::discover::Discovery;
use crate::engine::segment::SegmentTable;
use crate::engine::table::Table;

/// A trained model's parameters and evaluation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelParts {
    pub params: ValidForestParams,
    pub evaluation: Evaluation,
    pub cv: Option<CvResult>,
}

/// The owned parts of a session's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SessionReport {
    pub file_name: String,
    pub created: String,
    pub target: String,
    pub rows_read: usize,
    pub columns_read: usize,
    pub fingerprint: DataFingerprint,
    pub summary: Vec<ColumnSummary>,
    pub ingest: Option<IngestReport>,
    pub cleaning: Vec<StepReport>,
    pub eda: EdaData,
    pub model: Option<ModelParts>,
    /// Segment method, table and (when discovered) the discovery.
    pub segments: Option<(String, SegmentTable, Option<Discovery>)>,
}

impl SessionReport {
    /// Gathers the report of `working` (the cleaned table; `raw` as read) for `target`.
    #[allow(clippy::too_many_arguments)]
    pub fn gather(
        raw: &Table,
        working: &Table,
        target: &str,
        positive: Option<&str>,
        file_name: &str,
        created: &str,
        ingest: Option<IngestReport>,
        cleaning: Vec<StepReport>,
        model: Option<ModelParts>,
        segments: Option<(String, SegmentTable, Option<Discovery>)>,
    ) -> Result<SessionReport, EdaError> {
        let eda = EdaData::compute(working, target, positive)?;
        Ok(SessionReport {
            file_name: file_name.to_string(),
            created: created.to_string(),
            target: target.to_string(),
            rows_read: raw.n_rows(),
            columns_read: raw.n_cols(),
            fingerprint: fingerprint(working),
            summary: summarize(working),
            ingest,
            cleaning,
            eda,
            model,
            segments,
        })
    }

    /// The builder's input, borrowing from these parts.
    pub fn input(&self) -> ReportInput<'_> {
        ReportInput {
            title: "Purchase analysis report",
            file_name: &self.file_name,
            created: &self.created,
            data: DataInput {
                target: &self.target,
                rows_read: self.rows_read,
                columns_read: self.columns_read,
                fingerprint: &self.fingerprint,
                summary: &self.summary,
                ingest: self.ingest.as_ref(),
            },
            cleaning: &self.cleaning,
            eda: Some(self.eda.input()),
            model: self.model.as_ref().map(|m| ModelInput {
                params: &m.params,
                evaluation: &m.evaluation,
                cv: m.cv.as_ref(),
                scope: EvalScope::HeldOut,
                warnings: &[],
            }),
            segments: self.segments.as_ref().map(|(method, table, discovery)| SegmentsInput {
                method,
                table,
                discovery: discovery.as_ref(),
            }),
            drift: None,
        }
    }
}

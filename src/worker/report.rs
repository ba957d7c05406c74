//! The Report job: gathers what the session produced (load, cleaning, evaluation, segments) and
//! builds the self-contained HTML report with the same builder as `micronum report`.

use crate::engine::clean::StepReport;
use crate::engine::eda::summarize;
use crate::engine::evaluate::{CvResult, Evaluation};
use crate::engine::forest::ValidForestParams;
use crate::engine::ingest::IngestReport;
use crate::engine::model_io::fingerprint;
use crate::engine::segment::SegmentTable;
use crate::engine::table::Table;
use crate::protocol::ReportRequest;
use crate::report::{
    build_report, DataInput, EdaData, EvalScope, ModelInput, ReportInput, SegmentsInput,
};

/// The session's results the report draws on.
#[derive(Debug, Default)]
pub struct Parts {
    pub file_name: String,
    pub ingest: Option<IngestReport>,
    pub cleaning: Vec<StepReport>,
    pub evaluation: Option<(ValidForestParams, Evaluation, Option<CvResult>)>,
    /// Segment method and table of the last segmentation.
    pub segments: Option<(String, SegmentTable)>,
}

/// The report of `working` (the cleaned table) and the session's `parts`.
pub fn build(
    raw: &Table,
    working: &Table,
    parts: &Parts,
    req: &ReportRequest,
) -> Result<String, String> {
    let eda = EdaData::compute(working, &req.target, req.positive.as_deref())
        .map_err(|e| format!("report: {e}"))?;
    let fp = fingerprint(working);
    let summary = summarize(working);
    let model = parts.evaluation.as_ref().map(|(params, evaluation, cv)| ModelInput {
        params,
        evaluation,
        cv: cv.as_ref(),
        scope: EvalScope::HeldOut,
        warnings: &[],
    });
    let input = ReportInput {
        title: "Purchase analysis report",
        file_name: &parts.file_name,
        created: &req.created,
        data: DataInput {
            target: &req.target,
            rows_read: raw.n_rows(),
            columns_read: raw.n_cols(),
            fingerprint: &fp,
            summary: &summary,
            ingest: parts.ingest.as_ref(),
        },
        cleaning: &parts.cleaning,
        eda: Some(eda.input()),
        model,
        segments: parts.segments.as_ref().map(|(method, table)| SegmentsInput { method, table }),
        drift: None,
    };
    Ok(build_report(&input))
}

//! The Report job: gathers what the session produced (load, cleaning, evaluation, segments) into
//! a [`SessionReport`] and builds its HTML with the same builder as `micronum report` (charts as
//! inline SVG through `charts::Svg`, which needs no DOM), so the page only shows the result.

use crate::engine::clean::StepReport;
use crate::engine::ingest::IngestReport;
use crate::engine::segment::SegmentTable;
use crate::engine::table::Table;
use crate::protocol::ReportRequest;
use crate::report::{build_report, ModelParts, SessionReport};

/// The session's results the report draws on.
#[derive(Debug, Default)]
pub struct Parts {
    pub file_name: String,
    pub ingest: Option<IngestReport>,
    pub cleaning: Vec<StepReport>,
    pub model: Option<ModelParts>,
    /// Segment method and table of the last segmentation.
    pub segments: Option<(String, SegmentTable)>,
}

/// The report HTML of `working` (the cleaned table) and the session's `parts`.
pub fn build(
    raw: &Table,
    working: &Table,
    parts: &Parts,
    req: &ReportRequest,
) -> Result<String, String> {
    gather(raw, working, parts, req).map(|r| build_report(&r.input()))
}

/// The report parts of `working` (the cleaned table) and the session's `parts`.
pub fn gather(
    raw: &Table,
    working: &Table,
    parts: &Parts,
    req: &ReportRequest,
) -> Result<SessionReport, String> {
    SessionReport::gather(
        raw,
        working,
        &req.target,
        req.positive.as_deref(),
        &parts.file_name,
        &req.created,
        parts.ingest.clone(),
        parts.cleaning.clone(),
        parts.model.clone(),
        parts.segments.clone(),
    )
}

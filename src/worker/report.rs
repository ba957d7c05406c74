//! The Report job: gathers what the session holds (the file as read, its cleaning, the model
//! trained on it, the current segments) into a [`SessionReport`] and builds its HTML with the
//! same builder as `micronum report` (charts as inline SVG through `charts::Svg`, which needs
//! no DOM), so the page only shows the result. Only results of the requested cleaning go in.

use super::error::WorkerError;
use crate::engine::session::Session;
use crate::protocol::ReportRequest;
use crate::report::{build_report, ModelParts, SessionReport};

/// The report HTML of the session at the cleaning generation `req` names.
pub fn build(session: &Session, req: &ReportRequest) -> Result<String, WorkerError> {
    gather(session, req).map(|r| build_report(&r.input()))
}

/// The report parts of the session at the cleaning generation `req` names.
pub fn gather(session: &Session, req: &ReportRequest) -> Result<SessionReport, WorkerError> {
    let (loaded, working) = session.tables(req.cleaning)?;
    let lineage = session.lineage();
    let cleaning = session.cleaning(req.cleaning)?.steps.clone();
    let stage = lineage.model.and_then(|gen| session.model(gen).ok());
    let model = stage.and_then(|m| m.fit.as_ref()).map(|f| ModelParts {
        params: f.params.clone(),
        evaluation: f.evaluation.clone(),
        cv: f.cv.clone(),
    });
    let segments = session
        .current_segments()
        .map(|s| (s.spec.method.describe(), s.run.table.clone(), s.run.discovery.clone()));
    Ok(SessionReport::gather(
        &loaded.table,
        working,
        &req.target,
        req.positive.as_deref(),
        &loaded.file_name,
        &req.created,
        Some(loaded.report.clone()),
        cleaning,
        model,
        segments,
    )?)
}

//! Versioned serde messages between the page and its worker.
//!
//! Every message is one JSON text. The page sends [`ToWorker`]; bulk file bytes travel beside the
//! JSON as a `Uint8Array` (never as JSON numbers). The worker answers with [`FromWorker`]s: zero or
//! more `Progress` events, then exactly one result or `Failed` for the same `id`. Per-row columns
//! of a result ([`Bulk`]: test scores, classes, row ids) travel beside its JSON as typed arrays.
//! `v` is [`PROTOCOL_VERSION`]; a peer that receives another version answers `Failed` instead of
//! guessing. Every worker message carries the worker's [`Lineage`] after handling it, so the page
//! knows which of its results are current; requests that build on earlier work name the stage
//! generation they build on ([`request`]). [`replay`] keeps the requests that rebuild the
//! worker's state, by the same stage rule. This module holds engine types and serde, nothing
//! else.
//!
//! [`Request`] and [`Event`] use serde's default, externally tagged form (`{"load":{...}}`,
//! `"ready"`) since version 3: an internally tagged enum (`{"type":"load",...}`) buffers every
//! message and instantiates each payload's deserializer a second time, about 29 KB of gzipped
//! page wasm.

use serde::{Deserialize, Serialize};

mod event;
pub mod replay;
mod request;
mod view;

pub use event::{
    BatchMetrics, BatchResult, CleanSummary, DataSummary, Event, ExploreCharts, ExploreResult,
    ModelCharts, ModelInfo, RetrainResult, SegmentCharts, SegmentResult, TrainResult,
};
pub use request::{ExploreRequest, ReportRequest, Request, SegmentRequest, TrainRequest};
pub use view::{BaselineView, TableView, TextTable};

use crate::engine::session::Lineage;

/// Version of this message set; bump on any incompatible change.
pub const PROTOCOL_VERSION: u32 = 4;

/// Rows shown in the data preview.
pub const PREVIEW_ROWS: usize = 20;

/// A request from the page, tagged with the page's job id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToWorker {
    pub v: u32,
    pub id: u64,
    /// The page's colour scheme: the worker draws charts to match it.
    #[serde(default)]
    pub dark: bool,
    pub request: Request,
}

/// An event from the worker about job `id` (`id` 0 for unsolicited events such as `Ready`),
/// with the worker's lineage after it (before it, for progress).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FromWorker {
    pub v: u32,
    pub id: u64,
    pub lineage: Lineage,
    pub event: Event,
}

impl ToWorker {
    /// Wraps a request with the current protocol version.
    pub fn new(id: u64, request: Request) -> Self {
        ToWorker { v: PROTOCOL_VERSION, id, dark: false, request }
    }
}

impl FromWorker {
    /// Wraps an event with the current protocol version and the worker's `lineage`.
    pub fn new(id: u64, lineage: Lineage, event: Event) -> Self {
        FromWorker { v: PROTOCOL_VERSION, id, lineage, event }
    }

    /// Moves the per-row columns out of the event, leaving them empty in its JSON (None when the
    /// event has none).
    pub fn take_bulk(&mut self) -> Option<Bulk> {
        let Event::Trained(r) = &mut self.event else { return None };
        let e = &mut r.eval;
        Some(Bulk {
            proba: std::mem::take(&mut e.proba_test),
            y: std::mem::take(&mut e.y_test),
            // Loads are capped at 1 GB, far fewer than 2^32 records.
            row_ids: std::mem::take(&mut e.test_row_ids).into_iter().map(|r| r as u32).collect(),
        })
    }

    /// Moves a file's bytes out of the event (an ONNX export), None for other events.
    pub fn take_bytes(&mut self) -> Option<Vec<u8>> {
        match &mut self.event {
            Event::Onnx { bytes, .. } => Some(std::mem::take(bytes)),
            _ => None,
        }
    }

    /// Puts bytes taken by [`FromWorker::take_bytes`] back.
    pub fn put_bytes(&mut self, file: Vec<u8>) -> Result<(), String> {
        match &mut self.event {
            Event::Onnx { bytes, .. } => {
                *bytes = file;
                Ok(())
            }
            _ => Err("file bytes came with a message that has none".into()),
        }
    }

    /// Puts columns taken by [`FromWorker::take_bulk`] back.
    pub fn put_bulk(&mut self, bulk: Bulk) -> Result<(), String> {
        let Event::Trained(r) = &mut self.event else {
            return Err("per-row columns came with a message that has none".into());
        };
        let n = r.eval.n_test;
        if bulk.proba.len() != n || bulk.y.len() != n || bulk.row_ids.len() != n {
            return Err(format!(
                "the worker sent {} scores, {} classes and {} row ids for {n} test rows",
                bulk.proba.len(),
                bulk.y.len(),
                bulk.row_ids.len()
            ));
        }
        r.eval.proba_test = bulk.proba;
        r.eval.y_test = bulk.y;
        r.eval.test_row_ids = bulk.row_ids.into_iter().map(|r| r as usize).collect();
        Ok(())
    }
}

/// Per-row columns of a training result, sent as `Float64Array`, `Uint8Array` and `Uint32Array`
/// beside the JSON: 250,000 test rows are 6 MB of JSON numbers the page would parse on its main
/// thread, and a typed array is one copy.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Bulk {
    /// P(positive) of each test row.
    pub proba: Vec<f64>,
    /// True class (0/1) of each test row.
    pub y: Vec<u8>,
    /// Source-file record index of each test row.
    pub row_ids: Vec<u32>,
}

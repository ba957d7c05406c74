//! The stages of a session and what each owns. Ownership is the invalidation rule: a cleaning
//! stage lives inside its data stage, the model inside its cleaning stage, and derived results
//! (segments, labelled batches) inside the stage they were computed from. Replacing a stage
//! drops everything it owns at once — no list of resets to keep in sync.

use serde::{Deserialize, Serialize};

use super::explain_cache::ExplainCache;
use super::lineage::{Basis, Gen, Stage};
use crate::engine::clean::{CleaningLog, StepReport};
use crate::engine::evaluate::{CvResult, Evaluation};
use crate::engine::forest::ValidForestParams;
use crate::engine::ingest::IngestReport;
use crate::engine::model_io::Model;
use crate::engine::segment::{SegmentRun, SegmentSpec};
use crate::engine::table::Table;

/// A file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    pub file_name: String,
    pub table: Table,
    /// How it was read (encoding, delimiter, kinds, target guess, warnings).
    pub report: IngestReport,
}

/// The data stage: the file as read (none in an empty session) and its cleaning.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct DataStage {
    pub gen: Gen,
    pub loaded: Option<Loaded>,
    pub cleaning: CleanStage,
}

/// The cleaning stage: the log applied to the data, the cleaned table, and what was computed
/// from it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct CleanStage {
    pub gen: Gen,
    pub applied: Cleaning,
    /// The cleaned table; None while the log is empty (the data as read is worked on, so a
    /// large file is held once).
    pub table: Option<Table>,
    /// The last segmentation made without a model.
    pub segments: Option<Segments>,
    pub model: Option<ModelStage>,
}

/// A cleaning log as applied.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cleaning {
    /// The log with what its steps learnt (replayed on every batch the model scores).
    pub log: CleaningLog,
    /// What each step did.
    pub steps: Vec<StepReport>,
}

/// The model stage: the current model and what was computed with it.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelStage {
    pub gen: Gen,
    pub model: Model,
    /// How it was fitted, when it was trained in this session on the current cleaning (None
    /// for a model taken from a file).
    pub fit: Option<FitRecord>,
    /// Labelled batches scored with this model, newest last (retraining adds them).
    pub batches: Vec<LabelledBatch>,
    /// The last segmentation made with this model's scores.
    pub(super) segments: Option<Segments>,
    /// What explanations of this model reuse (built on first use).
    pub explain: ExplainCache,
}

impl ModelStage {
    /// The model as trained (`fit`) or taken from a file (`fit` None), with nothing derived yet.
    pub fn new(gen: Gen, model: Model, fit: Option<FitRecord>) -> ModelStage {
        ModelStage {
            gen,
            model,
            fit,
            batches: Vec::new(),
            segments: None,
            explain: ExplainCache::default(),
        }
    }
}

/// A fit made in this session: its evaluation and honest scores.
#[derive(Debug, Clone, PartialEq)]
pub struct FitRecord {
    pub params: ValidForestParams,
    pub evaluation: Evaluation,
    pub cv: Option<CvResult>,
    /// Held-out (test rows) or out-of-bag (training rows) P(positive) per working-table row.
    pub honest: Vec<f64>,
}

/// A labelled batch as read, kept for retraining.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelledBatch {
    pub file_name: String,
    pub table: Table,
}

/// A segmentation of the working table.
#[derive(Debug, Clone, PartialEq)]
pub struct Segments {
    /// Its own generation (requests about one of its segments name it).
    pub gen: Gen,
    /// The stage it was computed from: the model when its scores were used, else the cleaning.
    pub basis: Basis,
    pub spec: SegmentSpec,
    pub run: SegmentRun,
}

impl DataStage {
    /// The table later stages work on: the cleaned one, else the data as read.
    pub fn working(&self) -> Option<&Table> {
        self.cleaning.table.as_ref().or(self.loaded.as_ref().map(|l| &l.table))
    }
}

impl CleanStage {
    /// The current segmentation (at most one exists: see [`CleanStage::store_segments`]).
    pub fn segments(&self) -> Option<&Segments> {
        let with_model = self.model.as_ref().and_then(|m| m.segments.as_ref());
        with_model.or(self.segments.as_ref())
    }

    /// Makes `segments` the current segmentation, kept in the stage it was computed from (the
    /// model's when its scores were used): it goes when that stage goes.
    pub fn store_segments(&mut self, segments: Segments) {
        self.segments = None;
        if let Some(m) = self.model.as_mut() {
            m.segments = None;
        }
        match (segments.basis.stage, self.model.as_mut()) {
            (Stage::Model, Some(m)) => m.segments = Some(segments),
            _ => self.segments = Some(segments),
        }
    }
}

//! App-wide state: one context value of `RwSignal`s, updated only by [`AppState::apply`] from
//! worker events and by the components' own inputs.
//!
//! Every result the worker sent is kept [`Stamped`] with the worker's lineage when it was made and
//! the stage instance it was computed from. The worker's current lineage ([`AppState::lineage`],
//! from every message) then decides, by the engine's one rule ([`Lineage::freshness`]), whether
//! a result is shown as current, marked stale with its actions disabled, or not shown at all (it
//! describes another file). No list of resets: a new file or cleaning changes the lineage, and
//! everything computed before follows.

use leptos::prelude::*;

use super::idb::{Entry, HistoryPoint};
use crate::engine::clean::{CleaningLog, Problem};
use crate::engine::eda::ColumnSummary;
use crate::engine::ingest::RoleOverride;
use crate::engine::session::{Basis, Freshness, Gen, Lineage, Stage};
use crate::protocol::{
    BatchResult, CleanSummary, DataSummary, Event, ExploreResult, FromWorker, ModelInfo,
    RetrainResult, SegmentResult, TrainResult,
};

pub use super::step::Step;

/// What a running job has reported so far.
#[derive(Debug, Clone, PartialEq)]
pub struct JobStatus {
    /// Worker job id.
    pub id: u64,
    /// What the user started ("Loading file", "Training").
    pub label: String,
    /// Current phase reported by the worker.
    pub phase: String,
    /// Units done and total (0 total = unknown).
    pub done: u64,
    pub total: u64,
}

/// A result with what it was computed from.
#[derive(Debug, Clone, PartialEq)]
pub struct Stamped<T> {
    /// The worker's lineage when it was made.
    pub lineage: Lineage,
    /// The stage instance it depends on.
    pub basis: Basis,
    pub value: T,
}

/// A result slot.
pub type Slot<T> = RwSignal<Option<Stamped<T>>>;

/// The rows of one segment: (segmentation generation, segment, label, summary).
pub type SegmentRows = (Gen, usize, String, Vec<ColumnSummary>);

/// The app's shared state, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub step: RwSignal<Step>,
    /// The worker's lineage, as of its last message.
    pub lineage: RwSignal<Lineage>,
    pub error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
    pub job: RwSignal<Option<JobStatus>>,
    pub target: RwSignal<Option<String>>,
    pub positive: RwSignal<Option<String>>,
    /// The user's column roles over the inferred ones (Data step), sent with every training.
    pub role_overrides: RwSignal<Vec<RoleOverride>>,
    pub data: Slot<DataSummary>,
    pub problems: Slot<(Vec<Problem>, CleaningLog)>,
    /// The cleaning log being edited (the suggestion, the user's changes, what Apply learnt).
    pub log: RwSignal<CleaningLog>,
    /// Which steps of `log` are switched on (same length).
    pub log_enabled: RwSignal<Vec<bool>>,
    /// Positions in `log` of the steps sent with the last Apply (to store what they learnt).
    pub clean_positions: RwSignal<Vec<usize>>,
    pub cleaned: Slot<CleanSummary>,
    pub explore: Slot<ExploreResult>,
    pub trained: Slot<TrainResult>,
    /// Decision threshold on P(bought) used by the Model step's live metrics.
    pub threshold: RwSignal<f64>,
    pub segments: Slot<SegmentResult>,
    /// The decision surface: (x feature, y feature, its chart).
    pub surface: Slot<(String, String, String)>,
    /// The clicked segment's customers.
    pub segment_rows: RwSignal<Option<SegmentRows>>,
    /// The worker's current model (trained here or taken from a file or the registry).
    pub model_info: Slot<ModelInfo>,
    /// Registry id of the current model when it is saved, with the model's generation.
    pub model_entry: RwSignal<Option<(Gen, f64)>>,
    /// Metric history of the current model (labelled batches).
    pub history: Slot<Vec<HistoryPoint>>,
    /// Its chart, as drawn by the worker.
    pub history_chart: RwSignal<Option<String>>,
    /// The saved models.
    pub registry: RwSignal<Vec<Entry>>,
    /// The last report (HTML).
    pub report: Slot<String>,
    /// The last scored batch.
    pub batch: Slot<BatchResult>,
    /// The last file was too large: the share of its rows a sample may hold.
    pub sample_offer: RwSignal<Option<f64>>,
    /// A retrained candidate waiting for the user's choice.
    pub retrain: Slot<RetrainResult>,
    /// Waiting for the model JSON to save it under this name.
    pub pending_save: RwSignal<Option<String>>,
    /// Waiting for an imported model file to be accepted, to add it to the registry.
    pub pending_import: RwSignal<Option<(String, String)>>,
    /// Registry entry and history to attach to the next model the worker takes ("Use").
    pub pending_use: RwSignal<Option<(f64, Vec<HistoryPoint>)>>,
    /// Target and positive label to restore once the session's file is loaded again.
    pub pending_target: RwSignal<Option<(Option<String>, Option<String>)>>,
}

impl AppState {
    /// Empty state on the Data step.
    pub fn new() -> Self {
        AppState {
            step: RwSignal::new(Step::Data),
            lineage: RwSignal::new(Lineage::default()),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            job: RwSignal::new(None),
            target: RwSignal::new(None),
            positive: RwSignal::new(None),
            role_overrides: RwSignal::new(Vec::new()),
            data: RwSignal::new(None),
            problems: RwSignal::new(None),
            log: RwSignal::new(Vec::new()),
            log_enabled: RwSignal::new(Vec::new()),
            clean_positions: RwSignal::new(Vec::new()),
            cleaned: RwSignal::new(None),
            explore: RwSignal::new(None),
            trained: RwSignal::new(None),
            threshold: RwSignal::new(0.5),
            segments: RwSignal::new(None),
            surface: RwSignal::new(None),
            segment_rows: RwSignal::new(None),
            model_info: RwSignal::new(None),
            model_entry: RwSignal::new(None),
            history: RwSignal::new(None),
            history_chart: RwSignal::new(None),
            registry: RwSignal::new(Vec::new()),
            batch: RwSignal::new(None),
            retrain: RwSignal::new(None),
            sample_offer: RwSignal::new(None),
            report: RwSignal::new(None),
            pending_save: RwSignal::new(None),
            pending_import: RwSignal::new(None),
            pending_use: RwSignal::new(None),
            pending_target: RwSignal::new(None),
        }
    }

    /// How a stamped result stands against the worker's current lineage (tracked).
    pub fn freshness<T>(&self, slot: Slot<T>) -> Option<Freshness>
    where
        T: Send + Sync + 'static,
    {
        let now = self.lineage.get();
        slot.with(|s| s.as_ref().map(|s| now.freshness(s.lineage, s.basis)))
    }

    /// The result of `slot` when it is current or stale (not when it describes another file),
    /// with its freshness (tracked).
    pub fn shown<T>(&self, slot: Slot<T>) -> Option<(T, Freshness)>
    where
        T: Clone + Send + Sync + 'static,
    {
        let now = self.lineage.get();
        slot.with(|s| {
            let s = s.as_ref()?;
            match now.freshness(s.lineage, s.basis) {
                Freshness::Gone => None,
                f => Some((s.value.clone(), f)),
            }
        })
    }

    /// The result of `slot` only when it is current (tracked).
    pub fn current<T>(&self, slot: Slot<T>) -> Option<T>
    where
        T: Clone + Send + Sync + 'static,
    {
        self.shown(slot).filter(|(_, f)| *f == Freshness::Current).map(|(v, _)| v)
    }

    /// Whether `slot` holds a current result (tracked).
    pub fn has_current<T>(&self, slot: Slot<T>) -> bool
    where
        T: Send + Sync + 'static,
    {
        self.freshness(slot) == Some(Freshness::Current)
    }

    /// The registry id of the current model, when it is saved (tracked).
    pub fn saved_entry(&self) -> Option<f64> {
        let model = self.lineage.get().model;
        self.model_entry.get().filter(|(g, _)| Some(*g) == model).map(|(_, id)| id)
    }

    /// Marks job `id` as started.
    pub fn start_job(&self, id: u64, label: &str) {
        self.error.set(None);
        self.job.set(Some(JobStatus {
            id,
            label: label.to_string(),
            phase: "starting".into(),
            done: 0,
            total: 0,
        }));
    }

    /// Applies one worker event. Failures only set the error: earlier results stay.
    pub fn apply(&self, msg: FromWorker) {
        let finished = !matches!(msg.event, Event::Progress { .. } | Event::Ready);
        if finished && self.job.with_untracked(|j| j.as_ref().is_some_and(|j| j.id == msg.id)) {
            self.job.set(None);
        }
        let lineage = msg.lineage;
        // Set only when it changed: every result on the page reads it.
        let result = !matches!(msg.event, Event::Ready | Event::Progress { .. });
        if result && self.lineage.get_untracked() != lineage {
            self.lineage.set(lineage);
        }
        let on = |stage: Stage| lineage.basis(stage).unwrap_or_else(|| lineage.deepest());
        match msg.event {
            Event::Ready => {}
            Event::Progress { phase, done, total } => self.job.update(|j| {
                if let Some(j) = j.as_mut().filter(|j| j.id == msg.id) {
                    j.phase = phase;
                    j.done = done;
                    j.total = total;
                }
            }),
            Event::Loaded(summary) => self.on_loaded(stamped(lineage, on(Stage::Data), *summary)),
            Event::Problems { problems, suggested, preselected } => {
                self.log_enabled.set(preselected);
                self.log.set(suggested.clone());
                self.problems.set(stamped(lineage, on(Stage::Data), (problems, suggested)));
            }
            Event::Cleaned(summary) => {
                self.keep_learnt(&summary);
                self.cleaned.set(stamped(lineage, on(Stage::Cleaning), *summary));
            }
            Event::Explored(result) => {
                self.explore.set(stamped(lineage, on(Stage::Cleaning), *result))
            }
            Event::Surface { x, y, svg } => {
                self.surface.set(stamped(lineage, on(Stage::Model), (x, y, svg)))
            }
            Event::Chart { svg } => self.history_chart.set(Some(svg)),
            Event::Trained(result) => {
                self.threshold.set(0.5);
                let basis = on(Stage::Model);
                self.model_entry.set(None);
                self.model_info.set(stamped(lineage, basis, result.model.clone()));
                self.history.set(stamped(lineage, basis, Vec::new()));
                self.trained.set(stamped(lineage, basis, *result));
            }
            Event::ModelJson { .. }
            | Event::Sql { .. }
            | Event::Onnx { .. }
            | Event::SegmentDefinitions { .. } => {}
            Event::Segmented(result) => {
                self.segment_rows.set(None);
                self.segments.set(stamped(lineage, result.basis, *result));
            }
            Event::SegmentRows { segments, segment, label, summary } => {
                self.segment_rows.set(Some((segments, segment, label, summary)))
            }
            Event::Report { html } => self.report.set(stamped(lineage, lineage.deepest(), html)),
            Event::ModelInfo(info) => self.on_model(stamped(lineage, on(Stage::Model), *info)),
            Event::BatchScored(b) => self.on_batch(stamped(lineage, on(Stage::Model), *b)),
            Event::Retrained(r) => self.retrain.set(stamped(lineage, on(Stage::Model), *r)),
            Event::NeedsSample { message, fraction } => {
                self.error.set(Some(message));
                self.sample_offer.set(Some(fraction));
            }
            Event::Stale { message } => {
                self.notice.set(Some(format!("Not run: {message}.")));
            }
            Event::Failed { message } => {
                self.pending_save.set(None);
                self.pending_import.set(None);
                self.pending_use.set(None);
                self.error.set(Some(message))
            }
        }
    }

    /// Replaces the log being edited, every step switched on.
    pub fn set_log(&self, log: CleaningLog) {
        self.log_enabled.set(vec![true; log.len()]);
        self.log.set(log);
    }

    /// Steps that learnt values on Apply (edited strategy or method) keep them in the log.
    fn keep_learnt(&self, summary: &CleanSummary) {
        let positions = self.clean_positions.get_untracked();
        if positions.len() == summary.steps.len() {
            self.log.update(|log| {
                for (p, r) in positions.iter().zip(&summary.steps) {
                    if let Some(slot) = log.get_mut(*p) {
                        *slot = r.step.clone();
                    }
                }
            });
        }
    }

    fn on_loaded(&self, summary: Option<Stamped<DataSummary>>) {
        let Some(s) = summary.as_ref() else { return };
        let report = &s.value.report;
        self.error.set(None);
        self.sample_offer.set(None);
        match self.pending_target.try_update(Option::take).flatten() {
            Some((target, positive)) => {
                self.target.set(target);
                self.positive.set(positive);
            }
            None => {
                self.target.set(report.target_guess.clone());
                self.positive.set(report.positive_guess.clone());
            }
        }
        self.set_log(Vec::new());
        self.role_overrides.set(Vec::new());
        self.data.set(summary);
    }

    /// A model file became current: its registry entry and history come with it when the
    /// user chose it from the registry.
    fn on_model(&self, info: Option<Stamped<ModelInfo>>) {
        let Some(s) = info.as_ref() else { return };
        let (entry, history) = match self.pending_use.try_update(Option::take).flatten() {
            Some((id, history)) => (Some((s.basis.gen, id)), history),
            None => (None, Vec::new()),
        };
        self.model_entry.set(entry);
        self.history.set(stamped(s.lineage, s.basis, history));
        self.model_info.set(info);
    }

    fn on_batch(&self, batch: Option<Stamped<BatchResult>>) {
        let Some(b) = batch.as_ref() else { return };
        if let Some(m) = &b.value.metrics {
            let point = HistoryPoint {
                date: now_iso(),
                file_name: b.value.file_name.clone(),
                metrics: m.clone(),
            };
            self.history.update(|h| {
                if let Some(h) = h.as_mut() {
                    h.value.push(point);
                }
            });
        }
        self.batch.set(batch);
    }
}

/// `value`, computed at `lineage` from `basis`.
fn stamped<T>(lineage: Lineage, basis: Basis, value: T) -> Option<Stamped<T>> {
    Some(Stamped { lineage, basis, value })
}

/// The current time as ISO 8601 (UTC), from the browser clock.
pub fn now_iso() -> String {
    js_sys::Date::new_0().to_iso_string().as_string().unwrap_or_default()
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

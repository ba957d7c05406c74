//! App-wide state: one context value of `RwSignal`s, updated only by [`AppState::apply`] from
//! worker events and by the components' own inputs.

use leptos::prelude::*;

use super::idb::{Entry, HistoryPoint};
use crate::engine::clean::{CleaningLog, Problem};
use crate::engine::eda::ColumnSummary;
use crate::protocol::{
    BatchResult, CleanSummary, DataSummary, Event, ExploreResult, FromWorker, ModelInfo,
    RetrainResult, SegmentResult, TrainResult,
};

/// The steps of the left rail, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Data,
    Clean,
    Explore,
    Model,
    Segments,
    Monitor,
    Report,
}

impl Step {
    /// Every step in rail order.
    pub const ALL: [Step; 7] = [
        Step::Data,
        Step::Clean,
        Step::Explore,
        Step::Model,
        Step::Segments,
        Step::Monitor,
        Step::Report,
    ];

    /// Label shown in the rail.
    pub fn label(self) -> &'static str {
        match self {
            Step::Data => "Data",
            Step::Clean => "Clean",
            Step::Explore => "Explore",
            Step::Model => "Model",
            Step::Segments => "Segments",
            Step::Monitor => "Monitor",
            Step::Report => "Report",
        }
    }

    /// Stable test id of the rail button (`step-data`, ...).
    pub fn testid(self) -> String {
        format!("step-{}", self.slug())
    }

    /// Lower-case name (`data`, ...): the suffix of test ids and the step's section id in the
    /// user guide (`guide.html#data`, a heading of `docs/guide.md`).
    pub fn slug(self) -> String {
        self.label().to_ascii_lowercase()
    }
}

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

/// The app's shared state, provided as context.
#[derive(Clone, Copy)]
pub struct AppState {
    pub step: RwSignal<Step>,
    pub data: RwSignal<Option<DataSummary>>,
    pub error: RwSignal<Option<String>>,
    pub notice: RwSignal<Option<String>>,
    pub job: RwSignal<Option<JobStatus>>,
    pub target: RwSignal<Option<String>>,
    pub positive: RwSignal<Option<String>>,
    pub problems: RwSignal<Option<(Vec<Problem>, CleaningLog)>>,
    pub log: RwSignal<CleaningLog>,
    /// Positions in `log` of the steps sent with the last Apply (to store what they learnt).
    pub clean_positions: RwSignal<Vec<usize>>,
    pub cleaned: RwSignal<Option<CleanSummary>>,
    pub explore: RwSignal<Option<ExploreResult>>,
    pub trained: RwSignal<Option<TrainResult>>,
    /// Decision threshold on P(bought) used by the Model step's live metrics.
    pub threshold: RwSignal<f64>,
    pub segments: RwSignal<Option<SegmentResult>>,
    pub surface: RwSignal<Option<crate::engine::surface::Surface>>,
    /// The clicked segment: (index, label, summary of its rows).
    pub segment_rows: RwSignal<Option<(usize, String, Vec<ColumnSummary>)>>,
    /// The worker's current model (trained here or taken from a file or the registry).
    pub model_info: RwSignal<Option<ModelInfo>>,
    /// Registry id of the current model when it is saved.
    pub model_entry: RwSignal<Option<f64>>,
    /// Metric history of the current model (labelled batches).
    pub history: RwSignal<Vec<HistoryPoint>>,
    /// The saved models.
    pub registry: RwSignal<Vec<Entry>>,
    /// The last report (HTML), until the data or model changes.
    pub report: RwSignal<Option<String>>,
    /// The last scored batch.
    pub batch: RwSignal<Option<BatchResult>>,
    /// The last file was too large: the share of its rows a sample may hold.
    pub sample_offer: RwSignal<Option<f64>>,
    /// A retrained candidate waiting for the user's choice.
    pub retrain: RwSignal<Option<RetrainResult>>,
    /// Waiting for the model JSON to save it under this name.
    pub pending_save: RwSignal<Option<String>>,
    /// Waiting for an imported model file to be accepted, to add it to the registry.
    pub pending_import: RwSignal<Option<(String, String)>>,
    /// Target and positive label to restore once the session's file is loaded again.
    pub pending_target: RwSignal<Option<(Option<String>, Option<String>)>>,
}

impl AppState {
    /// Empty state on the Data step.
    pub fn new() -> Self {
        AppState {
            step: RwSignal::new(Step::Data),
            data: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            job: RwSignal::new(None),
            target: RwSignal::new(None),
            positive: RwSignal::new(None),
            problems: RwSignal::new(None),
            log: RwSignal::new(Vec::new()),
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
            history: RwSignal::new(Vec::new()),
            registry: RwSignal::new(Vec::new()),
            batch: RwSignal::new(None),
            retrain: RwSignal::new(None),
            sample_offer: RwSignal::new(None),
            report: RwSignal::new(None),
            pending_save: RwSignal::new(None),
            pending_import: RwSignal::new(None),
            pending_target: RwSignal::new(None),
        }
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
        match msg.event {
            Event::Ready => {}
            Event::Progress { phase, done, total } => self.job.update(|j| {
                if let Some(j) = j.as_mut().filter(|j| j.id == msg.id) {
                    j.phase = phase;
                    j.done = done;
                    j.total = total;
                }
            }),
            Event::Loaded(summary) => self.on_loaded(*summary),
            Event::Problems { problems, suggested } => {
                self.log.set(suggested.clone());
                self.problems.set(Some((problems, suggested)));
            }
            Event::Cleaned(summary) => {
                // Steps that learnt values on Apply (edited strategy or method) keep them.
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
                self.cleaned.set(Some(*summary));
                self.explore.set(None);
                self.trained.set(None);
                self.forget_model();
            }
            Event::Explored(result) => self.explore.set(Some(*result)),
            Event::Surface(s) => self.surface.set(Some(*s)),
            Event::Trained(result) => {
                self.threshold.set(0.5);
                self.surface.set(None);
                self.forget_model();
                self.model_info.set(Some(result.model.clone()));
                self.trained.set(Some(*result));
            }
            Event::ModelJson { .. } => {}
            Event::Segmented(result) => {
                self.report.set(None);
                self.segment_rows.set(None);
                self.segments.set(Some(*result));
            }
            Event::SegmentRows { segment, label, summary } => {
                self.segment_rows.set(Some((segment, label, summary)))
            }
            Event::Report { html } => self.report.set(Some(html)),
            Event::ModelInfo(info) => {
                self.batch.set(None);
                self.retrain.set(None);
                self.model_info.set(Some(*info));
            }
            Event::BatchScored(b) => {
                if let Some(m) = &b.metrics {
                    let point = HistoryPoint {
                        date: now_iso(),
                        file_name: b.file_name.clone(),
                        metrics: m.clone(),
                    };
                    self.history.update(|h| h.push(point));
                }
                self.retrain.set(None);
                self.batch.set(Some(*b));
            }
            Event::Retrained(r) => self.retrain.set(Some(*r)),
            Event::Sql { .. } => {}
            Event::NeedsSample { message, fraction } => {
                self.error.set(Some(message));
                self.sample_offer.set(Some(fraction));
            }
            Event::Failed { message } => {
                self.pending_save.set(None);
                self.pending_import.set(None);
                self.error.set(Some(message))
            }
        }
    }

    /// The worker dropped its model (new data or cleaning).
    fn forget_model(&self) {
        self.report.set(None);
        self.model_info.set(None);
        self.model_entry.set(None);
        self.history.set(Vec::new());
        self.batch.set(None);
        self.retrain.set(None);
    }

    fn on_loaded(&self, summary: DataSummary) {
        self.error.set(None);
        self.sample_offer.set(None);
        match self.pending_target.try_update(Option::take).flatten() {
            Some((target, positive)) => {
                self.target.set(target);
                self.positive.set(positive);
            }
            None => {
                self.target.set(summary.report.target_guess.clone());
                self.positive.set(summary.report.positive_guess.clone());
            }
        }
        self.forget_model();
        self.problems.set(None);
        self.log.set(Vec::new());
        self.cleaned.set(None);
        self.explore.set(None);
        self.trained.set(None);
        self.segments.set(None);
        self.data.set(Some(summary));
    }
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

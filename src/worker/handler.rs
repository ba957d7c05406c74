//! The job handler: one request in, progress events and one result (or `Failed`/`Stale`) out.
//!
//! A thin adapter over the engine's [`Session`], which owns the data, the cleaning, the model
//! and what was derived from them: each request is checked against the session's generations,
//! run, and its result written as an [`Event`]. Every message out carries the session's
//! lineage. A job id becomes the generation of what the job creates, so a fresh worker that
//! replays the same requests with the same ids (after Cancel) rebuilds the same generations.

use super::error::WorkerError;
use super::explain_global::GlobalShare;
use super::figures;
use super::progress::Reporter;
use super::views;
use super::{explain, explain_global};
use crate::engine::clean;
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::display::Outcome;
use crate::engine::evaluate::EvalConfig;
use crate::engine::explain::Contributions;
use crate::engine::forest::{Assembly, FitPlan, FitProgress};
use crate::engine::ingest::stream::{read_all, Bytes, ReadError, Source, SLICE_BYTES};
use crate::engine::ingest::{IngestError, IngestOptions, Sample};
use crate::engine::model_io::onnx::to_onnx;
use crate::engine::model_io::TrainingData;
use crate::engine::session::{Gen, GlobalCost, Lineage, Loaded, ModelStage, Session, SessionError};
use crate::engine::table::Table;
use crate::engine::training::{self, TrainOptions};
use crate::engine::useful::rank_by_importance;
use crate::protocol::{
    CleanSummary, DataSummary, Event, FromWorker, Request, ToWorker, TrainRequest, TrainResult,
    PREVIEW_ROWS, PROTOCOL_VERSION,
};
use std::ops::Range;

/// A suggested sample holds this share of what would fit, for the estimate's sake.
const SAMPLE_HEADROOM: f64 = 0.9;

/// Owns the worker's session and runs requests against it.
#[derive(Debug, Default)]
pub struct Handler {
    session: Session,
    /// Most cells (rows × columns) a load may hold (None: the ingest default).
    max_cells: Option<u64>,
    /// Milliseconds since some origin (performance.now in the browser); None natively in tests.
    clock: Option<fn() -> f64>,
    /// A training request whose trees are being grown elsewhere (its job id and plan).
    pending: Option<(u64, PendingTrain)>,
    /// The page's colour scheme, as of its last message (charts match it).
    dark: bool,
}

impl Handler {
    /// A handler with no data.
    pub fn new() -> Self {
        Self::default()
    }

    /// A handler that times jobs with `clock` (milliseconds).
    pub fn with_clock(clock: fn() -> f64) -> Self {
        Handler { clock: Some(clock), ..Self::default() }
    }

    /// The same handler with a smaller limit on loaded cells (the page keeps the default).
    pub fn with_max_cells(mut self, cells: u64) -> Self {
        self.max_cells = Some(cells);
        self
    }

    /// The session's state.
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// The current generation of every stage.
    pub fn lineage(&self) -> Lineage {
        self.session.lineage()
    }

    /// Rows of the current working table (0 without data).
    pub fn working_rows(&self) -> usize {
        self.session.working(self.lineage().cleaning).map_or(0, Table::n_rows)
    }

    /// Runs one message. `bytes` carries the file for `Load` and `ScoreBatch`. Every event goes
    /// to `emit`.
    pub fn handle(
        &mut self,
        msg: ToWorker,
        bytes: Option<&[u8]>,
        emit: &mut dyn FnMut(FromWorker),
    ) {
        let mut whole = Bytes(bytes.unwrap_or(&[]));
        self.handle_file(msg, &mut whole, emit);
    }

    /// Runs one message whose file (for `Load`, `LoadSample` and `ScoreBatch`) is read from
    /// `file`: a load reads it slice by slice, never holding the whole file. Every event goes to
    /// `emit`.
    pub fn handle_file(
        &mut self,
        msg: ToWorker,
        file: &mut dyn Source,
        emit: &mut dyn FnMut(FromWorker),
    ) {
        let id = msg.id;
        self.dark = msg.dark;
        let result = if msg.v != PROTOCOL_VERSION {
            Err(WorkerError::Protocol { page: msg.v, worker: PROTOCOL_VERSION })
        } else {
            let mut progress = Reporter::new(id, self.lineage(), emit);
            self.run(Gen(id), msg.request, file, &mut progress)
        };
        emit(FromWorker::new(id, self.lineage(), answer(result)));
    }

    fn run(
        &mut self,
        id: Gen,
        request: Request,
        file: &mut dyn Source,
        progress: &mut Reporter,
    ) -> Result<Event, WorkerError> {
        match request {
            Request::Load { file_name } => self.load(id, &file_name, file, None, progress),
            Request::LoadDemo => {
                let demo = &mut Bytes(super::demo::DEMO_CSV);
                self.load(id, super::demo::DEMO_NAME, demo, None, progress)
            }
            Request::LoadSample { file_name, fraction, seed } => {
                if !(fraction > 0.0 && fraction <= 1.0) {
                    return Err(WorkerError::SampleFraction(fraction));
                }
                self.load(id, &file_name, file, Some(Sample { fraction, seed }), progress)
            }
            Request::Detect { data, target, positive } => {
                let table = &self.session.loaded(data)?.table;
                let (problems, suggested) =
                    clean::analyze_for(table, target.as_deref(), positive.as_deref());
                let preselected = suggested.iter().map(clean::preselected).collect();
                Ok(Event::Problems { problems, suggested, preselected })
            }
            Request::Clean { data, log } => {
                self.session.clean(id, data, &log)?;
                let (loaded, table) = self.session.tables(id)?;
                let steps = self.session.cleaning(id)?.steps.clone();
                Ok(Event::Cleaned(Box::new(CleanSummary {
                    steps,
                    rows_before: loaded.table.n_rows(),
                    rows_after: table.n_rows(),
                    headers: headers(table),
                    preview: table.preview(PREVIEW_ROWS),
                })))
            }
            Request::Explore(req) => {
                let table = self.session.working(req.cleaning)?;
                super::explore::explore(table, &req, &self.style())
                    .map(|r| Event::Explored(Box::new(r)))
            }
            Request::Train(req) => {
                let pending = self.plan_train(id, &req, progress)?;
                let threads = pending.cfg.params.threads();
                let assembly =
                    training::grow(&pending.planned.split, threads, &mut progress.engine())?;
                self.complete_train(pending, assembly, 1, progress)
                    .map(|r| Event::Trained(Box::new(r)))
            }
            Request::Segment(req) => {
                let mut report = |p: FitProgress| {
                    progress.report(p.phase, p.done as u64, p.total as u64);
                    true
                };
                let style = self.style();
                let segments =
                    self.session.segment(id, req.cleaning, req.spec.clone(), &mut report)?;
                let run = &segments.run;
                let outcome = Outcome::new(&segments.spec.target, &run.labels[1]);
                let charts = figures::segments(
                    &run.table,
                    &segments.spec.method,
                    run.gains.as_ref(),
                    &outcome,
                    &style,
                );
                Ok(Event::Segmented(Box::new(views::segment_result(segments, req, charts))))
            }
            Request::SegmentRows { segments, segment } => {
                let (label, rows) = self.session.segment_members(segments, segment)?;
                let summary = crate::engine::eda::summarize(&rows);
                Ok(Event::SegmentRows { segments, segment, label, summary })
            }
            Request::Surface { model, x, y } => {
                let model = &self.session.model(model)?.model;
                let spec = TargetSpec {
                    target: model.target.column.clone(),
                    positive: Some(model.target.labels[1].clone()),
                    ..Default::default()
                };
                let table = self.session.working(self.lineage().cleaning)?;
                let data = Dataset::from_table(table, &spec)?;
                let surface =
                    crate::engine::surface::decision_surface(&model.forest, &data, &x, &y, 40)?;
                Ok(Event::Surface { x, y, svg: figures::surface(&surface, &self.style()) })
            }
            Request::UseModel { json } => {
                let model = super::monitor::read_model(&json)?;
                let info = super::monitor::info(&model);
                self.session.use_model(ModelStage::new(id, model, None));
                Ok(Event::ModelInfo(Box::new(info)))
            }
            Request::ScoreBatch { model, file_name } => {
                let bytes = &read_whole(file, &file_name)?;
                let style = self.style();
                // The current segments, to show the batch's mix of them (when there are some).
                let defs = self
                    .session
                    .current_segments()
                    .map(|s| s.gen)
                    .map(|gen| self.session.definitions(gen, ""));
                let stage = self.session.model_mut(model)?;
                let mut result = super::monitor::score_batch(stage, &file_name, bytes)?;
                result.drift_chart = result.drift.as_ref().map(|d| figures::drift(d, &style));
                if let Some(defs) = defs {
                    let mix = defs.map_err(|e| e.to_string()).and_then(|d| {
                        super::monitor::segment_mix(&d, &stage.model, &file_name, bytes)
                    });
                    match mix {
                        Ok(m) => result.segment_mix = Some(views::segment_mix(&m)),
                        Err(e) => result.warnings.push(format!("segment mix: {e}")),
                    }
                }
                Ok(Event::BatchScored(Box::new(result)))
            }
            Request::HistoryChart { points, reference } => {
                Ok(Event::Chart { svg: figures::history(&points, reference, &self.style()) })
            }
            Request::Retrain { model, created } => {
                let stage = self.session.model(model)?;
                let raw = &self.session.loaded(self.lineage().data)?.table;
                super::retrain::retrain(stage, raw, created, progress)
                    .map(|r| Event::Retrained(Box::new(r)))
            }
            Request::ExportSql { model, dialect, table } => {
                let model = &self.session.model(model)?.model;
                super::monitor::export_sql(model, dialect, &table)
            }
            Request::Report(req) => super::report::build(&mut self.session, &req, progress)
                .map(|html| Event::Report { html }),
            Request::Explain { model, customer } => {
                let (start, style) = (self.now(), self.style());
                let mut e = explain::customer(&mut self.session, model, customer, &style)?;
                e.elapsed_ms = self.since(start);
                Ok(Event::Explained(Box::new(e)))
            }
            Request::WhatIf { model, row, values } => {
                let (start, style) = (self.now(), self.style());
                let mut e = explain::what_if(&mut self.session, model, row, &values, &style)?;
                e.elapsed_ms = self.since(start);
                Ok(Event::Explained(Box::new(e)))
            }
            Request::ExplainGlobal { model } => {
                let (start, style) = (self.now(), self.style());
                let fresh = self.session.model(model)?.explain.global.is_none();
                let mut g = explain_global::global(&mut self.session, model, progress, &style)?;
                let ms = self.since(start);
                let cache = &mut self.session.model_mut(model)?.explain;
                if fresh {
                    cache.global_cost = GlobalCost { workers: 1, ms };
                }
                (g.elapsed_ms, g.workers) = (cache.global_cost.ms, cache.global_cost.workers);
                Ok(Event::GlobalExplained(Box::new(g)))
            }
            Request::ExplainFeature { model, feature } => {
                let style = self.style();
                explain_global::feature(&mut self.session, model, feature, progress, &style)
                    .map(|f| Event::FeatureExplained(Box::new(f)))
            }
            Request::Profit { model, value, cost } => {
                explain_global::profit(&self.session, model, value, cost, &self.style())
                    .map(|p| Event::Profit(Box::new(p)))
            }
            Request::ExportSegments { segments, created } => {
                let defs = self.session.definitions(segments, &created)?;
                let json = defs.to_json().map_err(SessionError::from)?;
                Ok(Event::SegmentDefinitions { json })
            }
            Request::ExportOnnx { model } => {
                let model = &self.session.model(model)?.model;
                let export = to_onnx(model)?;
                Ok(Event::Onnx { notes: export.notes, bytes: export.bytes })
            }
            Request::ExportModel { model } => {
                let json = self.session.model(model)?.model.to_json();
                Ok(Event::ModelJson { json: json.map_err(WorkerError::Unwritable)? })
            }
        }
    }

    /// The chart colours for the page's scheme.
    fn style(&self) -> crate::charts::ChartStyle {
        figures::style(self.dark)
    }

    /// The clock's reading (None without a clock).
    fn now(&self) -> Option<f64> {
        self.clock.map(|c| c())
    }

    /// Milliseconds since `start` (0 without a clock).
    fn since(&self, start: Option<f64>) -> f64 {
        match (start, self.clock) {
            (Some(s), Some(c)) => c() - s,
            _ => 0.0,
        }
    }

    fn load(
        &mut self,
        id: Gen,
        file_name: &str,
        file: &mut dyn Source,
        sample: Option<Sample>,
        progress: &mut Reporter,
    ) -> Result<Event, WorkerError> {
        let mut opts =
            IngestOptions { file_name: Some(file_name.to_string()), sample, ..Default::default() };
        opts.max_cells = self.max_cells.unwrap_or(opts.max_cells);
        let mut on_bytes = |done: u64, total: u64| progress.report("parsing", done, total);
        let ingested = match read_all(file, opts, SLICE_BYTES, &mut on_bytes) {
            Ok(i) => i,
            Err(ReadError::Ingest(e @ IngestError::TooLarge { cells, max })) => {
                let fraction = sample.map_or(1.0, |s| s.fraction) * SAMPLE_HEADROOM * max as f64
                    / cells as f64;
                return Ok(Event::NeedsSample { message: format!("{file_name}: {e}"), fraction });
            }
            Err(ReadError::Ingest(source)) => {
                return Err(WorkerError::Read { file: file_name.to_string(), source })
            }
            Err(ReadError::Source(message)) => {
                return Err(WorkerError::Unreadable { file: file_name.to_string(), message })
            }
        };
        let table = ingested.table;
        let useful = super::explore::useful(&table, ingested.report.target_guess.as_deref());
        let summary = DataSummary {
            useful,
            rows: table.n_rows(),
            columns: table.n_cols(),
            headers: headers(&table),
            preview: table.preview(PREVIEW_ROWS),
            report: ingested.report.clone(),
        };
        let report = ingested.report;
        self.session.load(id, Loaded { file_name: file_name.to_string(), table, report });
        Ok(Event::Loaded(Box::new(summary)))
    }
}

impl Handler {
    /// Starts training request `msg` without growing its trees (the browser grows them in several
    /// workers) and returns its plan; None when `msg` is not a training request of this protocol
    /// version, or when it already failed (answered through `emit`). [`Handler::finish_train`]
    /// completes it.
    pub fn begin_train(
        &mut self,
        msg: &ToWorker,
        emit: &mut dyn FnMut(FromWorker),
    ) -> Option<&FitPlan> {
        let Request::Train(req) = &msg.request else { return None };
        if msg.v != PROTOCOL_VERSION {
            return None;
        }
        let id = msg.id;
        let planned = self.plan_train(Gen(id), req, &mut Reporter::new(id, self.lineage(), emit));
        match planned {
            Ok(pending) => {
                let pending = self.pending.insert((id, pending));
                Some(&pending.1.planned.split.plan)
            }
            Err(e) => {
                emit(FromWorker::new(id, self.lineage(), answer(Err(e))));
                None
            }
        }
    }

    /// The global explanation request `msg` needs and lacks, when it costs at least `min_work`
    /// (rows × nodes): the pool explains its rows in several workers first.
    pub fn global_to_share(&mut self, msg: &ToWorker, min_work: u64) -> Option<GlobalShare> {
        if msg.v != PROTOCOL_VERSION {
            return None;
        }
        let model = match &msg.request {
            Request::ExplainGlobal { model } | Request::ExplainFeature { model, .. } => *model,
            Request::Report(_) => self.lineage().model?,
            _ => return None,
        };
        explain_global::to_share(&mut self.session, model, min_work)
    }

    /// Explains `rows` of `share`'s sample here (see [`explain_global::explain_part`]).
    pub fn explain_share(
        &self,
        share: &GlobalShare,
        rows: Range<usize>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<Contributions, String> {
        let rows = &share.rows[rows];
        explain_global::explain_part(&self.session, share.model, rows, progress)
            .map_err(|e| e.to_string())
    }

    /// Keeps the global explanation of `share`, explained by `workers` workers in `ms`.
    pub fn install_global(
        &mut self,
        share: &GlobalShare,
        contributions: Contributions,
        workers: usize,
        ms: f64,
    ) -> Result<(), String> {
        explain_global::install_global(&mut self.session, share.model, contributions, workers, ms)
            .map_err(|e| e.to_string())
    }

    /// Drops the training begun by [`Handler::begin_train`] (its trees could not be grown).
    pub fn abandon_train(&mut self) {
        self.pending = None;
    }

    /// Describes the training data of the training begun by [`Handler::begin_train`] for its
    /// model (fingerprint, profiles), so that is done before its last trees are in.
    pub fn describe_pending(&mut self) {
        let Some((_, pending)) = self.pending.as_mut() else { return };
        let Ok(table) = self.session.working(pending.basis) else { return };
        if pending.training.is_none() {
            pending.training = Some(TrainingData::describe(&pending.planned.split.data, table));
        }
    }

    /// The plan of the training begun by [`Handler::begin_train`], while it waits for its trees.
    pub fn pending_plan(&self) -> Option<&FitPlan> {
        self.pending.as_ref().map(|(_, p)| &p.planned.split.plan)
    }

    /// Completes the training begun by [`Handler::begin_train`] with every tree of its plan
    /// (shares appended in index order), grown by `workers` workers, and answers through `emit`
    /// (nothing when no training was begun).
    pub fn finish_train(
        &mut self,
        assembly: Assembly,
        workers: usize,
        emit: &mut dyn FnMut(FromWorker),
    ) {
        let Some((id, pending)) = self.pending.take() else { return };
        let mut progress = Reporter::new(id, self.lineage(), emit);
        let result = self
            .complete_train(pending, assembly, workers, &mut progress)
            .map(|r| Event::Trained(Box::new(r)));
        emit(FromWorker::new(id, self.lineage(), answer(result)));
    }

    /// Checks a training request, splits the working table and bins its training rows.
    fn plan_train(
        &self,
        id: Gen,
        req: &TrainRequest,
        progress: &mut Reporter,
    ) -> Result<PendingTrain, WorkerError> {
        let start = self.clock.map(|c| c());
        let params = req.params()?;
        let table = self.session.working(req.cleaning)?;
        let mut target =
            TargetSpec::with_roles(table, &req.target, req.positive.as_deref(), &req.roles);
        target.drop.extend(req.drop.iter().cloned());
        let cfg = EvalConfig {
            target,
            params,
            test_size: req.test_size,
            split_seed: req.random_state,
            threshold: 0.5,
            permutation_repeats: 5,
        };
        let tune = req.tune();
        let planned = training::prepare(table, &cfg, tune.as_ref(), &mut progress.engine())?;
        Ok(PendingTrain {
            id,
            basis: req.cleaning,
            req: req.clone(),
            cfg,
            planned,
            start,
            training: None,
        })
    }

    /// Evaluates the forest grown from a pending plan and makes it the current model.
    fn complete_train(
        &mut self,
        pending: PendingTrain,
        assembly: Assembly,
        workers: usize,
        progress: &mut Reporter,
    ) -> Result<TrainResult, WorkerError> {
        let PendingTrain { id, basis, req, cfg, planned, start, training } = pending;
        let table = self.session.working(basis)?;
        let log = self.session.cleaning(basis)?.log.clone();
        let options = TrainOptions {
            cv_folds: req.cv,
            log,
            created: req.created.clone(),
            training,
            baseline: true,
        };
        let fitted =
            training::finish(&planned, assembly, table, &cfg, options, &mut progress.engine())?;
        drop(planned);
        let elapsed_ms = match (start, self.clock) {
            (Some(s), Some(c)) => c() - s,
            _ => 0.0,
        };
        let info = super::monitor::info(&fitted.model);
        let record = crate::engine::session::FitRecord {
            params: cfg.params.clone(),
            evaluation: fitted.eval.clone(),
            cv: fitted.cv.clone(),
            honest: fitted.honest,
        };
        self.session.set_trained(ModelStage::new(id, fitted.model, Some(record)), basis)?;
        let charts = figures::model(&fitted.eval, &self.style());
        let useful = rank_by_importance(&fitted.eval.importance).into_iter().map(|f| f.name);
        Ok(TrainResult {
            charts,
            useful: useful.collect(),
            tuning: fitted.tuning.as_ref().map(views::tuning),
            baseline: fitted.baseline.as_ref().map(views::baseline),
            eval: fitted.eval,
            cv: fitted.cv,
            features: fitted.features,
            model: info,
            elapsed_ms,
            workers,
            detail: String::new(),
        }
        .with_detail(memory_bytes()))
    }
}

/// A training request between [`Handler::begin_train`] and [`Handler::finish_train`].
#[derive(Debug)]
struct PendingTrain {
    /// The job's id: the model's generation.
    id: Gen,
    /// The cleaning generation it trains on.
    basis: Gen,
    req: TrainRequest,
    cfg: EvalConfig,
    planned: training::Planned,
    /// Clock reading when the request arrived.
    start: Option<f64>,
    /// The training data's description for the model, once made.
    training: Option<TrainingData>,
}

/// The event answering a job: its result, `Stale` when it referred to a replaced stage, or
/// `Failed`.
fn answer(result: Result<Event, WorkerError>) -> Event {
    match result {
        Ok(event) => event,
        Err(e) if e.is_stale() => Event::Stale { message: e.to_string() },
        Err(e) => Event::Failed { message: e.to_string() },
    }
}

fn headers(table: &Table) -> Vec<String> {
    table.columns.iter().map(|c| c.name.clone()).collect()
}

/// Size of this worker's WebAssembly memory (its peak: wasm memory only grows).
#[cfg(target_arch = "wasm32")]
fn memory_bytes() -> Option<u64> {
    Some(core::arch::wasm32::memory_size(0) as u64 * 65_536)
}

/// Natively the process's memory is not the worker's: None.
#[cfg(not(target_arch = "wasm32"))]
fn memory_bytes() -> Option<u64> {
    None
}

/// All of `file` in memory (a batch to score is read whole).
fn read_whole(file: &mut dyn Source, name: &str) -> Result<Vec<u8>, WorkerError> {
    let size = usize::try_from(file.size()).unwrap_or(usize::MAX);
    file.read_at(0, size)
        .map_err(|message| WorkerError::Unreadable { file: name.to_string(), message })
}

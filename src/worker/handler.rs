//! The job handler: one request in, progress events and one result (or `Failed`) out.
//!
//! State between requests: the table as loaded (`raw`) and the working table after cleaning
//! (`working`). A failing job leaves both untouched, so the page's previous data stays usable.

use crate::engine::clean;
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::eda;
use crate::engine::evaluate::{EvalConfig, PlannedSplit};
use crate::engine::forest::{Assembly, FitPlan};
use crate::engine::ingest::{self, IngestError, IngestOptions, Sample};
use crate::engine::model_io::{Model, TrainingData};
use crate::engine::table::{Kind, Table};
use crate::protocol::{
    CleanSummary, DataSummary, Event, ExploreRequest, ExploreResult, FromWorker, Request, ToWorker,
    TrainRequest, TrainResult, PREVIEW_ROWS, PROTOCOL_VERSION,
};

/// A suggested sample holds this share of what would fit, for the estimate's sake.
const SAMPLE_HEADROOM: f64 = 0.9;

/// Owns the worker's data and runs requests against it.
#[derive(Debug, Default)]
pub struct Handler {
    raw: Option<Table>,
    /// The cleaned table, once a cleaning log was applied (before that, `raw` is worked on).
    working: Option<Table>,
    log: clean::CleaningLog,
    model: Option<Model>,
    /// Out-of-bag (training rows) or held-out (test rows) scores of the current model.
    honest: Option<Vec<f64>>,
    segments: super::segments::LastSegments,
    /// Labelled batches scored since the data was loaded (file name, table as read), newest
    /// last: retraining adds them to the data.
    batches: Vec<(String, Table)>,
    /// What the report shows: the last load, cleaning, evaluation and segment table.
    report: super::report::Parts,
    /// Most cells (rows × columns) a load may hold (None: the ingest default).
    max_cells: Option<u64>,
    /// Milliseconds since some origin (performance.now in the browser); None natively in tests.
    clock: Option<fn() -> f64>,
    /// A training request whose trees are being grown elsewhere (its job id and plan).
    pending: Option<(u64, PendingTrain)>,
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

    /// The current model, if one was trained.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// The table later steps work on (cleaned when a log was applied).
    pub fn working(&self) -> Option<&Table> {
        current(&self.working, &self.raw)
    }

    /// Runs one message. `bytes` carries the file for `Load`. Every event goes to `emit`.
    pub fn handle(
        &mut self,
        msg: ToWorker,
        bytes: Option<&[u8]>,
        emit: &mut dyn FnMut(FromWorker),
    ) {
        let id = msg.id;
        let result = if msg.v != PROTOCOL_VERSION {
            Err(format!(
                "the page speaks protocol version {}, this worker {}; reload the page",
                msg.v, PROTOCOL_VERSION
            ))
        } else {
            let mut progress = |phase: &str, done: u64, total: u64| {
                emit(FromWorker::new(id, Event::Progress { phase: phase.to_string(), done, total }))
            };
            self.run(msg.request, bytes, &mut progress)
        };
        let event = result.unwrap_or_else(|message| Event::Failed { message });
        emit(FromWorker::new(id, event));
    }

    fn run(
        &mut self,
        request: Request,
        bytes: Option<&[u8]>,
        progress: &mut dyn FnMut(&str, u64, u64),
    ) -> Result<Event, String> {
        match request {
            Request::Load { file_name } => {
                self.load(&file_name, bytes.unwrap_or(&[]), None, progress)
            }
            Request::LoadDemo => {
                self.load(super::demo::DEMO_NAME, super::demo::DEMO_CSV, None, progress)
            }
            Request::LoadSample { file_name, fraction, seed } => {
                if !(fraction > 0.0 && fraction <= 1.0) {
                    return Err(format!("sample fraction {fraction} is not in (0, 1]"));
                }
                let sample = Some(Sample { fraction, seed });
                self.load(&file_name, bytes.unwrap_or(&[]), sample, progress)
            }
            Request::Detect { target } => {
                let table = self.raw()?;
                let problems = clean::detect(table, target.as_deref());
                let suggested = clean::suggest(table, target.as_deref());
                Ok(Event::Problems { problems, suggested })
            }
            Request::Clean { log } => self.clean(&log),
            Request::Explore(req) => self.explore(&req).map(|r| Event::Explored(Box::new(r))),
            Request::Train(req) => self.train(&req, progress).map(|r| Event::Trained(Box::new(r))),
            Request::Segment(req) => {
                let table = current(&self.working, &self.raw)
                    .ok_or("no data loaded yet: load a CSV file first")?;
                let r =
                    super::segments::run(table, &req, self.honest.as_deref(), &mut self.segments)?;
                self.report.segments = Some((req.method.clone(), r.table.clone()));
                Ok(Event::Segmented(Box::new(r)))
            }
            Request::Surface { x, y } => {
                let model =
                    self.model.as_ref().ok_or("no model yet: train one in the Model step")?;
                let spec = TargetSpec {
                    target: model.target.column.clone(),
                    positive: Some(model.target.labels[1].clone()),
                    ..Default::default()
                };
                let data = Dataset::from_table(self.table()?, &spec).map_err(|e| e.to_string())?;
                crate::engine::surface::decision_surface(&model.forest, &data, &x, &y, 40)
                    .map(|s| Event::Surface(Box::new(s)))
            }
            Request::SegmentRows { segment } => {
                super::segments::rows_of(self.table()?, segment, &self.segments)
            }
            Request::UseModel { json } => {
                let model = super::monitor::read_model(&json)?;
                let info = super::monitor::info(&model);
                self.model = Some(model);
                self.honest = None;
                Ok(Event::ModelInfo(Box::new(info)))
            }
            Request::ScoreBatch { file_name } => {
                let model = self.model.as_ref().ok_or("no model yet: train or import one first")?;
                let (mut result, table) =
                    super::monitor::score_batch(model, &file_name, bytes.unwrap_or(&[]))?;
                if result.metrics.is_some() {
                    self.batches.push((file_name, table));
                }
                result.labelled_batches = self.batches.len();
                Ok(Event::BatchScored(Box::new(result)))
            }
            Request::Retrain { created } => {
                let model = self.model.as_ref().ok_or("no model yet: train or import one first")?;
                super::retrain::retrain(model, self.raw()?, &self.batches, created, progress)
                    .map(|r| Event::Retrained(Box::new(r)))
            }
            Request::ExportSql { dialect, table } => {
                let model = self.model.as_ref().ok_or("no model yet: train or import one first")?;
                super::monitor::export_sql(model, &dialect, &table)
            }
            Request::Report(req) => {
                let table = self.table()?;
                let raw = self.raw()?;
                super::report::build(raw, table, &self.report, &req)
                    .map(|html| Event::Report { html })
            }
            Request::ExportModel => match &self.model {
                Some(m) => {
                    m.to_json().map(|json| Event::ModelJson { json }).map_err(|e| e.to_string())
                }
                None => Err("no model yet: train one in the Model step".into()),
            },
        }
    }

    fn raw(&self) -> Result<&Table, String> {
        self.raw.as_ref().ok_or_else(|| "no data loaded yet: load a CSV file first".to_string())
    }

    fn table(&self) -> Result<&Table, String> {
        self.working().ok_or_else(|| "no data loaded yet: load a CSV file first".to_string())
    }

    fn load(
        &mut self,
        file_name: &str,
        bytes: &[u8],
        sample: Option<Sample>,
        progress: &mut dyn FnMut(&str, u64, u64),
    ) -> Result<Event, String> {
        let mut opts =
            IngestOptions { file_name: Some(file_name.to_string()), sample, ..Default::default() };
        opts.max_cells = self.max_cells.unwrap_or(opts.max_cells);
        let mut on_bytes =
            |done: usize, total: usize| progress("parsing", done as u64, total as u64);
        let ingested = match ingest::ingest_with_progress(bytes, &opts, &mut on_bytes) {
            Ok(i) => i,
            Err(e @ IngestError::TooLarge { cells, max }) => {
                let fraction = sample.map_or(1.0, |s| s.fraction) * SAMPLE_HEADROOM * max as f64
                    / cells as f64;
                return Ok(Event::NeedsSample { message: format!("{file_name}: {e}"), fraction });
            }
            Err(e) => return Err(format!("{file_name}: {e}")),
        };
        let table = ingested.table;
        let summary = DataSummary {
            rows: table.n_rows(),
            columns: table.n_cols(),
            headers: headers(&table),
            preview: table.preview(PREVIEW_ROWS),
            report: ingested.report,
        };
        self.report = super::report::Parts {
            file_name: file_name.to_string(),
            ingest: Some(summary.report.clone()),
            ..Default::default()
        };
        // One copy: the raw table is worked on until a cleaning log is applied.
        self.working = None;
        self.raw = Some(table);
        self.log.clear();
        self.batches.clear();
        self.model = None;
        self.honest = None;
        Ok(Event::Loaded(Box::new(summary)))
    }

    fn clean(&mut self, log: &clean::CleaningLog) -> Result<Event, String> {
        let raw = self.raw()?;
        let (table, steps) = clean::apply(raw, log).map_err(|e| e.to_string())?;
        let summary = CleanSummary {
            steps,
            rows_before: raw.n_rows(),
            rows_after: table.n_rows(),
            headers: headers(&table),
            preview: table.preview(PREVIEW_ROWS),
        };
        self.report.cleaning = summary.steps.clone();
        self.report.model = None;
        self.report.segments = None;
        self.working = Some(table);
        // The log as applied: steps marked `relearn` carry the values they learnt, so the model
        // (and every batch it scores later) reuses them instead of learning again.
        self.log = summary.steps.iter().map(|r| r.step.clone()).collect();
        self.model = None;
        self.honest = None;
        Ok(Event::Cleaned(Box::new(summary)))
    }

    fn explore(&self, req: &ExploreRequest) -> Result<ExploreResult, String> {
        let table = self.table()?;
        let target = &req.target;
        let features: Vec<&crate::engine::table::Column> =
            table.columns.iter().filter(|c| !c.name.eq_ignore_ascii_case(target)).collect();
        let numeric: Vec<String> =
            features.iter().filter(|c| c.kind == Kind::Numeric).map(|c| c.name.clone()).collect();
        let categories: Vec<String> = features
            .iter()
            .filter(|c| matches!(c.kind, Kind::Categorical | Kind::Boolean))
            .map(|c| c.name.clone())
            .collect();
        let positive = req.positive.clone();
        let balance = eda::class_balance(table, target, &positive).map_err(|e| e.to_string())?;
        let hist_col = req.histogram_column.clone().or_else(|| numeric.first().cloned());
        let histogram = match hist_col {
            Some(col) => Some(
                eda::histogram_by_class(table, &col, target, &positive, req.bins.max(2))
                    .map_err(|e| e.to_string())?,
            ),
            None => None,
        };
        let cat_col = req.category_column.clone().or_else(|| categories.first().cloned());
        let rates = match cat_col {
            Some(col) => {
                let r = eda::rate_by_category(table, &col, target, &positive)
                    .map_err(|e| e.to_string())?;
                Some((col, r))
            }
            None => None,
        };
        let axes = req.scatter.clone().or_else(|| match numeric.as_slice() {
            [a, b, ..] => Some((a.clone(), b.clone())),
            _ => None,
        });
        let scatter = match axes {
            Some((x, y)) => Some(
                eda::scatter(table, &x, &y, target, &positive, 4000, 7)
                    .map_err(|e| e.to_string())?,
            ),
            None => None,
        };
        Ok(ExploreResult {
            summary: eda::summarize(table),
            balance,
            histogram,
            rates,
            scatter,
            correlation: eda::correlation(table),
            numeric_columns: numeric,
            category_columns: categories,
        })
    }
}

impl Handler {
    fn train(
        &mut self,
        req: &TrainRequest,
        progress: &mut dyn FnMut(&str, u64, u64),
    ) -> Result<TrainResult, String> {
        let pending = self.plan_train(req, progress)?;
        let assembly = super::fit::grow(&pending.planned, &pending.cfg, progress)?;
        self.complete_train(pending, assembly, progress)
    }

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
        let mut progress = |phase: &str, done: u64, total: u64| {
            emit(FromWorker::new(id, Event::Progress { phase: phase.to_string(), done, total }))
        };
        match self.plan_train(req, &mut progress) {
            Ok(pending) => {
                let pending = self.pending.insert((id, pending));
                Some(&pending.1.planned.plan)
            }
            Err(message) => {
                emit(FromWorker::new(id, Event::Failed { message }));
                None
            }
        }
    }

    /// Drops the training begun by [`Handler::begin_train`] (its trees could not be grown).
    pub fn abandon_train(&mut self) {
        self.pending = None;
    }

    /// Describes the training data of the training begun by [`Handler::begin_train`] for its
    /// model (fingerprint, profiles), so that is done before its last trees are in.
    pub fn describe_pending(&mut self) {
        let Some(table) = current(&self.working, &self.raw) else { return };
        if let Some((_, pending)) = self.pending.as_mut() {
            if pending.training.is_none() {
                pending.training = Some(TrainingData::describe(&pending.planned.data, table));
            }
        }
    }

    /// The plan of the training begun by [`Handler::begin_train`], while it waits for its trees.
    pub fn pending_plan(&self) -> Option<&FitPlan> {
        self.pending.as_ref().map(|(_, p)| &p.planned.plan)
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
        let mut progress = |phase: &str, done: u64, total: u64| {
            emit(FromWorker::new(id, Event::Progress { phase: phase.to_string(), done, total }))
        };
        let event = match self.complete_train(pending, assembly, &mut progress) {
            Ok(r) => {
                Event::Trained(Box::new(TrainResult { workers, ..r }.with_detail(memory_bytes())))
            }
            Err(message) => Event::Failed { message },
        };
        emit(FromWorker::new(id, event));
    }

    /// Checks a training request, splits the working table and bins its training rows.
    fn plan_train(
        &self,
        req: &TrainRequest,
        progress: &mut dyn FnMut(&str, u64, u64),
    ) -> Result<PendingTrain, String> {
        let start = self.clock.map(|c| c());
        let params = req.params().map_err(|e| e.to_string())?;
        let table = self.table()?;
        let target = TargetSpec {
            target: req.target.clone(),
            positive: req.positive.clone(),
            drop: req.drop.clone(),
            features: None,
        };
        let cfg = EvalConfig {
            target,
            params,
            test_size: req.test_size,
            split_seed: req.random_state,
            threshold: 0.5,
            permutation_repeats: 5,
        };
        let planned = super::fit::prepare(table, &cfg, progress)?;
        Ok(PendingTrain { req: req.clone(), cfg, planned, start, training: None })
    }

    /// Evaluates the forest grown from a pending plan and makes it the current model.
    fn complete_train(
        &mut self,
        pending: PendingTrain,
        assembly: Assembly,
        progress: &mut dyn FnMut(&str, u64, u64),
    ) -> Result<TrainResult, String> {
        let PendingTrain { req, cfg, planned, start, training } = pending;
        let table = self.table()?;
        let options = super::fit::ModelOptions {
            cv_folds: req.cv,
            log: self.log.clone(),
            created: req.created.clone(),
            training,
        };
        let fitted = super::fit::finish(&planned, assembly, table, &cfg, options, progress)?;
        drop(planned);
        let elapsed_ms = match (start, self.clock) {
            (Some(s), Some(c)) => c() - s,
            _ => 0.0,
        };
        let info = super::monitor::info(&fitted.model);
        self.model = Some(fitted.model);
        self.honest = Some(fitted.honest);
        self.report.model = Some(crate::report::ModelParts {
            params: cfg.params.clone(),
            evaluation: fitted.eval.clone(),
            cv: fitted.cv.clone(),
        });
        Ok(TrainResult {
            eval: fitted.eval,
            cv: fitted.cv,
            features: fitted.features,
            model: info,
            elapsed_ms,
            workers: 1,
            detail: String::new(),
        }
        .with_detail(memory_bytes()))
    }
}

/// A training request between [`Handler::begin_train`] and [`Handler::finish_train`].
#[derive(Debug)]
struct PendingTrain {
    req: TrainRequest,
    cfg: EvalConfig,
    planned: PlannedSplit,
    /// Clock reading when the request arrived.
    start: Option<f64>,
    /// The training data's description for the model, once made.
    training: Option<TrainingData>,
}

/// The table later steps work on: the cleaned one once a log was applied, else the raw one (a
/// function of the fields, so callers can borrow other fields mutably beside it).
fn current<'a>(working: &'a Option<Table>, raw: &'a Option<Table>) -> Option<&'a Table> {
    working.as_ref().or(raw.as_ref())
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

//! Versioned serde messages between the page and its worker.
//!
//! Every message is one JSON text. The page sends [`ToWorker`]; bulk file bytes travel beside the
//! JSON as a `Uint8Array` (never as JSON numbers). The worker answers with [`FromWorker`]s: zero or
//! more `Progress` events, then exactly one result or `Failed` for the same `id`. Per-row columns
//! of a result ([`Bulk`]: test scores, classes, row ids) travel beside its JSON as typed arrays.
//! `v` is [`PROTOCOL_VERSION`]; a peer that receives another version answers `Failed` instead of
//! guessing. This module holds engine types and serde, nothing else.
//!
//! [`Request`] and [`Event`] use serde's default, externally tagged form (`{"load":{...}}`,
//! `"ready"`) since version 3: an internally tagged enum (`{"type":"load",...}`) buffers every
//! message and instantiates each payload's deserializer a second time, about 29 KB of gzipped
//! page wasm.

use serde::{Deserialize, Serialize};

use crate::engine::clean::{CleaningLog, Problem, StepReport};
use crate::engine::drift::DriftReport;
use crate::engine::eda::{
    CategoryRate, ClassBalance, ColumnSummary, CorrelationMatrix, HistogramByClass, ScatterData,
};
use crate::engine::evaluate::{CvResult, Evaluation};
use crate::engine::forest::{
    ClassWeight, Criterion, ForestParams, MaxFeatures, ParamsError, ValidForestParams,
};
use crate::engine::ingest::IngestReport;
use crate::engine::model_io::DataFingerprint;
use crate::engine::segment::{GainsTable, KMeansInfo, SegmentTable};
use crate::engine::surface::Surface;

/// Version of this message set; bump on any incompatible change.
pub const PROTOCOL_VERSION: u32 = 3;

/// Rows shown in the data preview.
pub const PREVIEW_ROWS: usize = 20;

/// A request from the page, tagged with the page's job id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToWorker {
    pub v: u32,
    pub id: u64,
    pub request: Request,
}

/// An event from the worker about job `id` (`id` 0 for unsolicited events such as `Ready`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FromWorker {
    pub v: u32,
    pub id: u64,
    pub event: Event,
}

/// What the page asks the worker to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Request {
    /// Parse the file bytes sent beside this message; replaces the current data on success only.
    Load { file_name: String },
    /// Load the demo dataset bundled in the worker (`worker::demo`), like `Load` of its bytes.
    LoadDemo,
    /// Like `Load`, keeping only a seeded random `fraction` of the records (a file too large to
    /// load whole).
    LoadSample { file_name: String, fraction: f64, seed: u64 },
    /// Detect problems and suggest a cleaning log for the loaded data.
    Detect { target: Option<String> },
    /// Apply a cleaning log to the loaded (raw) data; the result becomes the working table.
    Clean { log: CleaningLog },
    /// Compute the Explore step's statistics on the working table.
    Explore(ExploreRequest),
    /// Train and evaluate a forest on the working table; the worker keeps the model.
    Train(TrainRequest),
    /// Send the current model as JSON (for download or saving).
    ExportModel,
    /// Segment the working table.
    Segment(SegmentRequest),
    /// Summarise the rows of one segment of the last segmentation.
    SegmentRows { segment: usize },
    /// The current model's decision surface over two numeric features.
    Surface { x: String, y: String },
    /// Make this model file (from the registry or an imported file) the current model; the
    /// current model stays when the file is invalid.
    UseModel { json: String },
    /// Score the CSV batch sent beside this message with the current model.
    ScoreBatch { file_name: String },
    /// Build the HTML report of the current analysis.
    Report(ReportRequest),
    /// The current model as one SQL query scoring `table` in `dialect` (sqlite, postgres, duckdb).
    ExportSql { dialect: String, table: String },
    /// Fit a candidate model on the loaded data plus the labelled batches scored since, with the
    /// current model's parameters and cleaning; the current model stays until the page sends
    /// the candidate back with `UseModel`.
    Retrain { created: String },
}

/// What the Report step asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRequest {
    pub target: String,
    pub positive: Option<String>,
    /// When the user asked (ISO 8601), printed in the report.
    pub created: String,
}

/// The Segments step's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRequest {
    pub target: String,
    pub positive: Option<String>,
    /// grid, kmeans, tree or deciles.
    pub method: String,
    /// Grid columns (1–3) or k-means columns (empty: all).
    pub by: Vec<String>,
    pub bins: usize,
    /// Clusters (None: chosen by silhouette).
    pub k: Option<usize>,
    pub min_support: u64,
    pub max_depth: usize,
    pub random_state: u64,
}

/// A segment table and what the chosen method adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentResult {
    pub request: SegmentRequest,
    pub table: SegmentTable,
    pub gains: Option<GainsTable>,
    pub kmeans: Option<KMeansInfo>,
    /// Whether `mean_proba` comes from a trained model (out-of-bag or held-out scores).
    pub with_model: bool,
}

/// The Model step's form, with scikit-learn's parameter names (text where the user types).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainRequest {
    pub target: String,
    pub positive: Option<String>,
    pub drop: Vec<String>,
    pub n_estimators: usize,
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    pub max_features: String,
    pub criterion: String,
    pub class_weight: String,
    pub bootstrap: bool,
    pub random_state: u64,
    pub test_size: f64,
    /// Also run k-fold cross-validation.
    pub cv: Option<usize>,
    /// When the user pressed Train (ISO 8601), stored in the model.
    pub created: String,
}

impl TrainRequest {
    /// The checked forest parameters (errors name the parameter).
    pub fn params(&self) -> Result<ValidForestParams, ParamsError> {
        ForestParams::new()
            .n_estimators(self.n_estimators)
            .max_depth(self.max_depth)
            .min_samples_leaf(self.min_samples_leaf)
            .min_samples_split(self.min_samples_split)
            .max_features(self.max_features.parse::<MaxFeatures>()?)
            .criterion(self.criterion.parse::<Criterion>()?)
            .class_weight(self.class_weight.parse::<ClassWeight>()?)
            .bootstrap(self.bootstrap)
            .random_state(self.random_state)
            .n_threads(Some(1))
            .check()
    }
}

/// What the Model step shows after training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainResult {
    pub eval: Evaluation,
    pub cv: Option<CvResult>,
    pub features: Vec<String>,
    /// The model now current in the worker.
    pub model: ModelInfo,
    /// Wall time of the whole job, milliseconds (measured by the worker).
    pub elapsed_ms: f64,
    /// Web Workers that grew the trees (1 natively and for small jobs).
    #[serde(default = "one")]
    pub workers: usize,
    /// One line on the job for the results panel (rows, time, workers, tree shape, memory),
    /// written by the worker.
    #[serde(default)]
    pub detail: String,
}

impl TrainResult {
    /// The result with its [`TrainResult::detail`] line written from its other fields and
    /// `memory_bytes`, the size of the worker's WebAssembly memory after the job: its
    /// high-water mark, since that memory never shrinks (None natively).
    pub fn with_detail(mut self, memory_bytes: Option<u64>) -> TrainResult {
        let workers = match self.workers {
            0 | 1 => String::new(),
            n => format!(" · trees grown in {n} workers"),
        };
        let memory = match memory_bytes {
            Some(b) => format!(" · worker memory {:.0} MB", b as f64 / 1e6),
            None => String::new(),
        };
        self.detail = format!(
            "{} training rows, {} test rows · {:.0} ms{workers} · mean depth {:.1}, {:.0} leaves per tree{memory}",
            self.eval.n_train, self.eval.n_test, self.elapsed_ms, self.eval.mean_depth, self.eval.mean_leaves
        );
        self
    }
}

fn one() -> usize {
    1
}

/// Settings of the Explore step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreRequest {
    /// Target column (must be binary).
    pub target: String,
    /// Label counted as a purchase.
    pub positive: String,
    /// Numeric column for the histogram (None: the first numeric feature).
    pub histogram_column: Option<String>,
    /// Categorical column for the rate bars (None: the first categorical feature).
    pub category_column: Option<String>,
    /// Scatter axes (None: the first two numeric features).
    pub scatter: Option<(String, String)>,
    /// Histogram bins.
    pub bins: usize,
}

/// What the worker reports back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    /// The worker is running and will accept requests (sent once, id 0).
    Ready,
    /// Part of a job is done.
    Progress { phase: String, done: u64, total: u64 },
    /// A file was parsed.
    Loaded(Box<DataSummary>),
    /// Problems found and the suggested fixes.
    Problems { problems: Vec<Problem>, suggested: CleaningLog },
    /// A cleaning log was applied.
    Cleaned(Box<CleanSummary>),
    /// Explore statistics.
    Explored(Box<ExploreResult>),
    /// A model was trained and evaluated.
    Trained(Box<TrainResult>),
    /// The current model as JSON.
    ModelJson { json: String },
    /// Segments were computed.
    Segmented(Box<SegmentResult>),
    /// A decision surface.
    Surface(Box<Surface>),
    /// Summary of one segment's rows.
    SegmentRows { segment: usize, label: String, summary: Vec<ColumnSummary> },
    /// A model file became the current model.
    ModelInfo(Box<ModelInfo>),
    /// A batch was scored.
    BatchScored(Box<BatchResult>),
    /// The session's report: one self-contained HTML page (built in the worker, so the page
    /// links neither the report builder nor the SVG charts).
    Report { html: String },
    /// The current model as SQL.
    Sql { dialect: String, sql: String, notes: Vec<String> },
    /// A candidate model was fitted.
    Retrained(Box<RetrainResult>),
    /// The file is too large to load whole; a random sample of `fraction` of its rows would fit.
    /// The worker's previous state is unchanged.
    NeedsSample { message: String, fraction: f64 },
    /// The job failed; the worker's previous state is unchanged.
    Failed { message: String },
}

/// What the Data step shows after a load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSummary {
    pub report: IngestReport,
    pub rows: usize,
    pub columns: usize,
    pub headers: Vec<String>,
    /// First [`PREVIEW_ROWS`] rows as display text.
    pub preview: Vec<Vec<String>>,
}

/// Result of applying a cleaning log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CleanSummary {
    pub steps: Vec<StepReport>,
    pub rows_before: usize,
    pub rows_after: usize,
    pub headers: Vec<String>,
    pub preview: Vec<Vec<String>>,
}

/// Everything the Explore step draws.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreResult {
    pub summary: Vec<ColumnSummary>,
    pub balance: ClassBalance,
    pub histogram: Option<HistogramByClass>,
    pub rates: Option<(String, Vec<CategoryRate>)>,
    pub scatter: Option<ScatterData>,
    pub correlation: CorrelationMatrix,
    pub numeric_columns: Vec<String>,
    pub category_columns: Vec<String>,
}

/// What the Monitor step shows about the current model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    pub created: String,
    pub target: String,
    /// `[negative, positive]` labels.
    pub labels: [String; 2],
    pub features: Vec<String>,
    pub n_trees: usize,
    pub fingerprint: DataFingerprint,
    /// The metrics stored in the model (accuracy, f1, roc_auc, ...).
    pub metrics: serde_json::Value,
}

/// Metrics of a labelled batch, one point of a model's history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchMetrics {
    pub n: usize,
    pub accuracy: f64,
    pub f1: f64,
    pub roc_auc: Option<f64>,
}

/// A scored batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BatchResult {
    pub file_name: String,
    pub rows: usize,
    /// Header of `preview` and of the predictions file.
    pub headers: Vec<String>,
    /// First [`PREVIEW_ROWS`] prediction rows as text.
    pub preview: Vec<Vec<String>>,
    /// `row[,id],proba,y_pred` for every record (CSV text, cells escaped).
    pub predictions_csv: String,
    /// Schema differences and other things to know, in plain words.
    pub warnings: Vec<String>,
    /// Present when the batch has the model's target column.
    pub metrics: Option<BatchMetrics>,
    /// PSI of every feature (and of the scores) against the training data.
    pub drift: Option<DriftReport>,
    /// Why retraining is advised (major drift, accuracy drop); empty when it is not.
    pub retrain_reasons: Vec<String>,
    /// Labelled batches the worker now holds for retraining.
    pub labelled_batches: usize,
}

/// A candidate model from retraining, compared with the current one on the newest batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetrainResult {
    /// What was stacked: (part, rows as read).
    pub parts: Vec<(String, usize)>,
    /// Rows after the cleaning log.
    pub rows: usize,
    /// The newest labelled batch, on which both models are compared.
    pub newest: String,
    /// The current model on the newest batch (it never saw those rows).
    pub current: BatchMetrics,
    /// The candidate on the newest batch, from honest scores (held-out or out-of-bag).
    pub candidate: BatchMetrics,
    pub model: ModelInfo,
    /// The candidate model file (sent back with `UseModel` when the user keeps it).
    pub json: String,
    /// Things to know about the comparison.
    pub notes: Vec<String>,
}

impl ToWorker {
    /// Wraps a request with the current protocol version.
    pub fn new(id: u64, request: Request) -> Self {
        ToWorker { v: PROTOCOL_VERSION, id, request }
    }
}

impl FromWorker {
    /// Wraps an event with the current protocol version.
    pub fn new(id: u64, event: Event) -> Self {
        FromWorker { v: PROTOCOL_VERSION, id, event }
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

//! What the worker reports back: progress, one result per request, or why not.

use serde::{Deserialize, Serialize};

use super::explain::{CustomerExplanation, FeatureExplanation, GlobalExplanation, ProfitResult};
use super::view::{BaselineView, TableView};
use crate::engine::clean::{CleaningLog, Problem, StepReport};
use crate::engine::drift::DriftReport;
use crate::engine::eda::{ClassBalance, ColumnSummary};
use crate::engine::evaluate::{CvResult, Evaluation};
use crate::engine::ingest::IngestReport;
use crate::engine::model_io::{DataFingerprint, ModelMetrics};
use crate::engine::segment::{GainsTable, KMeansInfo, SegmentTable};
use crate::engine::session::{Basis, Gen};

/// A segment table and what the chosen method adds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentResult {
    /// Its generation (requests about one of its segments name it).
    pub gen: Gen,
    /// What it was computed from: the model when its scores were used, else the cleaning.
    pub basis: Basis,
    /// The target column (the page reads nothing else of the request: no method reader).
    pub target: String,
    /// The target's `[negative, positive]` labels.
    pub labels: [String; 2],
    pub table: SegmentTable,
    pub gains: Option<GainsTable>,
    pub kmeans: Option<KMeansInfo>,
    /// What discovery found, as the page shows it (the worker keeps the rules and members).
    pub discovery: Option<TableView>,
    /// The segment table as the CSV download writes it (a discovery's own columns included).
    pub csv: String,
    pub charts: SegmentCharts,
    /// Whether `mean_proba` comes from a trained model (out-of-bag or held-out scores).
    pub with_model: bool,
}

/// What the Model step shows after training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainResult {
    pub eval: Evaluation,
    pub charts: ModelCharts,
    /// How `min_samples_leaf` was chosen (`auto`): the out-of-bag table.
    pub tuning: Option<TableView>,
    /// The logistic-regression baseline on the same test rows, and the forest's margin.
    pub baseline: Option<BaselineView>,
    /// The model's features, most important first (permutation importance when computed).
    pub useful: Vec<String>,
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
    /// Problems found and the suggested fixes; `preselected[i]` says whether step `i` is
    /// switched on by default (outlier clipping and date parts are proposed, not preselected).
    Problems { problems: Vec<Problem>, suggested: CleaningLog, preselected: Vec<bool> },
    /// A cleaning log was applied.
    Cleaned(Box<CleanSummary>),
    /// Explore statistics.
    Explored(Box<ExploreResult>),
    /// A model was trained and evaluated.
    Trained(Box<TrainResult>),
    /// The current model as JSON.
    ModelJson { json: String },
    /// Segment definitions as JSON (for download).
    SegmentDefinitions { json: String },
    /// The model as ONNX: how each cleaning step was handled, and the file's bytes (sent beside
    /// the JSON as a `Uint8Array`, never as JSON numbers).
    Onnx {
        notes: Vec<String>,
        #[serde(skip)]
        bytes: Vec<u8>,
    },
    /// Segments were computed.
    Segmented(Box<SegmentResult>),
    /// A decision surface over features `x` and `y`, drawn.
    Surface { x: String, y: String, svg: String },
    /// A chart the page asked for by its data (the metric history).
    Chart { svg: String },
    /// Summary of one segment's rows.
    SegmentRows { segments: Gen, segment: usize, label: String, summary: Vec<ColumnSummary> },
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
    /// A held-out customer was explained (as is, or with what-if values).
    Explained(Box<CustomerExplanation>),
    /// The model's global explanation.
    GlobalExplained(Box<GlobalExplanation>),
    /// One feature's dependence and partial dependence.
    FeatureExplained(Box<FeatureExplanation>),
    /// The profit curve.
    Profit(Box<ProfitResult>),
    /// The file is too large to load whole; a random sample of `fraction` of its rows would fit.
    /// The worker's previous state is unchanged.
    NeedsSample { message: String, fraction: f64 },
    /// The job failed; the worker's previous state is unchanged.
    Failed { message: String },
    /// The request referred to a result or stage that has been replaced since; nothing was
    /// computed and the worker's state is unchanged.
    Stale { message: String },
}

/// What the Data step shows after a load.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataSummary {
    pub report: IngestReport,
    /// Feature columns, most associated with the guessed target first (the defaults of the
    /// charts and segments before a model exists).
    #[serde(default)]
    pub useful: Vec<String>,
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

/// Everything the Explore step shows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreResult {
    pub summary: Vec<ColumnSummary>,
    pub balance: ClassBalance,
    /// The histogram's column and the rate chart's column (None: none fits).
    pub histogram_column: Option<String>,
    pub category_column: Option<String>,
    pub numeric_columns: Vec<String>,
    pub category_columns: Vec<String>,
    /// The numeric columns the correlation heatmap shows.
    pub heatmap_columns: Vec<String>,
    /// Feature columns, most associated with the target first.
    pub useful: Vec<String>,
    /// Every feature column ranked by association with the target (point-biserial r or
    /// chance-corrected Cramér's V, with n and a 95% interval), as text.
    pub associations: super::TableView,
    pub charts: ExploreCharts,
}

/// The Explore step's charts, as SVG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreCharts {
    pub histogram: String,
    pub rates: String,
    pub scatter: String,
    pub correlation: String,
}

/// The Model step's charts, as SVG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCharts {
    pub roc: String,
    pub pr: String,
    pub calibration: String,
    pub importance: String,
    pub permutation: String,
}

/// The Segments step's charts, as SVG.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentCharts {
    pub rates: String,
    pub bubbles: String,
    /// A grid of two columns: the shrunk rate of each cell.
    pub heatmap: Option<String>,
    /// Propensity deciles: the gains curve.
    pub gains: Option<String>,
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
    /// The evaluation stored in the model.
    pub metrics: ModelMetrics,
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
    /// Its chart, as SVG.
    pub drift_chart: Option<String>,
    /// The batch's shares of the current segments against training's (None without current
    /// segments).
    #[serde(default)]
    pub segment_mix: Option<TableView>,
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

//! What the page asks the worker to do. A request that builds on earlier work names the stage
//! instance it builds on (a [`Gen`] the page learnt from the worker's messages); the worker
//! answers [`super::Event::Stale`] when that stage has been replaced since.

use serde::{Deserialize, Serialize};

use crate::engine::clean::CleaningLog;
use crate::engine::forest::{
    ClassWeight, Criterion, ForestParams, MaxFeatures, ParamsError, TuneSettings, ValidForestParams,
};
use crate::engine::ingest::RoleOverride;
use crate::engine::model_io::sql::Dialect;
use crate::engine::segment::SegmentSpec;
use crate::engine::session::Gen;

use super::event::BatchMetrics;
use super::explain::Customer;

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
    /// Detect problems and suggest a cleaning log for data generation `data` (`positive`: the
    /// target's label mapped to 1; None: guessed).
    Detect {
        data: Gen,
        target: Option<String>,
        #[serde(default)]
        positive: Option<String>,
    },
    /// Apply a cleaning log to data generation `data` (as read); the result becomes the working
    /// table.
    Clean { data: Gen, log: CleaningLog },
    /// Compute the Explore step's statistics on the working table.
    Explore(ExploreRequest),
    /// Train and evaluate a forest on the working table; the worker keeps the model.
    Train(TrainRequest),
    /// Send model generation `model` as JSON (for download or saving).
    ExportModel { model: Gen },
    /// Segment the working table.
    Segment(SegmentRequest),
    /// Summarise the rows of one segment of segmentation `segments`.
    SegmentRows { segments: Gen, segment: usize },
    /// The definitions of segmentation `segments` (a JSON file that tags new batches), made at
    /// `created` (ISO 8601).
    ExportSegments { segments: Gen, created: String },
    /// Model `model` as an ONNX file (its cleaning included where ONNX can express it).
    ExportOnnx { model: Gen },
    /// Model `model`'s decision surface over two numeric features.
    Surface { model: Gen, x: String, y: String },
    /// Make this model file (from the registry or an imported file) the current model; the
    /// current model stays when the file is invalid.
    UseModel { json: String },
    /// Score the CSV batch sent beside this message with model `model`.
    ScoreBatch { model: Gen, file_name: String },
    /// Build the HTML report of the current analysis.
    Report(ReportRequest),
    /// Model `model` as one SQL query scoring `table` in `dialect`.
    ExportSql { model: Gen, dialect: Dialect, table: String },
    /// Draw the metric history of labelled batches (the page keeps it with the registry), with
    /// the model's test accuracy as reference.
    HistoryChart { points: Vec<BatchMetrics>, reference: Option<f64> },
    /// Fit a candidate model on the loaded data plus the labelled batches scored with model
    /// `model`, with its parameters and cleaning; the current model stays until the page sends
    /// the candidate back with `UseModel`.
    Retrain { model: Gen, created: String },
    /// Explain one held-out customer of model `model`: its contributions, waterfall and what-if
    /// form.
    Explain { model: Gen, customer: Customer },
    /// Held-out customer `row` of model `model` with the values of some features changed:
    /// (feature index, value as typed; empty or `missing` for a missing value).
    WhatIf { model: Gen, row: usize, values: Vec<(usize, String)> },
    /// Model `model`'s global explanation on a seeded sample of its held-out customers.
    ExplainGlobal { model: Gen },
    /// Model `model`'s dependence plot and partial dependence on feature `feature` (its index
    /// among the model's features), from the global explanation's sample.
    ExplainFeature { model: Gen, feature: usize },
    /// The profit of contacting model `model`'s held-out customers from the highest score down,
    /// earning `value` per purchase and paying `cost` per contact.
    Profit { model: Gen, value: f64, cost: f64 },
}

/// What the Report step asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportRequest {
    /// The cleaning generation the report describes.
    pub cleaning: Gen,
    pub target: String,
    pub positive: Option<String>,
    /// When the user asked (ISO 8601), printed in the report.
    pub created: String,
    /// Value of a purchase and cost of a contact for the profit curve (None: the defaults).
    #[serde(default)]
    pub profit: Option<(f64, f64)>,
}

/// The Segments step's settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRequest {
    /// The cleaning generation to segment.
    pub cleaning: Gen,
    pub spec: SegmentSpec,
}

/// The Model step's form, with scikit-learn's parameter names (text where the user types).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainRequest {
    /// The cleaning generation to train on.
    pub cleaning: Gen,
    pub target: String,
    pub positive: Option<String>,
    pub drop: Vec<String>,
    /// The user's role for some columns, over the inferred ones (row numbers, ids, dates and text
    /// are never features unless a column is set to feature here).
    #[serde(default)]
    pub roles: Vec<RoleOverride>,
    pub n_estimators: usize,
    pub max_depth: Option<usize>,
    /// None: `auto` (chosen by out-of-bag score over a grid scaled to the rows); a number keeps
    /// scikit-learn's meaning.
    pub min_samples_leaf: Option<usize>,
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
    /// How `auto` tunes (None: `min_samples_leaf` was given).
    pub fn tune(&self) -> Option<TuneSettings> {
        self.min_samples_leaf.is_none().then(TuneSettings::default)
    }

    /// The checked forest parameters (errors name the parameter; with `auto`, leaf 1 until the
    /// tuning chooses).
    pub fn params(&self) -> Result<ValidForestParams, ParamsError> {
        ForestParams::new()
            .n_estimators(self.n_estimators)
            .max_depth(self.max_depth)
            .min_samples_leaf(self.min_samples_leaf.unwrap_or(1))
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

/// Settings of the Explore step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExploreRequest {
    /// The cleaning generation to explore.
    pub cleaning: Gen,
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
    /// Numeric columns of the correlation heatmap, at most `eda::MAX_CORRELATED` (empty: those
    /// most associated with the target).
    #[serde(default)]
    pub heatmap_columns: Vec<String>,
}

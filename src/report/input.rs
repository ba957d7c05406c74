//! What a report is built from: plain data borrowed from engine results.
//!
//! Nothing here reads files or clocks. The CLI fills these structs from its own run; the browser
//! worker fills them from the state it keeps (explore, clean, train and segment results), so both
//! produce the same page. Every `String`/`&str` that came from the user (file name, column names,
//! labels) is escaped when the page is written, never here.

use crate::engine::clean::StepReport;
use crate::engine::display::Outcome;
use crate::engine::eda::{
    CategoryRate, ClassBalance, ColumnSummary, CorrelationMatrix, HistogramByClass, ScatterData,
};
use crate::engine::evaluate::{CvResult, Evaluation};
use crate::engine::forest::ValidForestParams;
use crate::engine::ingest::IngestReport;
use crate::engine::model_io::DataFingerprint;
use crate::engine::segment::discover::Discovery;
use crate::engine::segment::SegmentTable;

/// Everything one report shows. Optional parts are left out of the page when `None`.
#[derive(Debug, Clone, Copy)]
pub struct ReportInput<'a> {
    /// Heading of the page.
    pub title: &'a str,
    /// Name of the analysed file.
    pub file_name: &'a str,
    /// When the report was made, formatted by the caller (the library reads no clock).
    pub created: &'a str,
    pub data: DataInput<'a>,
    /// The cleaning log as applied, one report per step, in order.
    pub cleaning: &'a [StepReport],
    pub eda: Option<EdaInput<'a>>,
    pub model: Option<ModelInput<'a>>,
    pub segments: Option<SegmentsInput<'a>>,
    /// PSI per feature of a new batch against the training data.
    pub drift: Option<&'a [DriftRow]>,
}

/// The data as read and after cleaning.
#[derive(Debug, Clone, Copy)]
pub struct DataInput<'a> {
    /// Target column.
    pub target: &'a str,
    /// Rows and columns in the file as read (before cleaning).
    pub rows_read: usize,
    pub columns_read: usize,
    /// Fingerprint of the table the analysis used (after cleaning).
    pub fingerprint: &'a DataFingerprint,
    /// Per-column summary of that table.
    pub summary: &'a [ColumnSummary],
    /// How the file was read (encoding, delimiter, warnings), when known.
    pub ingest: Option<&'a IngestReport>,
}

/// Exploratory statistics (see [`crate::engine::eda`]).
#[derive(Debug, Clone, Copy)]
pub struct EdaInput<'a> {
    pub balance: &'a ClassBalance,
    /// One histogram by class per numeric column shown.
    pub histograms: &'a [HistogramByClass],
    /// Purchase rate per category, one entry per categorical column: (column, rates).
    pub rates: &'a [(String, Vec<CategoryRate>)],
    pub scatter: Option<&'a ScatterData>,
    pub correlation: &'a CorrelationMatrix,
}

/// A fitted forest and its evaluation.
#[derive(Debug, Clone, Copy)]
pub struct ModelInput<'a> {
    pub params: &'a ValidForestParams,
    pub evaluation: &'a Evaluation,
    pub cv: Option<&'a CvResult>,
    pub scope: EvalScope<'a>,
    /// Notes from scoring (unseen categories, missing values routed by the trees); may be empty.
    pub warnings: &'a [String],
}

/// Which rows the evaluation was computed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalScope<'a> {
    /// Trained on `evaluation.n_train` rows, evaluated on `evaluation.n_test` held-out rows.
    HeldOut,
    /// A saved model (trained on `trained_rows` rows, at `created`) scored on every labelled row
    /// of this file.
    SavedModel { created: &'a str, trained_rows: usize },
}

/// Segments and how they were made.
#[derive(Debug, Clone, Copy)]
pub struct SegmentsInput<'a> {
    /// How the segments were made, e.g. "grid: Age × EstimatedSalary, 4 quantile bins".
    pub method: &'a str,
    pub table: &'a SegmentTable,
    /// When the segments were discovered: the search, the tests and which are significant
    /// (claims are made only of those).
    pub discovery: Option<&'a Discovery>,
}

/// Drift of one feature (the minimal shape the report needs).
#[derive(Debug, Clone, PartialEq)]
pub struct DriftRow {
    pub feature: String,
    /// Population stability index of the new batch against the training bins.
    pub psi: f64,
    /// The verdict as the drift module words it ("stable", "moderate", "major").
    pub verdict: String,
}

impl ReportInput<'_> {
    /// What a positive row means in this file ("churn", "Status = bad"), from the class labels
    /// the exploration or the evaluation found.
    pub fn outcome(&self) -> Outcome {
        let positive = self
            .eda
            .map(|e| e.balance.labels[1].as_str())
            .or(self.model.map(|m| m.evaluation.labels[1].as_str()))
            .unwrap_or("1");
        Outcome::new(self.data.target, positive)
    }
}

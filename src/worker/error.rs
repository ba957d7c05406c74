//! Why a worker job failed: the engine's own errors, wrapped with where they happened (which
//! file, which column), never flattened into strings before the page shows them.

use thiserror::Error;

use crate::engine::dataset::DatasetError;
use crate::engine::eda::EdaError;
use crate::engine::evaluate::EvalError;
use crate::engine::explain::ExplainError;
use crate::engine::forest::ParamsError;
use crate::engine::ingest::IngestError;
use crate::engine::metrics::MetricsError;
use crate::engine::model_io::sql::SqlError;
use crate::engine::model_io::ModelIoError;
use crate::engine::session::SessionError;
use crate::engine::stack::StackError;
use crate::engine::surface::SurfaceError;
use crate::engine::target::TargetError;

/// A failed job; the worker's state is as it was before it.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WorkerError {
    #[error("the page speaks protocol version {page}, this worker {worker}; reload the page")]
    Protocol { page: u32, worker: u32 },
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("{file}: {source}")]
    Read { file: String, source: IngestError },
    #[error("{file}: the browser could not read the file ({message})")]
    Unreadable { file: String, message: String },
    #[error("sample fraction {0} is not in (0, 1]")]
    SampleFraction(f64),
    #[error(transparent)]
    Params(#[from] ParamsError),
    #[error(transparent)]
    Train(#[from] EvalError),
    #[error(transparent)]
    Dataset(#[from] DatasetError),
    #[error(transparent)]
    Explore(#[from] EdaError),
    #[error(transparent)]
    Surface(#[from] SurfaceError),
    #[error("model file: {0}")]
    ModelFile(ModelIoError),
    #[error("the model cannot be saved: {0}")]
    Unwritable(ModelIoError),
    #[error("{file}: {source}")]
    Score { file: String, source: ModelIoError },
    #[error("the batch's {column} column: {source}")]
    BatchTarget { column: String, source: TargetError },
    #[error("the batch's {column} labels are {batch:?}, the model's {model:?}")]
    BatchLabels { column: String, batch: [String; 2], model: [String; 2] },
    #[error(transparent)]
    Metrics(#[from] MetricsError),
    #[error(transparent)]
    Sql(#[from] SqlError),
    #[error("ONNX export: {0}")]
    Onnx(#[from] crate::engine::model_io::onnx::OnnxError),
    #[error("score a labelled batch first: retraining adds labelled batches to the data")]
    NoBatches,
    #[error("cannot combine the data: {0}")]
    Combine(#[from] StackError),
    #[error("{file} has no labelled rows after cleaning")]
    NoLabelledRows { file: String },
    #[error(transparent)]
    Explain(#[from] ExplainError),
    #[error("explanations use the held-out customers of a model trained here; this model came from a file: train one in the Model step")]
    NoHeldOut,
    #[error("held-out customer {row} does not exist: there are {rows}, numbered 1 to {rows}")]
    NoSuchCustomer { row: usize, rows: usize },
    #[error("the held-out customers cannot be read with the model: {0}")]
    HeldOut(ModelIoError),
    #[error("record {record} of the held-out customers is not in the working table")]
    HeldOutRecord { record: usize },
    #[error("{feature}: \"{text}\" is not a number (leave it empty for a missing value)")]
    WhatIfNumber { feature: String, text: String },
}

impl WorkerError {
    /// Whether the request only referred to a replaced stage or result (answered `Stale`, not
    /// `Failed`).
    pub fn is_stale(&self) -> bool {
        matches!(self, WorkerError::Session(e) if e.is_stale())
    }
}

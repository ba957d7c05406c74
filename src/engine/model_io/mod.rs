//! The model file: versioned JSON holding everything needed to score new data the way the
//! training data was treated — the cleaning log, the feature schema, the forest — plus what
//! describes the training (parameters, seed, data fingerprint, metrics, feature profiles).
//!
//! Version policy: `version` grows on incompatible changes; this build reads every version up to
//! [`MODEL_VERSION`] and refuses newer ones with a clear error. Version 2 holds the trees as
//! packed sections (see `forest::file`), version 1 as arrays per node field; a model read from
//! a version-1 file is a version-2 model in memory (and is written as one). Import validates
//! everything and never panics on a bad or foreign file. Writing runs the same validation
//! first, so every file micronum writes, it reads back (`validate`).

mod metadata;
pub mod onnx;
mod predictions;
mod profile;
pub mod sql;
mod validate;

pub use metadata::{
    describe_fit, settings_of_old, BaselineSummary, CvSummary, ModelMetrics, TrainingSettings,
};
pub use profile::{profile, score_profile};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::clean::{apply, CleanError, CleaningLog, StepReport};
use crate::engine::dataset::{Dataset, Feature, FeatureValues};
use crate::engine::forest::{AlignError, Forest};
use crate::engine::table::{ColumnData, Table, MISSING_CODE};

/// Tag in every model file.
pub const MODEL_FORMAT: &str = "micronum-model";
/// Newest model version this build writes and reads.
pub const MODEL_VERSION: u32 = 2;

/// The target the model predicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetInfo {
    pub column: String,
    /// `[negative, positive]` label text.
    pub labels: [String; 2],
}

/// Which data the model was trained on (without keeping the data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DataFingerprint {
    pub rows: usize,
    pub columns: usize,
    /// FNV-1a 64 of every cell's text, hex.
    pub hash: String,
}

/// The training distribution of one feature (or of the scores), for drift (PSI).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureProfile {
    pub name: String,
    /// Numeric: inner bin edges (deciles of a feature; 0.1, 0.2, …, 0.9 for scores); a bin
    /// holds values in (previous edge, edge]. Categorical: empty.
    pub edges: Vec<f64>,
    /// Bin labels (categorical: the labels; numeric: ranges) and a trailing "missing".
    pub bins: Vec<String>,
    /// Share of training rows per bin (same order as `bins`).
    pub shares: Vec<f64>,
}

/// A saved model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    pub format: String,
    pub version: u32,
    /// When it was trained (ISO 8601, given by the caller).
    pub created: String,
    pub target: TargetInfo,
    /// Column of the input that identifies a customer, copied into predictions.
    pub id_column: Option<String>,
    pub cleaning: CleaningLog,
    pub fingerprint: DataFingerprint,
    pub profiles: Vec<FeatureProfile>,
    /// Training distribution of the predicted P(positive) (out-of-bag or held-out scores, ten
    /// equal-width bins), for prediction drift. Absent in files written before it existed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score_profile: Option<FeatureProfile>,
    /// The evaluation of the fit.
    pub metrics: ModelMetrics,
    /// How the training data was split (None in files that never recorded it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub settings: Option<TrainingSettings>,
    pub forest: Forest,
}

/// What a model keeps of the data it was fitted on: the target, the id column, the fingerprint
/// and each feature's profile. It needs no forest, so it can be made while trees grow.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingData {
    target: TargetInfo,
    id_column: Option<String>,
    fingerprint: DataFingerprint,
    profiles: Vec<FeatureProfile>,
}

impl TrainingData {
    /// The description of `data`, the dataset built from `train` (the cleaned training table).
    pub fn describe(data: &Dataset, train: &Table) -> TrainingData {
        let id_column = train
            .columns
            .iter()
            .find(|c| c.kind == crate::engine::table::Kind::Id)
            .map(|c| c.name.clone());
        TrainingData {
            target: TargetInfo { column: data.target.clone(), labels: data.labels.clone() },
            id_column,
            fingerprint: fingerprint(train),
            profiles: data.features.iter().map(profile).collect(),
        }
    }
}

/// Why a model file could not be read or used.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ModelIoError {
    #[error("not a micronum model file ({0})")]
    NotAModel(String),
    #[error("this model file has version {found}; this micronum reads versions up to {supported} — update micronum")]
    UnsupportedVersion { found: u32, supported: u32 },
    #[error("the model file is damaged: {0}")]
    Invalid(String),
    /// The model breaks a rule every model file keeps (see `validate`), so it was not written.
    #[error("the model was not saved: it would not read back ({0})")]
    Unwritable(String),
    #[error("writing the model failed: {0}")]
    Write(String),
    #[error(transparent)]
    Clean(#[from] CleanError),
    #[error(transparent)]
    Schema(#[from] AlignError),
    #[error("the data has no column \"{0}\", which the model needs")]
    MissingColumn(String),
    #[error("the batch has no rows to compare with the training data")]
    NoRows,
}

/// Scores of a batch and what was noticed about its schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scored {
    /// 0-based record index in the batch file.
    pub row_ids: Vec<usize>,
    pub proba: Vec<f64>,
    /// Id column text per row, when the model has an id column and the batch too.
    pub ids: Option<Vec<String>>,
    /// Things to know (unseen categories, missing values the trees routed).
    pub warnings: Vec<String>,
    /// The batch after the model's cleaning log.
    #[serde(skip)]
    pub cleaned: Option<Table>,
    /// What each step of the model's cleaning log did to the batch.
    #[serde(skip)]
    pub steps: Vec<StepReport>,
}

impl Model {
    /// Assembles a model from a fit on `train` (the cleaned training table).
    pub fn new(
        forest: Forest,
        data: &Dataset,
        train: &Table,
        cleaning: CleaningLog,
        described: (ModelMetrics, TrainingSettings),
        created: String,
    ) -> Model {
        Model::from_parts(forest, TrainingData::describe(data, train), cleaning, described, created)
    }

    /// Assembles a model from its forest and the description of the data it was fitted on.
    pub fn from_parts(
        mut forest: Forest,
        training: TrainingData,
        cleaning: CleaningLog,
        (metrics, settings): (ModelMetrics, TrainingSettings),
        created: String,
    ) -> Model {
        // Out-of-bag probabilities describe the training rows, not the model.
        forest.oob_proba = None;
        let TrainingData { target, id_column, fingerprint, profiles } = training;
        Model {
            format: MODEL_FORMAT.into(),
            version: MODEL_VERSION,
            created,
            target,
            id_column,
            cleaning,
            fingerprint,
            profiles,
            score_profile: None,
            metrics,
            settings: Some(settings),
            forest,
        }
    }

    /// The model with the training distribution of its scores, for prediction drift. Give
    /// honest scores (out-of-bag or held-out, see `evaluate::honest_scores`): in-sample scores
    /// of a forest are more extreme than any new batch's, which would look like drift.
    pub fn with_score_profile(mut self, scores: &[f64]) -> Model {
        self.score_profile = Some(score_profile(scores));
        self
    }

    /// Checks that the model can be written and read back: the checks [`Model::from_json`]
    /// makes (see `validate`), as [`ModelIoError::Unwritable`].
    pub fn check_writable(&self) -> Result<(), ModelIoError> {
        validate::check_writable(self)
    }

    /// The model as JSON, once [`Model::check_writable`] passed.
    pub fn to_json(&self) -> Result<String, ModelIoError> {
        self.check_writable()?;
        serde_json::to_string(self).map_err(|e| ModelIoError::Write(e.to_string()))
    }

    /// The model as JSON into `out`, once [`Model::check_writable`] passed (nothing is written
    /// otherwise), without the whole text in memory at once (a 100-tree forest on a million
    /// rows is about 200 MB of it).
    pub fn write_json(&self, out: impl std::io::Write) -> Result<(), ModelIoError> {
        self.check_writable()?;
        let mut out = std::io::BufWriter::new(out);
        serde_json::to_writer(&mut out, self).map_err(|e| ModelIoError::Write(e.to_string()))?;
        std::io::Write::flush(&mut out).map_err(|e| ModelIoError::Write(e.to_string()))
    }

    /// Reads and validates a model file.
    pub fn from_json(text: &str) -> Result<Model, ModelIoError> {
        let mut value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| ModelIoError::NotAModel(format!("not JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(MODEL_FORMAT) {
            return Err(ModelIoError::NotAModel(format!(
                "no \"format\": \"{MODEL_FORMAT}\" field"
            )));
        }
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| ModelIoError::Invalid("no version".into()))?;
        if version > MODEL_VERSION as u64 || version == 0 {
            return Err(ModelIoError::UnsupportedVersion {
                found: version as u32,
                supported: MODEL_VERSION,
            });
        }
        migrate_settings(&mut value);
        let mut model: Model =
            serde_json::from_value(value).map_err(|e| ModelIoError::Invalid(e.to_string()))?;
        // Whatever layout the file had, the model in memory is in this version's (and is
        // written in it).
        model.version = MODEL_VERSION;
        validate::check(&model)?;
        Ok(model)
    }

    /// Cleans `raw` with the model's log and scores every row.
    pub fn predict_table(&self, raw: &Table) -> Result<Scored, ModelIoError> {
        let (clean, steps) = apply(raw, &self.cleaning)?;
        let data = self.batch_dataset(&clean)?;
        let warnings = schema_warnings(&self.forest, &data.features);
        let proba = self.forest.predict_proba(&data)?;
        let ids = self
            .id_column
            .as_ref()
            .and_then(|c| clean.column(c))
            .map(|c| (0..clean.n_rows()).map(|r| c.data.text(r)).collect());
        Ok(Scored {
            row_ids: clean.row_ids.clone(),
            proba,
            ids,
            warnings,
            cleaned: Some(clean),
            steps,
        })
    }

    /// The model's features of `clean` (a batch after the model's cleaning log), by name, as a
    /// dataset without a target: what prediction scores and explanation explains.
    pub fn batch_dataset(&self, clean: &Table) -> Result<Dataset, ModelIoError> {
        let mut features = Vec::with_capacity(self.forest.features.len());
        for spec in &self.forest.features {
            let name = &spec.name;
            let col =
                clean.column(name).ok_or_else(|| ModelIoError::MissingColumn(name.clone()))?;
            let values = match &col.data {
                ColumnData::Numeric(v) => FeatureValues::Numeric(v.clone()),
                ColumnData::Categorical { codes, levels } => {
                    FeatureValues::Categorical { codes: codes.clone(), levels: levels.clone() }
                }
            };
            features.push(Feature { name: name.clone(), values });
        }
        Ok(Dataset {
            features,
            y: vec![0; clean.n_rows()],
            labels: self.target.labels.clone(),
            row_ids: clean.row_ids.clone(),
            target: self.target.column.clone(),
        })
    }
}

/// Gives a file written before [`TrainingSettings`] existed the settings its metrics recorded.
fn migrate_settings(value: &mut serde_json::Value) {
    if value.get("settings").is_some() {
        return;
    }
    let old = value.get("metrics").and_then(settings_of_old);
    if let (Some(settings), Some(obj)) = (old, value.as_object_mut()) {
        if let Ok(v) = serde_json::to_value(settings) {
            obj.insert("settings".into(), v);
        }
    }
}

/// Unseen categories and missing values in a batch, per feature.
fn schema_warnings(forest: &Forest, features: &[Feature]) -> Vec<String> {
    let mut out = Vec::new();
    for (spec, f) in forest.features.iter().zip(features) {
        match (&spec.levels, &f.values) {
            (Some(train), FeatureValues::Categorical { codes, levels }) => {
                let unseen: Vec<&String> = levels.iter().filter(|l| !train.contains(l)).collect();
                if !unseen.is_empty() {
                    let n = codes
                        .iter()
                        .filter(|&&c| c != MISSING_CODE && !train.contains(&levels[c as usize]))
                        .count();
                    let shown: Vec<&str> = unseen.iter().take(5).map(|s| s.as_str()).collect();
                    out.push(format!("{}: {n} rows have categories not seen in training ({}); they are treated as missing", f.name, shown.join(", ")));
                }
            }
            (None, FeatureValues::Numeric(v)) => {
                let n = v.iter().filter(|x| x.is_nan()).count();
                if n > 0 {
                    out.push(format!(
                        "{}: {n} rows are missing a value; the trees route them as learnt",
                        f.name
                    ));
                }
            }
            _ => {}
        }
    }
    out
}

/// FNV-1a of `bytes`, continuing from `h`.
pub(crate) fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ b as u64).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The hash `h` continued with row `r` of `t` written as text into `buf`. Not inlined: in the
/// browser a function runs unoptimised until it is called again (see `ingest::push_record`).
#[inline(never)]
fn hash_row(h: u64, t: &Table, r: usize, buf: &mut String) -> u64 {
    buf.clear();
    for c in &t.columns {
        c.data.write_text(r, buf);
        buf.push('\x1f');
    }
    buf.push('\n');
    fnv1a(h, buf.as_bytes())
}

/// FNV-1a 64 over every cell's text, row by row.
pub fn fingerprint(t: &Table) -> DataFingerprint {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in &t.columns {
        h = fnv1a(h, c.name.as_bytes());
        h = fnv1a(h, b"\x1f");
    }
    // One row's text at a time, in a reused buffer.
    let mut buf = String::new();
    for r in 0..t.n_rows() {
        h = hash_row(h, t, r, &mut buf);
    }
    DataFingerprint { rows: t.n_rows(), columns: t.n_cols(), hash: format!("{h:016x}") }
}

#[cfg(test)]
mod tests;

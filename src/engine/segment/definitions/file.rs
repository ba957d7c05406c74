//! The segment definitions file: versioned JSON holding everything needed to tag new rows the
//! way a segmentation tagged its training rows — the cleaning log to replay, the method's
//! [`Tagging`] (cut points, rules, centres), the segments with their training counts — and, for
//! deciles, which model must score a batch first.
//!
//! Version policy (as the model file): `version` grows on incompatible changes; this build reads
//! every version up to [`SEGMENTS_VERSION`] and refuses newer ones. One validation
//! (`validate::check`) runs before writing and after reading, so the writer refuses exactly what
//! the reader would refuse: definitions that were saved can always be read back.

use serde::{Deserialize, Serialize};

use super::condition::ColumnKind;
use super::tagging::Tagging;
use super::{validate, DefinitionsError};
use crate::engine::clean::CleaningLog;
use crate::engine::model_io::{fnv1a, DataFingerprint, Model, TargetInfo};

/// Tag in every definitions file.
pub const SEGMENTS_FORMAT: &str = "micronum-segments";
/// Newest definitions version this build writes and reads.
pub const SEGMENTS_VERSION: u32 = 1;

/// One segment and its training numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSummary {
    pub label: String,
    /// Training rows in the segment.
    pub n: u64,
    /// Of those, rows with the positive label.
    pub positives: u64,
}

/// A column the segments read, after cleaning, with the kind it had in training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeededColumn {
    pub name: String,
    /// `numeric` or `categorical` (never `any`).
    pub kind: ColumnKind,
}

/// The model whose probabilities deciles cut.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelRef {
    /// FNV-1a 64 (hex) of the model as micronum writes it (see [`model_hash`]).
    pub hash: String,
    pub created: String,
    /// The model's training data.
    pub fingerprint: DataFingerprint,
}

/// Segment definitions: what tags a new batch exactly as the training rows were tagged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentDefinitions {
    pub format: String,
    pub version: u32,
    /// When the segments were made (ISO 8601, given by the caller).
    pub created: String,
    pub target: TargetInfo,
    /// Column of the input that identifies a customer, copied into assignments.
    pub id_column: Option<String>,
    /// Replayed on every batch before tagging (each step with its learnt values).
    pub cleaning: CleaningLog,
    /// The cleaned table that was segmented.
    pub fingerprint: DataFingerprint,
    /// The columns a batch needs (after cleaning), in order of first use.
    pub columns: Vec<NeededColumn>,
    /// The method's short name (`grid`, `kmeans`, `tree`, `deciles`, …).
    pub method: String,
    /// How the segments were made, in words.
    pub description: String,
    pub min_support: u64,
    /// Training rows segmented (those with a target value).
    pub rows: u64,
    /// The segments, in the order of the segmentation.
    pub segments: Vec<SegmentSummary>,
    pub tagging: Tagging,
    /// The model whose scores deciles cut (required for deciles).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<ModelRef>,
}

impl SegmentDefinitions {
    /// The definitions as JSON (indented: the file is small and worth reading), or why they
    /// would not read back.
    pub fn to_json(&self) -> Result<String, DefinitionsError> {
        validate::check(self)?;
        serde_json::to_string_pretty(self).map_err(|e| DefinitionsError::Invalid(e.to_string()))
    }

    /// Reads and validates a definitions file.
    pub fn from_json(text: &str) -> Result<SegmentDefinitions, DefinitionsError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| DefinitionsError::NotDefinitions(format!("not JSON: {e}")))?;
        if value.get("format").and_then(|f| f.as_str()) != Some(SEGMENTS_FORMAT) {
            return Err(DefinitionsError::NotDefinitions(format!(
                "no \"format\": \"{SEGMENTS_FORMAT}\" field"
            )));
        }
        let version = value
            .get("version")
            .and_then(|v| v.as_u64())
            .ok_or_else(|| DefinitionsError::Invalid("no version".into()))?;
        if version == 0 || version > u64::from(SEGMENTS_VERSION) {
            return Err(DefinitionsError::UnsupportedVersion {
                found: version,
                supported: SEGMENTS_VERSION,
            });
        }
        let defs: SegmentDefinitions =
            serde_json::from_value(value).map_err(|e| DefinitionsError::Invalid(e.to_string()))?;
        validate::check(&defs)?;
        Ok(defs)
    }

    /// Whether rows may be in several segments (discovered rules).
    pub fn overlapping(&self) -> bool {
        matches!(&self.tagging, Tagging::Rules(r) if r.overlapping)
    }

    /// Whether tagging a batch needs a model's probabilities (deciles).
    pub fn needs_model(&self) -> bool {
        matches!(self.tagging, Tagging::Deciles(_))
    }

    /// Refuses a model other than the one the deciles were made with (no check for other
    /// methods, which need no model).
    pub fn check_model(&self, model: &Model) -> Result<(), DefinitionsError> {
        let Some(expected) = &self.model else { return Ok(()) };
        let found = model_hash(model);
        if found != expected.hash {
            return Err(DefinitionsError::WrongModel {
                expected: expected.hash.clone(),
                expected_created: expected.created.clone(),
                found,
                found_created: model.created.clone(),
            });
        }
        Ok(())
    }
}

impl ModelRef {
    /// The reference to `model`.
    pub fn of(model: &Model) -> ModelRef {
        ModelRef {
            hash: model_hash(model),
            created: model.created.clone(),
            fingerprint: model.fingerprint.clone(),
        }
    }
}

/// FNV-1a 64 (hex) of `model`'s JSON as micronum writes it, streamed (no copy of the text).
pub fn model_hash(model: &Model) -> String {
    struct Hasher(u64);
    impl std::io::Write for Hasher {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 = fnv1a(self.0, buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut h = Hasher(0xcbf2_9ce4_8422_2325);
    // Hashing cannot fail; a model that does not serialize hashes what was written.
    let _ = serde_json::to_writer(&mut h, model);
    format!("{:016x}", h.0)
}

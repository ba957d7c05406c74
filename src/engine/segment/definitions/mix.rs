//! The segment mix of a tagged batch against training: rows and share of rows per segment in
//! each, and how far the mix moved, as the population stability index over the segments
//! (`drift::psi`, the same formula and verdicts as feature drift). Segments only the batch has
//! count with a training share of 0 (PSI uses `drift::EPSILON` for it).
//!
//! For overlapping rule sets the shares are each segment's fraction of all rows (they may add up
//! to more than 1) and there is no PSI: it compares distributions.

use serde::{Deserialize, Serialize};

use super::assignment::Assignment;
use super::file::SegmentDefinitions;
use super::DefinitionsError;
use crate::engine::drift::{psi, shares, Verdict};

/// One segment in training and in the batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MixRow {
    pub label: String,
    pub training_n: u64,
    /// Fraction of the training rows.
    pub training_share: f64,
    pub batch_n: u64,
    /// Fraction of the batch rows.
    pub batch_share: f64,
}

/// A batch's segments against training.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentMix {
    pub training_rows: u64,
    pub batch_rows: u64,
    /// The definitions' segments in order, then those only the batch has.
    pub segments: Vec<MixRow>,
    /// PSI of the batch's shares against training's (None for overlapping segments or an empty
    /// batch).
    pub psi: Option<f64>,
    pub verdict: Option<Verdict>,
}

/// The mix of `batch`, tagged with `defs`.
pub fn segment_mix(
    defs: &SegmentDefinitions,
    batch: &Assignment,
) -> Result<SegmentMix, DefinitionsError> {
    let known = defs.segments.len();
    let same = batch.labels.len() >= known
        && defs.segments.iter().zip(&batch.labels).all(|(s, l)| s.label == *l);
    if !same {
        return Err(DefinitionsError::Invalid(
            "the batch was tagged with other segment definitions".into(),
        ));
    }
    let training: Vec<usize> =
        (0..batch.labels.len()).map(|s| defs.segments.get(s).map_or(0, |x| x.n as usize)).collect();
    let counts: Vec<usize> = batch.counts().into_iter().map(|c| c as usize).collect();
    let training_rows = defs.rows as usize;
    let expected = shares(&training, training_rows);
    let actual = shares(&counts, batch.n_rows());
    let psi = (!batch.overlapping && batch.n_rows() > 0).then(|| psi(&expected, &actual));
    let segments = batch
        .labels
        .iter()
        .enumerate()
        .map(|(s, label)| MixRow {
            label: label.clone(),
            training_n: training[s] as u64,
            training_share: expected[s],
            batch_n: counts[s] as u64,
            batch_share: actual[s],
        })
        .collect();
    Ok(SegmentMix {
        training_rows: defs.rows,
        batch_rows: batch.n_rows() as u64,
        segments,
        psi,
        verdict: psi.map(Verdict::of),
    })
}

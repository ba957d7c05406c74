//! Why a session request cannot be answered: nothing there yet, or it refers to a stage that
//! has been replaced since (stale), or the engine step it runs failed.

use thiserror::Error;

use super::lineage::{Gen, Stage};
use crate::engine::clean::CleanError;
use crate::engine::segment::SegmentError;

/// Why a session request failed. The session is unchanged after any of these.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SessionError {
    #[error("no data loaded yet: load a CSV file first")]
    NoData,
    #[error("no model yet: train one in the Model step (or use a saved one)")]
    NoModel,
    #[error("no segments yet: find segments first")]
    NoSegments,
    /// The request refers to a stage instance that has been replaced.
    #[error("this was computed before {}; run it again", stage.change())]
    Stale {
        /// The stage that changed.
        stage: Stage,
        /// The generation the request referred to.
        asked: Gen,
        /// The stage's current generation (None: it no longer exists).
        current: Option<Gen>,
    },
    /// The request names a segmentation that is not the current one.
    #[error("these segments were computed before the data, its cleaning or the model changed; find segments again")]
    StaleSegments { asked: Gen, current: Option<Gen> },
    #[error("segment {segment} does not exist (the table has {count} segments)")]
    NoSuchSegment { segment: usize, count: usize },
    #[error(transparent)]
    Clean(#[from] CleanError),
    #[error(transparent)]
    Segment(#[from] SegmentError),
    #[error(transparent)]
    Definitions(#[from] crate::engine::segment::definitions::DefinitionsError),
}

impl SessionError {
    /// Whether the request only referred to an older state (the page marks its result stale
    /// instead of reporting a failure).
    pub fn is_stale(&self) -> bool {
        matches!(self, SessionError::Stale { .. } | SessionError::StaleSegments { .. })
    }
}

//! Segments that travel: the definitions of a segmentation as a versioned, validated file that
//! tags new batches (and SQL tables) exactly as the training rows were tagged.
//!
//! Layout: `condition` (the `Condition`/`Rule` vocabulary of rule segments) and `tagging` (what
//! each method learnt: grid cut points, tree leaves as rules, k-means scaling and centres,
//! decile cut points; `segment::run` returns it) → `file` (the [`SegmentDefinitions`] file,
//! `to_json`/`from_json`), `build` (definitions from a run) and `validate` (the one check the
//! writer and the reader share) → `assign` (a batch: replay the cleaning, then tag every row by
//! method, `tag_*`) → `mix` (a batch's segment shares against training, with PSI) and `sql` (one
//! `SELECT` that tags a table as `assign` does).
//!
//! Invariant: assigning the training table with its definitions gives the training assignment
//! (for deciles, up to rows tied at a cut point, which all take the higher group).

mod assign;
mod assignment;
mod build;
mod columns;
mod condition;
mod error;
mod file;
mod mix;
pub mod sql;
mod tag_grid;
mod tag_kmeans;
mod tag_rules;
mod tagging;
mod tree_rules;
mod validate;

pub use assign::{assign, assign_cleaned};
pub use assignment::{Assignment, NO_SEGMENT};
pub use condition::{Bound, ColumnKind, Condition, Rule};
pub use error::DefinitionsError;
pub use file::{model_hash, ModelRef, NeededColumn, SegmentDefinitions, SegmentSummary};
pub use file::{SEGMENTS_FORMAT, SEGMENTS_VERSION};
pub use mix::{segment_mix, MixRow, SegmentMix};
pub use tagging::{
    DecileTagging, GridColumn, GridTagging, KMeansColumn, KMeansTagging, RuleSet, Tagging,
};
pub use tree_rules::leaf_rules;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_file;

//! One analysis session, owned in one place: the stages data → cleaning → model, each holding
//! what was computed from it, with generations that say what every result came from.
//!
//! The worker is a thin adapter over [`Session`]; the page and the worker's Cancel replay use
//! [`Lineage`] to tell current results from stale ones, by the same rule. Pure Rust: tested
//! natively.

mod error;
mod explain_cache;
mod lineage;
mod stages;
mod state;

pub use error::SessionError;
pub use explain_cache::{ExplainCache, GlobalCost, HeldOut};
pub use lineage::{Basis, Freshness, Gen, Lineage, Stage};
pub use stages::{Cleaning, FitRecord, LabelledBatch, Loaded, ModelStage, Segments};
pub use state::Session;

#[cfg(test)]
mod tests;

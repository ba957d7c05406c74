//! Why the forest scores a customer as it does, and whom to contact.
//!
//! - [`Explainer`]: exact path-dependent TreeSHAP (Lundberg, Erion & Lee 2018, Algorithm 2;
//!   node `weight` as cover) of the forest's probability: `base + Σ contributions = proba`.
//!   Rows are columns aligned with [`Forest::align`](crate::engine::forest::Forest::align), the
//!   same path prediction uses, so unseen labels and missing values are routed as prediction
//!   routes them.
//! - Global explanation (`global`, `interaction`): mean |contribution| per feature, the summary
//!   plot's points, the dependence plot's points coloured by the strongest interaction.
//! - [`partial_dependence`] with ICE lines (`pdp`).
//! - [`profit_curve`]: whom to contact for a given value of a purchase and cost of a contact,
//!   with a bootstrap interval and lift by decile (`profit`).
//! - Reasons in words, `age=58 (+0.12)` (`reasons`).
//! - The what-if form's customer: one row to edit and explain again (`whatif`).
//! - The rows a global explanation covers, explained chunk by chunk (`sample`), or shared
//!   among Web Workers (`share`).
//!
//! Layout: `tree_shap` (Algorithm 2's values in closed form), `block` (one tree walked once for
//! a block of rows), `explainer` (the forest: one row or a batch, threads), `validate` (checks
//! before walking). Tests only:
//! `path` and `algorithm2` (the paper's algorithm, literally) and `brute` (all subsets).

mod block;
mod contributions;
mod error;
mod explainer;
mod global;
mod interaction;
mod pdp;
mod profit;
mod reasons;
mod sample;
mod share;
mod tree_shap;
mod validate;
mod whatif;

pub use contributions::{Contributions, RowExplanation};
pub use error::ExplainError;
pub use explainer::{Explainer, Prepared};
pub use global::{
    dependence, impacts, summary, Dependence, FeatureImpact, Summary, SummaryFeature, SummaryPoint,
};
pub use interaction::strongest_interaction;
pub use pdp::{partial_dependence, PartialDependence, PdpParams, ValidPdpParams};
pub use profit::{
    profit_curve, ProfitCurve, ProfitParams, ProfitPoint, ValidProfitParams, DEFAULT_CONTACT_COST,
    DEFAULT_PURCHASE_VALUE,
};
pub use reasons::{reason_text, reasons_text, top_reasons, value_text, Reason};
pub use sample::{explain_in_chunks, global_sample, GLOBAL_ROWS, GLOBAL_SEED};
pub use share::{take_rows, ExplainJob};
pub use validate::{MAX_DEPTH, MAX_PATH_FEATURES};

/// Rows explained together in one walk of each tree: the unit of progress.
pub const BLOCK_ROWS: usize = block::BLOCK;
pub use whatif::{one_row, set_value, WhatIfValue};

#[cfg(test)]
mod algorithm2;
#[cfg(test)]
mod brute;
#[cfg(test)]
mod hand_tests;
#[cfg(test)]
mod path;
#[cfg(test)]
mod profit_tests;
#[cfg(test)]
mod tests;

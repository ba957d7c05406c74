//! Micro-segment discovery with honest inference: search every column for the small groups
//! that buy far more or far less than expected, then refuse to be fooled by the search.
//!
//! The search (conjunctions of up to 3 conditions, generalization-aware quality, optimistic
//! estimates, near-duplicates removed) sees only a seeded random half of the rows; each segment
//! it proposes is estimated and tested on the other half, and the q-values correct for the
//! number of segments tested. See `run.rs` for the steps, `quality.rs` for the score and its
//! bound, `search.rs` for how conjunctions are counted, `rule.rs` for what a rule means on new
//! data.
//!
//! Entry point: [`discover`] with [`ValidDiscoverParams`] (from [`DiscoverParams::check`]),
//! returning a [`Discovery`] whose segments may overlap.

mod binomial;
mod counts;
mod error;
mod fdr;
mod holdout;
mod model_check;
mod params;
mod pool;
mod quality;
mod result;
mod rule;
mod run;
mod search;
mod select;

pub use binomial::binomial_two_sided;
pub use error::{DiscoverError, RuleError};
pub use fdr::{benjamini_hochberg, benjamini_yekutieli};
pub use model_check::{erfc, poisson_binomial_two_sided};
pub use params::{Correction, DiscoverParams, ValidDiscoverParams, MAX_CUTS, MAX_RESULTS};
pub use quality::Direction;
pub use result::{direction_text, Discovered, Discovery, ModelCheck, Totals};
pub use rule::{Condition, Rule};
pub use run::discover;

#[cfg(test)]
mod tests;

//! What explanations of a model reuse between requests, kept in the model's stage so that it
//! goes with the model: the held-out rows aligned with the model's features and the explainer's
//! checks (made by the first explanation), and the contributions of the global explanation's
//! sample (made by the first global explanation).
//!
//! A cache: it holds only what can be computed again from the model and the working table (a
//! fresh worker after Cancel does so), so two model stages that differ only in it are equal.

use crate::engine::dataset::FeatureValues;
use crate::engine::explain::{Contributions, Prepared};

/// Explanation work kept with a model (empty until a request needs it).
#[derive(Debug, Clone, Default)]
pub struct ExplainCache {
    pub held_out: Option<HeldOut>,
    /// Contributions of the global explanation's sample
    /// ([`global_sample`](crate::engine::explain::global_sample) of the held-out rows): its
    /// `rows` index the columns of [`HeldOut::cols`].
    pub global: Option<Contributions>,
    /// What the global explanation took (zero until one is made).
    pub global_cost: GlobalCost,
}

/// Workers and worker time a global explanation took, for the page to say.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GlobalCost {
    pub workers: usize,
    pub ms: f64,
}

impl PartialEq for ExplainCache {
    /// Always equal: a cache never makes two sessions differ.
    fn eq(&self, _: &ExplainCache) -> bool {
        true
    }
}

/// The held-out rows of a fit, ready to explain.
#[derive(Debug, Clone, PartialEq)]
pub struct HeldOut {
    /// One column per model feature, aligned with the forest; row `i` is held-out row `i`, in
    /// the order of the fit's evaluation (`y_test`, `proba_test`, `test_row_ids`).
    pub cols: Vec<FeatureValues>,
    /// The explainer's checks of the model's forest.
    pub prepared: Prepared,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_never_makes_stages_differ() {
        let full = ExplainCache {
            held_out: None,
            global: Some(Contributions::default()),
            global_cost: GlobalCost { workers: 2, ms: 1.0 },
        };
        assert_eq!(full, ExplainCache::default());
    }
}

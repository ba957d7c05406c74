//! Requests to the worker shared by the handler and wire-format tests.

use micronum::protocol::{SegmentRequest, TrainRequest};

/// The demo's train request with scikit-learn's defaults, `trees` trees and seed `seed`.
pub fn train_request(trees: usize, seed: u64) -> TrainRequest {
    TrainRequest {
        target: "Purchased".into(),
        positive: None,
        drop: vec![],
        n_estimators: trees,
        max_depth: None,
        min_samples_leaf: 1,
        min_samples_split: 2,
        max_features: "sqrt".into(),
        criterion: "gini".into(),
        class_weight: "none".into(),
        bootstrap: true,
        random_state: seed,
        test_size: 0.25,
        cv: None,
        created: "2026-11-25T00:00:00Z".into(),
    }
}

/// Grid segments of the demo by age and salary.
pub fn segment_request() -> SegmentRequest {
    SegmentRequest {
        target: "Purchased".into(),
        positive: None,
        method: "grid".into(),
        by: vec!["Age".into(), "EstimatedSalary".into()],
        bins: 4,
        k: None,
        min_support: 30,
        max_depth: 3,
        random_state: 42,
    }
}

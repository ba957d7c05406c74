//! Requests to the worker shared by the handler and wire-format tests. Generations are left at
//! 0: `page::stamp` sets them as the page would.

use micronum::engine::segment::{GridParams, SegmentMethod, SegmentSpec};
use micronum::engine::session::Gen;
use micronum::protocol::{SegmentRequest, TrainRequest};

/// The demo's train request with scikit-learn's defaults, `trees` trees and seed `seed`.
pub fn train_request(trees: usize, seed: u64) -> TrainRequest {
    TrainRequest {
        cleaning: Gen(0),
        target: "Purchased".into(),
        positive: None,
        drop: vec![],
        roles: vec![],
        n_estimators: trees,
        max_depth: None,
        min_samples_leaf: Some(1),
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

/// Segments of the demo made with `method`.
pub fn segment_request_with(method: SegmentMethod) -> SegmentRequest {
    SegmentRequest {
        cleaning: Gen(0),
        spec: SegmentSpec { target: "Purchased".into(), positive: None, method, min_support: 30 },
    }
}

/// Grid segments of the demo by age and salary.
pub fn segment_request() -> SegmentRequest {
    let grid = GridParams::new(vec!["Age".into(), "EstimatedSalary".into()]).bins(4).check();
    segment_request_with(SegmentMethod::Grid(grid.expect("valid grid")))
}

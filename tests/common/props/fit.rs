//! Every setting the UI and the CLI offer for a fit, and [`train`], which takes a table to a
//! model the way `micronum train` and the worker do.

use micronum::engine::clean::{apply, suggest};
use micronum::engine::dataset::{Dataset, TargetSpec};
use micronum::engine::evaluate::{evaluate_split, honest_scores, EvalConfig, Evaluation};
use micronum::engine::forest::{
    ClassWeight, Criterion, ForestParams, MaxFeatures, ValidForestParams,
};
use micronum::engine::model_io::{describe_fit, Model};
use micronum::engine::table::Table;
use proptest::prelude::*;

/// Every setting the UI and the CLI offer for a fit, and the cleaning choice.
#[derive(Debug, Clone)]
pub struct Settings {
    pub n_estimators: usize,
    pub max_depth: Option<usize>,
    pub min_samples_leaf: usize,
    pub min_samples_split: usize,
    pub min_impurity_decrease: f64,
    pub max_features: MaxFeatures,
    pub criterion: Criterion,
    pub class_weight: ClassWeight,
    pub bootstrap: bool,
    pub oob_score: bool,
    pub max_bins: usize,
    pub random_state: u64,
    /// 0: fit on every row.
    pub test_size: f64,
    pub permutation_repeats: usize,
    /// Apply the suggested cleaning log (else train on the data as read).
    pub clean: bool,
}

impl Settings {
    /// The checked forest parameters (one thread: tests run in parallel already).
    pub fn params(&self) -> ValidForestParams {
        ForestParams::new()
            .n_estimators(self.n_estimators)
            .max_depth(self.max_depth)
            .min_samples_leaf(self.min_samples_leaf)
            .min_samples_split(self.min_samples_split)
            .min_impurity_decrease(self.min_impurity_decrease)
            .max_features(self.max_features)
            .criterion(self.criterion)
            .class_weight(self.class_weight)
            .bootstrap(self.bootstrap)
            .oob_score(self.oob_score)
            .max_bins(self.max_bins)
            .random_state(self.random_state)
            .n_threads(Some(1))
            .check()
            .expect("generated settings are valid")
    }
}

fn max_features() -> impl Strategy<Value = MaxFeatures> {
    prop_oneof![
        Just(MaxFeatures::Sqrt),
        Just(MaxFeatures::Log2),
        Just(MaxFeatures::All),
        (1usize..6).prop_map(MaxFeatures::Count),
        (0.05..=1.0f64).prop_map(MaxFeatures::Fraction),
    ]
}

/// Random settings; small forests, few bins often (so that the last bin is split off often).
pub fn settings() -> impl Strategy<Value = Settings> {
    let forest = (
        1usize..7,
        proptest::option::of(1usize..8),
        1usize..4,
        2usize..7,
        prop_oneof![3 => Just(0.0), 1 => Just(0.01)],
        max_features(),
        prop_oneof![Just(Criterion::Gini), Just(Criterion::Entropy)],
        prop_oneof![Just(ClassWeight::None), Just(ClassWeight::Balanced)],
    );
    let rest = (
        any::<bool>(),
        any::<bool>(),
        prop_oneof![Just(2usize), Just(3), Just(16), Just(255)],
        any::<u64>(),
        prop_oneof![Just(0.0), Just(0.2), Just(0.25), Just(0.5)],
        prop_oneof![Just(0usize), Just(2)],
        any::<bool>(),
    );
    (forest, rest).prop_map(|(f, r)| Settings {
        n_estimators: f.0,
        max_depth: f.1,
        min_samples_leaf: f.2,
        min_samples_split: f.3,
        min_impurity_decrease: f.4,
        max_features: f.5,
        criterion: f.6,
        class_weight: f.7,
        bootstrap: r.0,
        oob_score: r.1,
        max_bins: r.2,
        random_state: r.3,
        test_size: r.4,
        permutation_repeats: r.5,
        clean: r.6,
    })
}

/// A model trained as `micronum train` and the worker train, with what it was trained on.
pub struct Trained {
    pub model: Model,
    /// The cleaned table.
    pub table: Table,
    /// The held-out evaluation (None with `test_size` 0).
    pub eval: Option<Evaluation>,
}

/// Cleans `raw` (the suggested log, when `s.clean`), fits on the training split (every row
/// with `test_size` 0) and assembles the model with its score profile. `Err` carries why the
/// data cannot be trained on (e.g. a feature-less table), as the CLI would report it.
pub fn train(raw: &Table, target: &str, s: &Settings) -> Result<Trained, String> {
    let log = if s.clean { suggest(raw, Some(target)) } else { Vec::new() };
    let (table, _) = apply(raw, &log).map_err(|e| e.to_string())?;
    let spec = TargetSpec { target: target.into(), ..TargetSpec::default() };
    let data = Dataset::from_table(&table, &spec).map_err(|e| e.to_string())?;
    let cfg = EvalConfig {
        target: spec,
        params: s.params(),
        test_size: s.test_size,
        split_seed: s.random_state,
        threshold: 0.5,
        permutation_repeats: s.permutation_repeats,
    };
    let (forest, eval, honest) = if s.test_size > 0.0 {
        let (forest, eval) =
            evaluate_split(&table, &cfg, &mut |_, _, _| true).map_err(|e| e.to_string())?;
        let honest = honest_scores(&table, &forest, &eval.test_row_ids, &eval.proba_test);
        (forest, Some(eval), honest)
    } else {
        let rows: Vec<usize> = (0..data.n_rows()).collect();
        let forest = cfg.params.fit(&data, &rows, &mut |_| true).map_err(|e| e.to_string())?;
        let honest = honest_scores(&table, &forest, &[], &[]);
        (forest, None, honest)
    };
    // As the CLI and the worker describe a fit (undefined metrics are None).
    let n_train = eval.as_ref().map_or(data.n_rows(), |e| e.n_train);
    let described = describe_fit(&cfg, eval.as_ref(), n_train, forest.oob_score, None);
    let model = Model::new(forest, &data, &table, log, described, "2026-12-07T00:00:00Z".into())
        .with_score_profile(&honest);
    Ok(Trained { model, table, eval })
}

//! Random cleaning steps on the columns of a generated table.

use micronum::engine::clean::{CleaningLog, CleaningStep, ImputeStrategy, OutlierMethod};
use proptest::prelude::*;

use super::tables::{label, EXTREMES, NAMES};

/// A random cleaning step on the columns of a [`super::table`] (feature `j` is named `NAMES[j]` or
/// `f{j}`, the target `target`): every kind of step, relearnt or not, with ordinary and extreme
/// bounds and fill values (some of which a column refuses).
pub fn step() -> impl Strategy<Value = CleaningStep> {
    let column =
        (0usize..5).prop_map(|j| if j == 4 { "target".to_string() } else { NAMES[j].to_string() });
    let bound = prop_oneof![
        3 => -100.0..100.0f64,
        1 => proptest::sample::select(EXTREMES.to_vec()),
    ];
    let bounds = (bound.clone(), bound).prop_map(|(a, b)| if a <= b { (a, b) } else { (b, a) });
    let method = prop_oneof![
        Just(OutlierMethod::Iqr),
        Just(OutlierMethod::ZScore),
        Just(OutlierMethod::Manual),
    ];
    let strategy = prop_oneof![
        Just(ImputeStrategy::Median),
        Just(ImputeStrategy::Mean),
        Just(ImputeStrategy::Mode),
        Just(ImputeStrategy::Constant),
    ];
    let value = proptest::sample::select(vec!["0", "-0.0", "1e308", "L1", "abc", ""]);
    let tokens = proptest::collection::vec(
        proptest::sample::select(vec!["n/a", "?", "-", "NaN", "L0", "0"]),
        0..3,
    );
    let mapping = proptest::collection::btree_map(
        proptest::sample::select(vec!["L0".to_string(), "L1".to_string(), label(3, 0)]),
        proptest::sample::select(vec!["L1".to_string(), "merged".to_string(), label(1, 0)]),
        0..3,
    );
    let to_01 = proptest::collection::btree_map(
        proptest::sample::select(vec!["no".to_string(), "yes".to_string(), "0".to_string()]),
        proptest::sample::select(vec!["0".to_string(), "1".to_string()]),
        0..3,
    );
    prop_oneof![
        tokens.prop_map(|t| CleaningStep::MissingTokens {
            tokens: t.into_iter().map(String::from).collect()
        }),
        (column.clone(), mapping)
            .prop_map(|(column, mapping)| CleaningStep::NormalizeCategories { column, mapping }),
        column.clone().prop_map(|column| CleaningStep::ParseFormattedNumbers { column }),
        (column.clone(), bounds.clone())
            .prop_map(|(column, (min, max))| CleaningStep::FlagImpossible { column, min, max }),
        (column.clone(), method, bounds, any::<bool>()).prop_map(
            |(column, method, (lo, hi), relearn)| CleaningStep::ClipOutliers {
                column,
                method,
                lo,
                hi,
                relearn,
            }
        ),
        (column.clone(), strategy, value, any::<bool>()).prop_map(
            |(column, strategy, value, relearn)| CleaningStep::Impute {
                column,
                strategy,
                value: value.into(),
                relearn,
            }
        ),
        Just(CleaningStep::DropDuplicates),
        Just(CleaningStep::DropRowsMissingTarget { target: "target".into() }),
        to_01
            .prop_map(|mapping| CleaningStep::MapTargetLabels { target: "target".into(), mapping }),
    ]
}

/// A random log: the suggested one (or none) followed by random steps.
pub fn extra_steps() -> impl Strategy<Value = (bool, CleaningLog)> {
    (any::<bool>(), proptest::collection::vec(step(), 0..5))
}

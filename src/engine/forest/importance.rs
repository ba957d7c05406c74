//! Permutation importance: how much a score drops when one feature's values are shuffled
//! (seeded), measured on held-out rows.

use super::{AlignError, Forest};
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::rng;

/// Mean and standard deviation of the score drop per feature over `repeats` shuffles of `rows`.
/// `score(y, proba)` must grow with quality (e.g. accuracy or ROC AUC).
pub fn permutation_importance(
    forest: &Forest,
    data: &Dataset,
    rows: &[usize],
    repeats: usize,
    seed: u64,
    score: &dyn Fn(&[u8], &[f64]) -> f64,
) -> Result<Vec<(f64, f64)>, AlignError> {
    let y: Vec<u8> = rows.iter().map(|&r| data.y[r]).collect();
    let base = score(&y, &forest.predict_proba_rows(data, rows)?);
    let seeds = rng::derive_seeds(seed, forest.features.len());
    let mut out = Vec::with_capacity(forest.features.len());
    for (f, spec) in forest.features.iter().enumerate() {
        let Some(k) = data.features.iter().position(|x| x.name == spec.name) else {
            return Err(AlignError::MissingFeature(spec.name.clone()));
        };
        let mut gen = rng::rng(seeds[f]);
        let mut drops = Vec::with_capacity(repeats);
        for _ in 0..repeats.max(1) {
            let mut order = rows.to_vec();
            rng::shuffle(&mut gen, &mut order);
            let mut shuffled = data.clone();
            shuffled.features[k].values = permuted(&data.features[k].values, rows, &order);
            drops.push(base - score(&y, &forest.predict_proba_rows(&shuffled, rows)?));
        }
        let m = drops.iter().sum::<f64>() / drops.len() as f64;
        let sd = (drops.iter().map(|d| (d - m) * (d - m)).sum::<f64>() / drops.len() as f64).sqrt();
        out.push((m, sd));
    }
    Ok(out)
}

/// Values where row `rows[i]` takes the value of row `order[i]`.
fn permuted(values: &FeatureValues, rows: &[usize], order: &[usize]) -> FeatureValues {
    match values {
        FeatureValues::Numeric(v) => {
            let mut out = v.clone();
            rows.iter().zip(order).for_each(|(&r, &o)| out[r] = v[o]);
            FeatureValues::Numeric(out)
        }
        FeatureValues::Categorical { codes, levels } => {
            let mut out = codes.clone();
            rows.iter().zip(order).for_each(|(&r, &o)| out[r] = codes[o]);
            FeatureValues::Categorical { codes: out, levels: levels.clone() }
        }
    }
}

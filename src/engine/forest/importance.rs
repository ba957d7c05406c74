//! Permutation importance: how much a score drops when one feature's values are shuffled
//! (seeded), measured on held-out rows. Rows are encoded once (see [`super::coded`]); a shuffle
//! permutes one feature's codes and the forest predicts again from codes.

use super::coded::{CodedForest, CodedRows};
use super::packed;
use super::{AlignError, Forest};
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::rng;

/// Mean and standard deviation of the score drop per feature over `repeats` shuffles of `rows`.
/// `score(y, proba)` must grow with quality (e.g. accuracy or ROC AUC). Features are shared among
/// `threads` threads natively (every core when None; one in the browser); each has its own
/// seeded generator, so the result does not depend on the thread count.
pub fn permutation_importance(
    forest: &Forest,
    data: &Dataset,
    rows: &[usize],
    repeats: usize,
    seed: u64,
    score: &(dyn Fn(&[u8], &[f64]) -> f64 + Sync),
    threads: Option<usize>,
) -> Result<Vec<(f64, f64)>, AlignError> {
    let y: Vec<u8> = rows.iter().map(|&r| data.y[r]).collect();
    let aligned = forest.align(data)?;
    let reps = repeats.max(1);
    // Every shuffle, feature by feature, each feature with its own generator. Position i takes
    // the values of position order[i].
    let orders: Vec<Vec<usize>> = rng::derive_seeds(seed, forest.features.len())
        .into_iter()
        .flat_map(|s| {
            let mut gen = rng::rng(s);
            (0..reps)
                .map(|_| {
                    let mut order: Vec<usize> = (0..rows.len()).collect();
                    rng::shuffle(&mut gen, &mut order);
                    order
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // Score of the rows as they are, then of each shuffle (feature f, repeat k at f·reps + k).
    let scores: Vec<f64> = match CodedForest::new(forest) {
        Some(coded) => {
            // All variants in one batch, so each tree is read once for all of them.
            let encoded = coded.encode(&aligned, rows);
            let mut batch = Vec::with_capacity(encoded.codes.len() * (orders.len() + 1));
            batch.extend_from_slice(&encoded.codes);
            for (v, order) in orders.iter().enumerate() {
                let start = batch.len();
                batch.extend_from_slice(&encoded.codes);
                permute_codes(&encoded, v / reps, order, &mut batch[start..]);
            }
            let words = encoded.words;
            let proba = coded.predict_threads(&CodedRows { codes: batch, words }, threads);
            let n = rows.len();
            (0..=orders.len()).map(|v| score(&y, &proba[v * n..(v + 1) * n])).collect()
        }
        None => super::par_map(threads, orders.len() + 1, |v| {
            let mut cols = aligned.clone();
            if v > 0 {
                let f = (v - 1) / reps;
                cols[f] = permuted(&aligned[f], rows, &orders[v - 1]);
            }
            score(&y, &forest.predict_aligned(&cols, rows))
        }),
    };
    let base = scores[0];
    let out = scores[1..]
        .chunks(reps)
        .map(|per_feature| {
            let drops: Vec<f64> = per_feature.iter().map(|s| base - s).collect();
            let m = drops.iter().sum::<f64>() / drops.len() as f64;
            let sd =
                (drops.iter().map(|d| (d - m) * (d - m)).sum::<f64>() / drops.len() as f64).sqrt();
            (m, sd)
        })
        .collect();
    Ok(out)
}

/// At most `cap` of `rows`, drawn without replacement per class in proportion to the class sizes
/// (seeded), in their original order; all of `rows` when there are not more than `cap`.
pub fn stratified_sample(rows: &[usize], y: &[u8], cap: usize, seed: u64) -> Vec<usize> {
    if rows.len() <= cap {
        return rows.to_vec();
    }
    let positives = rows.iter().filter(|&&r| y[r] == 1).count();
    let take_pos = ((positives as f64 * cap as f64 / rows.len() as f64).round() as usize).min(cap);
    let mut gen = rng::rng(seed);
    let mut picked: Vec<usize> = Vec::with_capacity(cap);
    for (class, take) in [(0u8, cap - take_pos), (1u8, take_pos)] {
        let mut of_class: Vec<usize> = rows.iter().copied().filter(|&r| y[r] == class).collect();
        rng::shuffle(&mut gen, &mut of_class);
        picked.extend(of_class.into_iter().take(take));
    }
    let keep: std::collections::HashSet<usize> = picked.into_iter().collect();
    rows.iter().copied().filter(|r| keep.contains(r)).collect()
}

/// Sets feature `f` of row `i` in `out` (a copy of `rows`' codes) to that of row `order[i]`.
fn permute_codes(rows: &CodedRows, f: usize, order: &[usize], out: &mut [u64]) {
    let w = rows.words;
    for (i, &o) in order.iter().enumerate() {
        let code = packed::get(&rows.codes[o * w..(o + 1) * w], f);
        packed::set(&mut out[i * w..(i + 1) * w], f, code);
    }
}

/// Values where row `rows[i]` takes the value of row `rows[order[i]]`.
fn permuted(values: &FeatureValues, rows: &[usize], order: &[usize]) -> FeatureValues {
    match values {
        FeatureValues::Numeric(v) => {
            let mut out = v.clone();
            rows.iter().zip(order).for_each(|(&r, &o)| out[r] = v[rows[o]]);
            FeatureValues::Numeric(out)
        }
        FeatureValues::Categorical { codes, levels } => {
            let mut out = codes.clone();
            rows.iter().zip(order).for_each(|(&r, &o)| out[r] = codes[rows[o]]);
            FeatureValues::Categorical { codes: out, levels: levels.clone() }
        }
    }
}

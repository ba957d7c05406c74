//! Permutation importance: how much a score drops when one feature's values are shuffled
//! (seeded), measured on held-out rows. Rows are encoded once (see [`super::coded`]); a shuffle
//! permutes one feature's codes and the forest predicts again from codes.

use super::coded::{CodedForest, CodedRows};
use super::packed;
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
    let aligned = forest.align(data)?;
    let coded = CodedForest::new(forest);
    let encoded = coded.as_ref().map(|c| c.encode(&aligned, rows));
    let predict = |f: usize, order: Option<&[usize]>| -> Vec<f64> {
        match (&coded, &encoded) {
            (Some(c), Some(e)) => match order {
                Some(o) => c.predict(&permuted_codes(e, f, o)),
                None => c.predict(e),
            },
            _ => {
                let mut cols = aligned.clone();
                if let Some(o) = order {
                    cols[f] = permuted(&aligned[f], rows, o);
                }
                forest.predict_aligned(&cols, rows)
            }
        }
    };
    let base = score(&y, &predict(0, None));
    let seeds = rng::derive_seeds(seed, forest.features.len());
    let mut out = Vec::with_capacity(forest.features.len());
    for (f, &s) in seeds.iter().enumerate() {
        let mut gen = rng::rng(s);
        let mut drops = Vec::with_capacity(repeats);
        for _ in 0..repeats.max(1) {
            // Position i takes the values of position order[i].
            let mut order: Vec<usize> = (0..rows.len()).collect();
            rng::shuffle(&mut gen, &mut order);
            drops.push(base - score(&y, &predict(f, Some(&order))));
        }
        let m = drops.iter().sum::<f64>() / drops.len() as f64;
        let sd = (drops.iter().map(|d| (d - m) * (d - m)).sum::<f64>() / drops.len() as f64).sqrt();
        out.push((m, sd));
    }
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

/// `rows` with feature `f` of position `i` taken from position `order[i]`.
fn permuted_codes(rows: &CodedRows, f: usize, order: &[usize]) -> CodedRows {
    let w = rows.words;
    let mut out = rows.clone();
    for (i, &o) in order.iter().enumerate() {
        let code = packed::get(&rows.codes[o * w..(o + 1) * w], f);
        packed::set(&mut out.codes[i * w..(i + 1) * w], f, code);
    }
    out
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

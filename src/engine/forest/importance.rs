//! Permutation importance: how much a score drops when one feature's values are shuffled
//! (seeded), measured on held-out rows. Rows are encoded once (see [`super::coded`]); a shuffle
//! permutes one feature's codes and the forest predicts again from codes.

use super::coded::{CodedForest, CodedRows};
use super::packed;
use super::{AlignError, Forest};
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::rng;

/// The shuffles behind permutation importance: `repeats` seeded orders of `rows` per feature,
/// drawn before any tree exists, so the shuffled rows can also be scored while the trees grow
/// (see [`super::FitPlan::score_rows`]). Variant `v` shuffles feature `v / repeats`.
#[derive(Debug, Clone, PartialEq)]
pub struct Shuffles {
    pub rows: Vec<usize>,
    pub repeats: usize,
    /// Per variant: position `i` takes the values of position `order[i]`.
    orders: Vec<Vec<usize>>,
}

impl Shuffles {
    /// `repeats` (at least 1) shuffles of `rows` for each of `n_features` features, each feature
    /// with its own generator derived from `seed`.
    pub fn new(rows: Vec<usize>, n_features: usize, repeats: usize, seed: u64) -> Shuffles {
        let repeats = repeats.max(1);
        let orders = rng::derive_seeds(seed, n_features)
            .into_iter()
            .flat_map(|s| {
                let mut gen = rng::rng(s);
                (0..repeats)
                    .map(|_| {
                        let mut order: Vec<usize> = (0..rows.len()).collect();
                        rng::shuffle(&mut gen, &mut order);
                        order
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        Shuffles { rows, repeats, orders }
    }

    /// Number of shuffled copies of the rows (features × repeats).
    pub fn variants(&self) -> usize {
        self.orders.len()
    }

    /// The feature variant `v` shuffles.
    pub fn feature(&self, v: usize) -> usize {
        v / self.repeats
    }

    /// In variant `v`, the position of [`Shuffles::rows`] whose value of the shuffled feature
    /// position `i` takes.
    pub fn source(&self, v: usize, i: usize) -> usize {
        self.orders[v][i]
    }

    /// Mean and standard deviation of the score drop per feature: `base` is P(positive) of the
    /// rows as they are, `variants` that of every variant, one after another; `y` the rows'
    /// classes.
    pub fn drops(
        &self,
        y: &[u8],
        base: &[f64],
        variants: &[f64],
        score: &dyn Fn(&[u8], &[f64]) -> f64,
    ) -> Vec<(f64, f64)> {
        let base = score(y, base);
        let n = self.rows.len();
        let scores: Vec<f64> =
            (0..self.variants()).map(|v| score(y, &variants[v * n..(v + 1) * n])).collect();
        scores
            .chunks(self.repeats)
            .map(|per_feature| {
                let drops: Vec<f64> = per_feature.iter().map(|s| base - s).collect();
                let m = drops.iter().sum::<f64>() / drops.len() as f64;
                let sd = (drops.iter().map(|d| (d - m) * (d - m)).sum::<f64>()
                    / drops.len() as f64)
                    .sqrt();
                (m, sd)
            })
            .collect()
    }
}

/// Mean and standard deviation of the score drop per feature over `repeats` shuffles of `rows`.
/// `score(y, proba)` must grow with quality (e.g. accuracy or ROC AUC). Rows are shared among
/// `threads` threads natively (every core when None; one in the browser); each feature has its
/// own seeded generator, so the result does not depend on the thread count.
pub fn permutation_importance(
    forest: &Forest,
    data: &Dataset,
    rows: &[usize],
    repeats: usize,
    seed: u64,
    score: &(dyn Fn(&[u8], &[f64]) -> f64 + Sync),
    threads: Option<usize>,
) -> Result<Vec<(f64, f64)>, AlignError> {
    let shuffles = Shuffles::new(rows.to_vec(), forest.features.len(), repeats, seed);
    permutation_drops(forest, data, &shuffles, score, threads)
}

/// Most 64-bit codes in one batch of shuffled rows (32 MB).
const BATCH_WORDS: usize = 4 << 20;

/// [`permutation_importance`] for shuffles already drawn: the forest predicts the rows as they
/// are and every shuffled copy, and [`Shuffles::drops`] compares the scores.
pub fn permutation_drops(
    forest: &Forest,
    data: &Dataset,
    shuffles: &Shuffles,
    score: &(dyn Fn(&[u8], &[f64]) -> f64 + Sync),
    threads: Option<usize>,
) -> Result<Vec<(f64, f64)>, AlignError> {
    drops_in_batches(forest, data, shuffles, score, threads, BATCH_WORDS)
}

/// [`permutation_drops`] with batches of at most `batch_words` codes (at least one variant).
pub(crate) fn drops_in_batches(
    forest: &Forest,
    data: &Dataset,
    shuffles: &Shuffles,
    score: &(dyn Fn(&[u8], &[f64]) -> f64 + Sync),
    threads: Option<usize>,
    batch_words: usize,
) -> Result<Vec<(f64, f64)>, AlignError> {
    let rows = &shuffles.rows[..];
    let y: Vec<u8> = rows.iter().map(|&r| data.y[r]).collect();
    let aligned = forest.align(data)?;
    let n = rows.len();
    // P(positive) of the rows as they are, then of each variant.
    let proba: Vec<f64> = match CodedForest::new(forest) {
        Some(coded) => {
            // Variants in batches of at most `batch_words` codes, so each tree is read once per
            // batch and memory stays bounded however many features and shuffles there are.
            let encoded = coded.encode(&aligned, rows);
            let (words, per) = (encoded.words, encoded.codes.len().max(1));
            let chunk = (batch_words / per).max(1);
            let mut proba = coded.predict_threads(&encoded, threads);
            for first in (0..shuffles.variants()).step_by(chunk) {
                let last = (first + chunk).min(shuffles.variants());
                let mut batch = Vec::with_capacity(per * (last - first));
                for v in first..last {
                    let start = batch.len();
                    batch.extend_from_slice(&encoded.codes);
                    permute_codes(&encoded, shuffles, v, &mut batch[start..]);
                }
                proba.extend(coded.predict_threads(&CodedRows { codes: batch, words }, threads));
            }
            proba
        }
        None => super::par_map(threads, shuffles.variants() + 1, |v| {
            let mut cols = aligned.clone();
            if v > 0 {
                let f = shuffles.feature(v - 1);
                cols[f] = permuted(&aligned[f], rows, &shuffles.orders[v - 1]);
            }
            forest.predict_aligned(&cols, rows)
        })
        .concat(),
    };
    Ok(shuffles.drops(&y, &proba[..n], &proba[n..], score))
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

/// Sets the shuffled feature of row `i` in `out` (a copy of `rows`' codes) to that of row
/// `order[i]` of variant `v`.
fn permute_codes(rows: &CodedRows, shuffles: &Shuffles, v: usize, out: &mut [u64]) {
    let (w, f) = (rows.words, shuffles.feature(v));
    for (i, &o) in shuffles.orders[v].iter().enumerate() {
        let code = packed::get(&rows.codes[o * w..(o + 1) * w], f);
        packed::set(&mut out[i * w..(i + 1) * w], f, code);
    }
}

/// Values where row `rows[i]` takes the value of row `rows[order[i]]`.
fn permuted(values: &FeatureValues, rows: &[usize], order: &[usize]) -> FeatureValues {
    match values {
        FeatureValues::Numeric(v) => {
            let mut out = v.to_vec();
            rows.iter().zip(order).for_each(|(&r, &o)| out[r] = v[rows[o]]);
            FeatureValues::Numeric(out.into())
        }
        FeatureValues::Categorical { codes, levels } => {
            let mut out = codes.to_vec();
            rows.iter().zip(order).for_each(|(&r, &o)| out[r] = codes[rows[o]]);
            FeatureValues::Categorical { codes: out.into(), levels: levels.clone() }
        }
    }
}

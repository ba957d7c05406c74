//! Fast prediction of many rows: a fitted forest walked on `u8` codes.
//!
//! Per numeric feature, the forest's thresholds (one table shared by its trees, see
//! [`super::tree::Thresholds`]) are the cuts, and a value's code is the number of cuts below
//! it, so `x <= threshold` is exactly `code <= index of the threshold` — the index a compact
//! node already holds, so the trees are walked as they are, with no copy of their nodes.
//! Categorical codes are the aligned label codes (unseen labels get the code past the training
//! labels); each categorical split gets the 256-bit set of codes going left, unseen and missing
//! ones included when they go left. Each node's vote is computed once on the forest's
//! fixed-point grid (8 bytes a node). Rows are encoded once, packed row-major (see
//! [`super::packed`]), then every tree walks all rows while its nodes stay in cache. Votes are
//! added exactly (see [`super::votes`]), so results equal those of the raw-value walk bit for
//! bit. Forests this cannot express (more than 254 thresholds or labels in a feature, or trees
//! whose threshold tables differ) get `None`, and callers walk the raw values instead.

use super::bin::MISSING_BIN;
use super::packed;
use super::split::set_bit;
use super::tree::Tree;
use super::votes::Scale;
use super::Forest;
use crate::engine::dataset::FeatureValues;
use crate::engine::table::MISSING_CODE;

/// How a feature's values become codes.
#[derive(Debug, Clone)]
enum Coder {
    Numeric {
        cuts: Vec<f64>,
    },
    /// Codes at or past `n_levels` are labels unseen in training.
    Categorical {
        n_levels: usize,
    },
}

/// A forest over codes.
#[derive(Debug, Clone)]
pub struct CodedForest<'a> {
    forest: &'a Forest,
    coders: Vec<Coder>,
    /// Per tree: the vote of each node on the grid (read at leaves).
    votes: Vec<Vec<u64>>,
    /// Per tree: the codes going left at each categorical split, by the split's index.
    sets: Vec<Vec<[u64; 4]>>,
    scale: Scale,
}

/// Encoded rows: row `i`'s codes are `codes[i * words..(i + 1) * words]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CodedRows {
    pub codes: Vec<u64>,
    pub words: usize,
}

impl CodedRows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.codes.len() / self.words
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}

impl<'a> CodedForest<'a> {
    /// Compiles `forest`, or None when its splits do not fit in `u8` codes.
    pub fn new(forest: &'a Forest) -> Option<CodedForest<'a>> {
        let table = forest.thresholds();
        let coders = forest
            .features
            .iter()
            .enumerate()
            .map(|(f, spec)| match &spec.levels {
                Some(levels) => {
                    (levels.len() <= 254).then_some(Coder::Categorical { n_levels: levels.len() })
                }
                None => {
                    let cuts = table.of(f);
                    (cuts.len() <= 254).then(|| Coder::Numeric { cuts: cuts.to_vec() })
                }
            })
            .collect::<Option<Vec<_>>>()?;
        let scale = Scale::for_trees(forest.trees.len());
        let mut votes = Vec::with_capacity(forest.trees.len());
        let mut sets = Vec::with_capacity(forest.trees.len());
        for t in &forest.trees {
            // Codes index the shared table; a tree with another (or damaged) one is walked raw.
            if **t.thresholds() != *table || t.check(&forest.features).is_err() {
                return None;
            }
            votes.push((0..t.len()).map(|i| scale.fixed(t.value(i))).collect());
            let mut s = vec![[0u64; 4]; t.category_count()];
            for i in 0..t.len() {
                if let Some(k) = t.category_index(i) {
                    s[k] = category_set(t.left_set(i), t.threshold(i), t.missing_left(i));
                }
            }
            sets.push(s);
        }
        Some(CodedForest { forest, coders, votes, sets, scale })
    }

    /// Codes of `rows` of `data` (aligned columns, in the forest's feature order).
    pub fn encode(&self, data: &[FeatureValues], rows: &[usize]) -> CodedRows {
        let words = packed::words_for(self.coders.len());
        let mut codes = vec![0u64; rows.len() * words];
        for (f, (coder, values)) in self.coders.iter().zip(data).enumerate() {
            let code = |r: usize| -> u8 {
                match (coder, values) {
                    (Coder::Numeric { cuts }, FeatureValues::Numeric(v)) => {
                        let x = v[r];
                        if x.is_nan() {
                            MISSING_BIN
                        } else {
                            cuts.partition_point(|&c| c < x) as u8
                        }
                    }
                    (Coder::Categorical { n_levels }, FeatureValues::Categorical { codes, .. }) => {
                        let c = codes[r];
                        if c == MISSING_CODE {
                            MISSING_BIN
                        } else {
                            c.min(*n_levels as u32) as u8
                        }
                    }
                    // `Forest::align` checked the kinds; a mismatch reads as missing.
                    _ => MISSING_BIN,
                }
            };
            for (row, &r) in codes.chunks_exact_mut(words).zip(rows) {
                packed::set(row, f, code(r));
            }
        }
        CodedRows { codes, words }
    }

    /// P(positive) of every encoded row: the mean over trees of the leaf values.
    pub fn predict(&self, rows: &CodedRows) -> Vec<f64> {
        self.predict_codes(&rows.codes, rows.words)
    }

    /// [`CodedForest::predict`] with the rows cut into one contiguous part per thread (`threads`
    /// natively, every core when None; one in the browser), so each thread still walks every
    /// tree once over its part. Each row's value is computed alone: the result does not depend
    /// on the thread count.
    pub fn predict_threads(&self, rows: &CodedRows, threads: Option<usize>) -> Vec<f64> {
        let parts = super::thread_count(threads).clamp(1, rows.len().max(1));
        let per_part = rows.len().div_ceil(parts) * rows.words;
        let results = super::par_map(threads, parts, |p| {
            let start = (p * per_part).min(rows.codes.len());
            let end = ((p + 1) * per_part).min(rows.codes.len());
            self.predict_codes(&rows.codes[start..end], rows.words)
        });
        results.concat()
    }

    /// P(positive) of the rows packed in `codes` (`words` words a row).
    fn predict_codes(&self, codes: &[u64], words: usize) -> Vec<f64> {
        let mut acc = vec![0u64; codes.len() / words];
        for (t, tree) in self.forest.trees.iter().enumerate() {
            self.add_votes(tree, t, codes, words, &mut acc);
        }
        let n = self.forest.trees.len() as u32;
        acc.into_iter().map(|a| self.scale.mean(a, n)).collect()
    }

    /// Adds the leaf vote of tree `t` to each row's `acc`. Not inlined: one call per tree lets
    /// the browser run the later trees optimised.
    #[inline(never)]
    fn add_votes(&self, tree: &Tree, t: usize, codes: &[u64], words: usize, acc: &mut [u64]) {
        let (votes, sets) = (&self.votes[t], &self.sets[t]);
        for (a, row) in acc.iter_mut().zip(codes.chunks_exact(words)) {
            *a += votes[tree.leaf_of_codes(row, sets)];
        }
    }
}

/// Codes going left at a categorical node: the listed labels, and (when missing values go left)
/// the missing code and every code the node did not know (`code >= n_known`).
pub(super) fn category_set(left_set: &[u32], n_known: f64, missing_left: bool) -> [u64; 4] {
    let mut set = [0u64; 4];
    for &c in left_set.iter().filter(|&&c| c < 255) {
        set_bit(&mut set, c as u8);
    }
    if missing_left {
        set_bit(&mut set, MISSING_BIN);
        for c in 0..255u8 {
            if (c as f64) >= n_known {
                set_bit(&mut set, c);
            }
        }
    }
    set
}

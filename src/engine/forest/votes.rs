//! Exact, order-free sums of tree votes. Each leaf value (a positive share in [0, 1]) becomes a
//! fixed-point integer once, and a row's votes are added as integers, so the sum is the same in
//! any order: trees grown in different threads or Web Workers add their votes where they were
//! grown, and the forest's probabilities still do not depend on how the work was shared. The
//! grid is fine enough (2⁻⁵⁰ or finer for up to 8,192 trees) that rounding a value to it moves a
//! probability by less than 10⁻¹⁵. Per row: the sum (`u64`) and the number of trees that voted
//! (`u16`: a forest has at most `MAX_TREES` = 5,000 trees), 10 bytes a row.

use super::tree::Tree;

/// The fixed-point grid of a forest of a given size: as fine as a `u64` sum of every tree's vote
/// allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    /// Fraction bits: a vote `v` is `⌊v · 2^bits⌋`.
    bits: u32,
}

impl Scale {
    /// The grid for sums of at most `trees` votes of at most 1.
    pub fn for_trees(trees: usize) -> Scale {
        // trees · 2^bits ≤ 2^64 − 1 when trees < 2^(64 − bits).
        let width = usize::BITS - trees.max(1).leading_zeros();
        Scale { bits: 64 - width }
    }

    /// Fraction bits of the grid.
    pub fn bits(self) -> u32 {
        self.bits
    }

    /// The grid of `bits` fraction bits (None above 63).
    pub fn from_bits(bits: u32) -> Option<Scale> {
        (bits <= 63).then_some(Scale { bits })
    }

    /// A vote on the grid (values outside [0, 1] are clamped; NaN reads as 0).
    #[inline(always)]
    pub fn fixed(self, v: f64) -> u64 {
        (v.clamp(0.0, 1.0) * (1u64 << self.bits) as f64) as u64
    }

    /// The mean of `count` votes summing to `sum` (NaN without votes).
    #[inline]
    pub fn mean(self, sum: u64, count: u32) -> f64 {
        if count == 0 {
            return f64::NAN;
        }
        sum as f64 / (1u64 << self.bits) as f64 / count as f64
    }
}

/// Per row: the sum of the votes it got and how many trees voted.
#[derive(Debug, Clone, PartialEq)]
pub struct Votes {
    pub scale: Scale,
    pub sum: Vec<u64>,
    pub count: Vec<u16>,
}

/// The rows a tree routed to its leaves while growing (out-of-bag and scored rows): `rows` by
/// leaf, leaf `leaves[k].0` holding `rows[leaves[k - 1].1..leaves[k].1]`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Routed {
    pub rows: Vec<u32>,
    pub leaves: Vec<(u32, u32)>,
}

impl Routed {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Emptied, with room for `rows` rows (the buffers are kept).
    pub fn restart(&mut self, rows: usize) -> &mut Routed {
        self.rows.clear();
        self.leaves.clear();
        self.rows.reserve_exact(rows);
        self
    }

    /// (row, leaf) of every routed row.
    pub fn pairs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut start = 0;
        self.leaves.iter().flat_map(move |&(leaf, end)| {
            let rows = &self.rows[start as usize..end as usize];
            start = end;
            rows.iter().map(move |&r| (r, leaf))
        })
    }
}

impl Votes {
    /// No votes yet for `rows` rows of a forest of `trees` trees.
    pub fn new(rows: usize, trees: usize) -> Votes {
        Votes { scale: Scale::for_trees(trees), sum: vec![0; rows], count: vec![0; rows] }
    }

    /// Adds the votes of `tree` for the rows it `routed` (each row, its leaf's value). Not
    /// inlined, so the browser runs it optimised after the first trees (a function runs as it was
    /// compiled when called).
    #[inline(never)]
    pub fn add_tree(&mut self, tree: &Tree, routed: &Routed) {
        let mut start = 0;
        for &(leaf, end) in &routed.leaves {
            let v = self.scale.fixed(tree.value(leaf as usize));
            for &r in &routed.rows[start..end as usize] {
                self.sum[r as usize] += v;
                self.count[r as usize] += 1;
            }
            start = end as usize;
        }
    }

    /// Adds the votes of other trees (the same rows and grid).
    pub fn add(&mut self, other: &Votes) {
        self.sum.iter_mut().zip(&other.sum).for_each(|(a, b)| *a += b);
        self.count.iter_mut().zip(&other.count).for_each(|(a, b)| *a += b);
    }

    /// The mean vote of row `r` (NaN when no tree voted).
    pub fn mean(&self, r: usize) -> f64 {
        self.scale.mean(self.sum[r], u32::from(self.count[r]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sums_do_not_depend_on_order_and_means_are_close() {
        let values: Vec<f64> = (0..100).map(|i| ((i * 37) % 101) as f64 / 101.0).collect();
        let scale = Scale::for_trees(values.len());
        let forward: u64 = values.iter().map(|&v| scale.fixed(v)).sum();
        let backward: u64 = values.iter().rev().map(|&v| scale.fixed(v)).sum();
        assert_eq!(forward, backward);
        let exact = values.iter().sum::<f64>() / values.len() as f64;
        assert!((scale.mean(forward, 100) - exact).abs() < 1e-15);
        // Unanimous and tied votes stay exact.
        assert_eq!(scale.mean(100 * scale.fixed(1.0), 100), 1.0);
        assert_eq!(scale.mean(50 * scale.fixed(1.0), 100), 0.5);
        assert!(scale.mean(0, 0).is_nan());
    }

    #[test]
    fn the_grid_never_overflows() {
        for trees in [1, 2, 3, 100, 127, 128, 1000, 8192, 100_000] {
            let scale = Scale::for_trees(trees);
            let top = scale.fixed(1.0);
            assert!(top.checked_mul(trees as u64).is_some(), "{trees} trees");
            assert!(scale.bits >= 46, "{trees} trees: {} bits", scale.bits);
        }
    }

    #[test]
    fn shares_add_up_to_the_whole() {
        use crate::engine::forest::tree::{Thresholds, TreeBuilder};
        use std::sync::Arc;
        // Tree t: a root split whose left leaf has t positives of 6, right leaf 1 of t + 1.
        let trees: Vec<(Tree, Routed)> = (0..6u32)
            .map(|t| {
                let mut b = TreeBuilder::new(Arc::new(Thresholds::default()), [1.0, 1.0]);
                b.push([6, 1 + t]);
                let left = b.push([6 - t, t]);
                b.push([t, 1]);
                b.split_numeric(0, 0, 0, false, left);
                (b.finish(), Routed { rows: vec![0, 2], leaves: vec![(1, 1), (2, 2)] })
            })
            .collect();
        let mut whole = Votes::new(3, 6);
        trees.iter().for_each(|(t, r)| whole.add_tree(t, r));
        let (mut a, mut b) = (Votes::new(3, 6), Votes::new(3, 6));
        trees[..2].iter().for_each(|(t, r)| a.add_tree(t, r));
        trees[2..].iter().for_each(|(t, r)| b.add_tree(t, r));
        b.add(&a);
        assert_eq!(b, whole);
        assert!(whole.mean(1).is_nan());
        assert_eq!((whole.count[0], whole.count[2]), (6, 6));
        // Row 0 met each tree's left leaf: the mean of t/6 for t = 0..6 is 15/36.
        assert!((whole.mean(0) - 15.0 / 36.0).abs() < 1e-15);
        let pairs: Vec<(u32, u32)> = trees[0].1.pairs().collect();
        assert_eq!(pairs, vec![(0, 1), (2, 2)]);
    }
}

//! Exact, order-free sums of tree votes. Each leaf value (a positive share in [0, 1]) becomes a
//! fixed-point integer once, and a row's votes are added as integers, so the sum is the same in
//! any order: trees grown in different threads or Web Workers add their votes where they were
//! grown, and the forest's probabilities still do not depend on how the work was shared. The
//! grid is fine enough (2⁻⁵⁰ or finer for up to 8,192 trees) that rounding a value to it moves a
//! probability by less than 10⁻¹⁵.

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
    pub count: Vec<u32>,
}

impl Votes {
    /// No votes yet for `rows` rows of a forest of `trees` trees.
    pub fn new(rows: usize, trees: usize) -> Votes {
        Votes { scale: Scale::for_trees(trees), sum: vec![0; rows], count: vec![0; rows] }
    }

    /// Adds one tree's votes: (row, value) pairs. Not inlined, so the browser runs it optimised
    /// after the first trees (a function runs as it was compiled when called).
    #[inline(never)]
    pub fn add_tree(&mut self, routed: &[(u32, f64)]) {
        for &(r, v) in routed {
            self.sum[r as usize] += self.scale.fixed(v);
            self.count[r as usize] += 1;
        }
    }

    /// Adds the votes of other trees (the same rows and grid).
    pub fn add(&mut self, other: &Votes) {
        self.sum.iter_mut().zip(&other.sum).for_each(|(a, b)| *a += b);
        self.count.iter_mut().zip(&other.count).for_each(|(a, b)| *a += b);
    }

    /// The mean vote of row `r` (NaN when no tree voted).
    pub fn mean(&self, r: usize) -> f64 {
        self.scale.mean(self.sum[r], self.count[r])
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
        let trees: Vec<Vec<(u32, f64)>> =
            (0..6).map(|t| vec![(0, 0.1 * t as f64), (2, 1.0 / (t + 1) as f64)]).collect();
        let mut whole = Votes::new(3, 6);
        trees.iter().for_each(|t| whole.add_tree(t));
        let (mut a, mut b) = (Votes::new(3, 6), Votes::new(3, 6));
        trees[..2].iter().for_each(|t| a.add_tree(t));
        trees[2..].iter().for_each(|t| b.add_tree(t));
        b.add(&a);
        assert_eq!(b, whole);
        assert!(whole.mean(1).is_nan());
        assert_eq!(whole.count[2], 6);
    }
}

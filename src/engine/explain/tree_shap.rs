//! Path-dependent TreeSHAP: the values of Algorithm 2 of Lundberg, Erion & Lee (2018), node
//! `weight` as cover, in closed form.
//!
//! Algorithm 2 walks the whole tree carrying, for each distinct feature on the path, its *zero
//! fraction* z (the share of cover that passes its splits: the product of the child/parent cover
//! ratios of the branches taken) and *one fraction* o (1 when the row follows all of them, else
//! 0), and pays each leaf's value v to the path's features with the Shapley values of the leaf's
//! game v(S) = v·Π_{j∈S} o_j·Π_{j∉S} z_j over its k path features. Since o is 0 or 1, that game
//! has a closed form. Let A be the features the row followed ("hot", a of them), D the ones it
//! left ("cold"), Z = Π_{j∈D} z_j, e_m the elementary symmetric polynomials of {z_j : j ∈ A}
//! and W(k, s) = s!(k − s − 1)!/k!. Then
//! - each cold feature gets  −v·Z·Σ_{s=0..a} W(k, s)·e_{a−s}(A)  (the same for all of them);
//! - each hot feature i gets  v·(1 − z_i)·Z·Σ_{s=0..a−1} W(k, s)·e_{a−1−s}(A ∖ {i}).
//!
//! (Only subsets S ⊆ A make v(S ∪ {i}) − v(S) non-zero, and Π_{j∉S} z_j = Z·Π_{j∈A∖S} z_j.)
//! The zero fractions depend on the path only, not on the row: a row enters both children of
//! every split, and each child multiplies its own cover ratio in. Only the pattern of hot and
//! cold features differs from row to row. `block.rs` uses this to walk each tree once for a
//! block of rows; `algorithm2.rs` (tests) implements the paper literally and must agree.

use crate::engine::forest::Tree;

/// Per node of one tree: the cover-weighted mean leaf value of its subtree (the root's is the
/// tree's expected value), the shares of its cover that go left and right, and the features
/// split in its subtree (bit f for feature f; bit 63 for any feature from 63 on). Buffers are
/// reused from tree to tree.
#[derive(Debug, Default)]
pub(super) struct Subtrees {
    pub means: Vec<f64>,
    pub shares: Vec<[f64; 2]>,
    pub features: Vec<u64>,
}

impl Subtrees {
    /// Fills the means and shares of `tree` (children come after their parents).
    pub fn prepare(&mut self, tree: &Tree) {
        let n = tree.len();
        self.means.clear();
        self.means.extend((0..n).map(|i| tree.value(i)));
        self.shares.clear();
        self.shares.resize(n, [0.0; 2]);
        self.features.clear();
        self.features.resize(n, 0);
        for i in (0..n).rev() {
            if tree.is_leaf(i) {
                continue;
            }
            let (l, r) = (tree.left(i), tree.right(i));
            let w = tree.weight(i);
            let share = [tree.weight(l) / w, tree.weight(r) / w];
            self.means[i] = share[0] * self.means[l] + share[1] * self.means[r];
            self.shares[i] = share;
            let bit = 1u64 << tree.feature(i).min(63);
            self.features[i] = bit | self.features[l] | self.features[r];
        }
    }

    /// The tree's expected value: its root's mean.
    pub fn base(&self) -> f64 {
        self.means[0]
    }
}

/// Most features on a path (the masks are a `u64`).
const MAX_K: usize = 64;

/// The Shapley weights W(k, s) = s!(k − s − 1)!/k! for every k ≤ 64 and s < k:
/// `WEIGHTS[k * (MAX_K + 1) + s]`, computed at compile time.
static WEIGHTS: [f64; (MAX_K + 1) * (MAX_K + 1)] = weights();

/// W(k, 0) = 1/k, W(k, s + 1) = W(k, s)·(s + 1)/(k − s − 1).
const fn weights() -> [f64; (MAX_K + 1) * (MAX_K + 1)] {
    let mut w = [0.0; (MAX_K + 1) * (MAX_K + 1)];
    let mut k = 1;
    while k <= MAX_K {
        let row = k * (MAX_K + 1);
        w[row] = 1.0 / k as f64;
        let mut s = 0;
        while s + 1 < k {
            w[row + s + 1] = w[row + s] * (s + 1) as f64 / (k - s - 1) as f64;
            s += 1;
        }
        k += 1;
    }
    w
}

/// Buffers for [`Polynomials::leaf_shares`]: the polynomials of the hot zero fractions.
#[derive(Debug)]
pub(super) struct Polynomials {
    buffers: Buffers,
}

/// The polynomials of the hot zero fractions, and the hot positions.
#[derive(Debug)]
struct Buffers {
    e: [f64; MAX_K + 1],
    e_without: [f64; MAX_K + 1],
    hot: [usize; MAX_K],
}

impl Default for Polynomials {
    fn default() -> Self {
        let buffers = Buffers { e: [0.0; MAX_K + 1], e_without: [0.0; MAX_K + 1], hot: [0; MAX_K] };
        Polynomials { buffers }
    }
}

impl Polynomials {
    /// Each path feature's share of a leaf of value `value`: writes `out[p]` for the path's
    /// `z.len()` (1 to 64) features, where bit p of `cold` marks the features the row left.
    pub fn leaf_shares(&mut self, value: f64, z: &[f64], cold: u64, out: &mut [f64]) {
        let k = z.len();
        let all = if k == 64 { u64::MAX } else { (1u64 << k) - 1 };
        let (cold, hot) = (cold & all, !cold & all);
        let scale = value * bits(cold).map(|p| z[p]).product::<f64>();
        let w = &WEIGHTS[k * (MAX_K + 1)..(k + 1) * (MAX_K + 1)];
        // Fast paths for one or two hot features (most leaves): the general sums written out.
        let (cold_sum, a) = match hot.count_ones() {
            0 => (w[0], 0),
            1 => {
                let h = hot.trailing_zeros() as usize;
                out[h] = scale * (1.0 - z[h]) * w[0];
                (w[0] * z[h] + w[1], 1)
            }
            2 => {
                let (h1, h2) = (hot.trailing_zeros() as usize, 63 - hot.leading_zeros() as usize);
                let (z1, z2) = (z[h1], z[h2]);
                out[h1] = scale * (1.0 - z1) * (w[0] * z2 + w[1]);
                out[h2] = scale * (1.0 - z2) * (w[0] * z1 + w[1]);
                // W(k, 2) exists only when k ≥ 3, i.e. when a cold feature needs it.
                let w2 = if k > 2 { w[2] } else { 0.0 };
                (w[0] * z1 * z2 + w[1] * (z1 + z2) + w2, 2)
            }
            _ => (self.buffers.many_hot(scale, z, hot, w, out), hot.count_ones() as usize),
        };
        if a < k {
            let share = -scale * cold_sum;
            bits(cold).for_each(|p| out[p] = share);
        }
    }
}

impl Buffers {
    /// The hot features' shares when three or more are hot (written into `out`); returns the
    /// cold features' sum Σ_{s=0..a} W(k, s)·e_{a−s}(A).
    fn many_hot(&mut self, scale: f64, z: &[f64], hot: u64, w: &[f64], out: &mut [f64]) -> f64 {
        let mut a = 0;
        for p in bits(hot) {
            self.hot[a] = p;
            a += 1;
        }
        // e_m(A), m = 0..a.
        self.e[0] = 1.0;
        for n in 0..a {
            let zp = z[self.hot[n]];
            self.e[n + 1] = zp * self.e[n];
            for m in (1..=n).rev() {
                self.e[m] += zp * self.e[m - 1];
            }
        }
        for n in 0..a {
            let p = self.hot[n];
            // e_m(A ∖ {p}) by deflation: e_m(A) = e_m(A ∖ p) + z_p·e_{m−1}(A ∖ p). The terms
            // are non-negative, so the absolute error stays at rounding level.
            self.e_without[0] = 1.0;
            for m in 1..a {
                self.e_without[m] = self.e[m] - z[p] * self.e_without[m - 1];
            }
            let sum: f64 = (0..a).map(|s| w[s] * self.e_without[a - 1 - s]).sum();
            out[p] = scale * (1.0 - z[p]) * sum;
        }
        // Only used when a < k, so W(k, a) exists.
        (0..=a.min(z.len() - 1)).map(|s| w[s] * self.e[a - s]).sum()
    }
}

/// The indices of the set bits of `mask`, lowest first.
#[inline]
pub(super) fn bits(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let j = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            j
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_features_by_hand() {
        // Hot feature a (z 0.5), cold feature b (z 0.4), leaf value 1: the game is
        // v(∅) = 0.2, v({a}) = 0.4, v({b}) = 0, v({a,b}) = 0, so
        // φ_a = ½(0.4 − 0.2) + ½(0 − 0) = 0.1 and φ_b = ½(0 − 0.2) + ½(0 − 0.4) = −0.3.
        let mut poly = Polynomials::default();
        let mut out = [0.0; 2];
        poly.leaf_shares(1.0, &[0.5, 0.4], 0b10, &mut out);
        assert!((out[0] - 0.1).abs() < 1e-15 && (out[1] - -0.3).abs() < 1e-15, "{out:?}");
        // Both hot: φ_a = ½(v(a) − v(∅)) + ½(v(ab) − v(b)) with v(∅) = 0.2, v(a) = 0.4,
        // v(b) = 0.5, v(ab) = 1: φ_a = 0.1 + 0.25 = 0.35, φ_b = 0.15 + 0.3 = 0.45.
        poly.leaf_shares(1.0, &[0.5, 0.4], 0, &mut out);
        assert!((out[0] - 0.35).abs() < 1e-15 && (out[1] - 0.45).abs() < 1e-15, "{out:?}");
        // Both cold: each gets −v·Z/k = −0.2/2.
        poly.leaf_shares(1.0, &[0.5, 0.4], 0b11, &mut out);
        assert!(out.iter().all(|&x| (x - -0.1).abs() < 1e-15), "{out:?}");
    }

    /// Shapley values of one leaf's game v(S) = v·Π_{j∈S} o_j·Π_{j∉S} z_j over all subsets.
    fn leaf_game(value: f64, z: &[f64], cold: u64) -> Vec<f64> {
        let k = z.len();
        let v = |s: usize| -> f64 {
            value
                * (0..k)
                    .map(|j| if s >> j & 1 == 1 { (cold >> j & 1 == 0) as u8 as f64 } else { z[j] })
                    .product::<f64>()
        };
        let fact = |n: usize| (1..=n).map(|x| x as f64).product::<f64>();
        (0..k)
            .map(|i| {
                (0..1usize << k)
                    .filter(|s| s >> i & 1 == 0)
                    .map(|s| {
                        let n = s.count_ones() as usize;
                        fact(n) * fact(k - n - 1) / fact(k) * (v(s | 1 << i) - v(s))
                    })
                    .sum()
            })
            .collect()
    }

    #[test]
    fn every_pattern_of_six_features_matches_the_leaf_game() {
        let z = [0.9, 0.35, 0.6, 0.05, 1.0, 0.42];
        let mut poly = Polynomials::default();
        for cold in 0..64u64 {
            let mut out = [0.0; 6];
            poly.leaf_shares(0.7, &z, cold, &mut out);
            let want = leaf_game(0.7, &z, cold);
            for (p, (a, b)) in out.iter().zip(&want).enumerate() {
                assert!((a - b).abs() < 1e-14, "pattern {cold:06b}, feature {p}: {a} vs {b}");
            }
        }
    }
}

//! Path-dependent TreeSHAP for one tree and one row: the values of Algorithm 2 of Lundberg,
//! Erion & Lee (2018), node `weight` as cover, computed with O(1) work per split.
//!
//! Algorithm 2 walks the whole tree carrying, for each distinct feature on the path, its *zero
//! fraction* z (the share of cover that passes its splits) and *one fraction* o (1 when the row
//! follows all of them, else 0), and pays each leaf's value v to the path's features with the
//! Shapley values of the leaf's game v(S) = v·Π_{j∈S} o_j·Π_{j∉S} z_j over the k path features.
//! Since o is 0 or 1, that game has a closed form. Let A be the features the row followed
//! ("hot", a of them), D the ones it left ("cold"), Z = Π_{j∈D} z_j, e_m the elementary
//! symmetric polynomials of {z_j : j ∈ A} and W(k, s) = s!(k − s − 1)!/k!. Then
//! - each cold feature gets  −v·Z·Σ_{s=0..a} W(k, s)·e_{a−s}(A)  (the same for all of them);
//! - each hot feature i gets  v·(1 − z_i)·Z·Σ_{s=0..a−1} W(k, s)·e_{a−1−s}(A ∖ {i}).
//!
//! (Only subsets S ⊆ A make v(S ∪ {i}) − v(S) non-zero, and Π_{j∉S} z_j = Z·Π_{j∈A∖S} z_j.)
//! So the walk only keeps, per feature, whether it is unseen, hot (with its z) or cold, and the
//! product Z; Algorithm 2's permutation weights (O(depth) per split to extend and unwind) are
//! never built. `algorithm2.rs` (tests) implements the paper literally and must agree.
//!
//! Routing is the tree's own ([`Tree::goes_left`]), so missing values and unseen labels go where
//! prediction sends them. A subtree that splits only on cold features cannot depend on the row:
//! its leaves form the game of one leaf holding the subtree's cover-weighted mean value, so the
//! walk stops there (features from index 63 on are never counted cold: the masks are a `u64`).
//!
//! Memory: O(features) per walk, reused across rows and trees; O(nodes) for the prepared tree.

use crate::engine::dataset::FeatureValues;
use crate::engine::forest::Tree;

/// Bit of a feature in the mask of cold features (none from 63 on).
#[inline]
fn cold_bit(f: usize) -> u64 {
    if f < 63 {
        1 << f
    } else {
        0
    }
}

/// Bit of a feature in a subtree's mask (from 63 on, one bit no cold mask ever holds).
#[inline]
fn subtree_bit(f: u32) -> u64 {
    1 << f.min(63)
}

/// Per node of one tree: the cover-weighted mean leaf value of its subtree, the features split
/// in it, and the shares of its cover that go left and right. Buffers are reused from tree to
/// tree.
#[derive(Debug, Default)]
pub(super) struct Subtrees {
    pub means: Vec<f64>,
    masks: Vec<u64>,
    shares: Vec<[f64; 2]>,
    /// Stop at subtrees that no longer depend on the row (off only to test that it is exact).
    pub shortcut: bool,
}

impl Subtrees {
    /// Subtrees that stop where they can.
    pub fn new() -> Subtrees {
        Subtrees { shortcut: true, ..Subtrees::default() }
    }

    /// Fills the means and masks of `tree` (children come after their parents).
    pub fn prepare(&mut self, tree: &Tree) {
        let n = tree.len();
        self.means.clear();
        self.means.extend_from_slice(&tree.value);
        self.masks.clear();
        self.masks.resize(n, 0);
        self.shares.clear();
        self.shares.resize(n, [0.0; 2]);
        for i in (0..n).rev() {
            if tree.is_leaf(i) {
                continue;
            }
            let (l, r) = (tree.left[i] as usize, tree.right[i] as usize);
            let w = tree.weight[i];
            let share = [tree.weight[l] / w, tree.weight[r] / w];
            self.means[i] = share[0] * self.means[l] + share[1] * self.means[r];
            self.masks[i] = subtree_bit(tree.feature[i]) | self.masks[l] | self.masks[r];
            self.shares[i] = share;
        }
    }

    /// The tree's expected value: its root's mean.
    pub fn base(&self) -> f64 {
        self.means[0]
    }
}

/// A feature's place on the current path.
#[derive(Debug, Clone, Copy, PartialEq)]
enum State {
    Unseen,
    /// Followed at every split so far; the index of its entry in `Scratch::hot`.
    Hot(u32),
    Cold,
}

/// One walk's state, reused across rows and trees: per feature its state; the hot features
/// with their zero fractions; the cold ones; buffers for the polynomials.
#[derive(Debug)]
pub(super) struct Scratch {
    state: Vec<State>,
    hot: Vec<(u32, f64)>,
    cold: Vec<u32>,
    cold_mask: u64,
    /// e_m of the hot zero fractions, then of all but one.
    e: Vec<f64>,
    e_without: Vec<f64>,
    /// W(k, s) for the current leaf.
    w: Vec<f64>,
}

impl Scratch {
    /// Scratch for a model of `features` features.
    pub fn new(features: usize) -> Scratch {
        Scratch {
            state: vec![State::Unseen; features],
            hot: Vec::with_capacity(features),
            cold: Vec::with_capacity(features),
            cold_mask: 0,
            e: vec![0.0; features + 1],
            e_without: vec![0.0; features + 1],
            w: vec![0.0; features + 1],
        }
    }
}

/// One row's walk through one tree, adding its contributions into `phi`.
pub(super) struct Walk<'a> {
    pub tree: &'a Tree,
    pub cols: &'a [&'a FeatureValues],
    pub row: usize,
    pub subtrees: &'a Subtrees,
    pub scratch: &'a mut Scratch,
    pub phi: &'a mut [f64],
}

impl Walk<'_> {
    /// Walks the whole tree (one call per tree and row: in the browser a function runs as it
    /// was compiled when called, so the walk must not be inlined into a long loop).
    #[inline(never)]
    pub fn run(&mut self) {
        self.node(0, 1.0);
    }

    /// Enters node `i`; `z_cold` is the product of the cold features' zero fractions.
    fn node(&mut self, i: usize, z_cold: f64) {
        let t = self.tree;
        if t.is_leaf(i) {
            return self.leaf(t.value[i], z_cold);
        }
        let sub = self.subtrees;
        if sub.shortcut && sub.masks[i] & !self.scratch.cold_mask == 0 {
            return self.leaf(sub.means[i], z_cold);
        }
        let f = t.feature[i] as usize;
        let [to_left, to_right] = sub.shares[i];
        let (hot, cold, z_hot, z_away) = if t.goes_left(i, self.cols, self.row) {
            (t.left[i] as usize, t.right[i] as usize, to_left, to_right)
        } else {
            (t.right[i] as usize, t.left[i] as usize, to_right, to_left)
        };
        match self.scratch.state[f] {
            State::Cold => {
                self.node(hot, z_cold * z_hot);
                self.node(cold, z_cold * z_away);
            }
            State::Hot(at) => {
                let at = at as usize;
                let z = self.scratch.hot[at].1;
                self.scratch.hot[at].1 = z * z_hot;
                self.node(hot, z_cold);
                self.scratch.hot[at].1 = z;
                self.make_cold(f, at);
                self.node(cold, z_cold * z * z_away);
                self.make_hot_again(f, at, z);
            }
            State::Unseen => {
                let s = &mut *self.scratch;
                s.state[f] = State::Hot(s.hot.len() as u32);
                s.hot.push((f as u32, z_hot));
                self.node(hot, z_cold);
                let s = &mut *self.scratch;
                s.hot.pop();
                s.state[f] = State::Cold;
                s.cold.push(f as u32);
                s.cold_mask |= cold_bit(f);
                self.node(cold, z_cold * z_away);
                let s = &mut *self.scratch;
                s.cold.pop();
                s.cold_mask &= !cold_bit(f);
                s.state[f] = State::Unseen;
            }
        }
    }

    /// Moves hot feature `f` (entry `at`) to the cold features.
    fn make_cold(&mut self, f: usize, at: usize) {
        let s = &mut *self.scratch;
        s.hot.swap_remove(at);
        if let Some(&(moved, _)) = s.hot.get(at) {
            s.state[moved as usize] = State::Hot(at as u32);
        }
        s.state[f] = State::Cold;
        s.cold.push(f as u32);
        s.cold_mask |= cold_bit(f);
    }

    /// Undoes [`Walk::make_cold`]: `f` is hot again at entry `at` with zero fraction `z`.
    fn make_hot_again(&mut self, f: usize, at: usize, z: f64) {
        let s = &mut *self.scratch;
        s.cold.pop();
        s.cold_mask &= !cold_bit(f);
        s.hot.push((f as u32, z));
        let last = s.hot.len() - 1;
        s.hot.swap(at, last);
        if let Some(&(moved, _)) = s.hot.get(last) {
            s.state[moved as usize] = State::Hot(last as u32);
        }
        s.state[f] = State::Hot(at as u32);
    }

    /// Pays `value` to the path's features (see the module doc for the formulas).
    fn leaf(&mut self, value: f64, z_cold: f64) {
        let s = &mut *self.scratch;
        let (a, d) = (s.hot.len(), s.cold.len());
        let k = a + d;
        if k == 0 {
            return;
        }
        if a == 0 {
            // Only cold features: each gets −v·Z·W(k, 0)·e_0 = −v·Z/k.
            let share = -value * z_cold / k as f64;
            for &f in &s.cold {
                self.phi[f as usize] += share;
            }
            return;
        }
        // e_m(A), m = 0..a.
        s.e[0] = 1.0;
        for (n, &(_, z)) in s.hot.iter().enumerate() {
            s.e[n + 1] = z * s.e[n];
            for m in (1..=n).rev() {
                s.e[m] += z * s.e[m - 1];
            }
        }
        // W(k, s) = s!(k − s − 1)!/k! for s = 0..min(a, k − 1): W(k, 0) = 1/k,
        // W(k, s + 1) = W(k, s)·(s + 1)/(k − s − 1).
        s.w[0] = 1.0 / k as f64;
        for m in 0..a.min(k - 1) {
            s.w[m + 1] = s.w[m] * (m + 1) as f64 / (k - m - 1) as f64;
        }
        if d > 0 {
            let sum: f64 = (0..=a).map(|m| s.w[m] * s.e[a - m]).sum();
            let share = -value * z_cold * sum;
            for &f in &s.cold {
                self.phi[f as usize] += share;
            }
        }
        for &(f, z) in &s.hot {
            // e_m(A ∖ {f}) by deflation: e_m(A) = e_m(A∖f) + z·e_{m−1}(A∖f).
            s.e_without[0] = 1.0;
            for m in 1..a {
                s.e_without[m] = s.e[m] - z * s.e_without[m - 1];
            }
            let sum: f64 = (0..a).map(|m| s.w[m] * s.e_without[a - 1 - m]).sum();
            self.phi[f as usize] += value * (1.0 - z) * z_cold * sum;
        }
    }
}

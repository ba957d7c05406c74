//! The path of Algorithm 2 of Lundberg, Erion & Lee (2018, "Consistent individualized feature
//! attribution for tree ensembles"): the distinct features split on between the root and the
//! current node, each with
//! - its *zero fraction*: the share of training cover that passes through its splits on the way
//!   (the product of child/parent cover ratios), i.e. the path's weight when the feature is
//!   unknown;
//! - its *one fraction*: 1 when the row follows every one of its splits, else 0 (the path's
//!   weight when the feature is known);
//! - a permutation weight, which turns these into Shapley weights at the leaves.
//!
//! The functions are the paper's EXTEND and UNWIND and the sum of the weights UNWIND would
//! leave, with 0-based indices: element 0 is the root's placeholder (no feature, both fractions
//! 1) and `depth` is the index of the last element (a path of `depth + 1` elements).
//!
//! Invariant: zero fractions are positive (the explainer refuses trees with a node of no cover),
//! so no division below is by zero. One fractions are exactly 0 or 1 here. Divisions by small
//! integers are multiplications by a table of reciprocals: a division waits ~15 cycles on its
//! input and the sums below chain them, so this is what makes a leaf cheap.

use super::validate::MAX_DEPTH;

/// Marks the root's placeholder element.
pub(super) const NO_FEATURE: u32 = u32::MAX;

/// Paths have at most `MAX_DEPTH + 2` elements, so `1/k` is needed up to `k = MAX_DEPTH + 2`.
const RECIPROCALS: usize = MAX_DEPTH + 3;

/// `RECIP[k] = 1/k` (and 0 for k = 0, never used).
static RECIP: [f64; RECIPROCALS] = reciprocals();

const fn reciprocals() -> [f64; RECIPROCALS] {
    let mut t = [0.0; RECIPROCALS];
    let mut k = 1;
    while k < RECIPROCALS {
        t[k] = 1.0 / k as f64;
        k += 1;
    }
    t
}

/// One feature on the path.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(super) struct Elem {
    pub feature: u32,
    /// Share of cover reaching the node through this feature's splits.
    pub zero: f64,
    /// 1 when the row follows all of this feature's splits, 0 when it leaves one of them.
    pub one: f64,
    /// Permutation weight.
    pub weight: f64,
}

/// EXTEND: appends `feature` with fractions `zero` and `one` at index `depth` (the path holds
/// `depth` elements before the call) and updates the permutation weights.
#[inline]
pub(super) fn extend(path: &mut [Elem], depth: usize, zero: f64, one: f64, feature: u32) {
    path[depth] = Elem { feature, zero, one, weight: if depth == 0 { 1.0 } else { 0.0 } };
    let (one, zero) = (one * RECIP[depth + 1], zero * RECIP[depth + 1]);
    for i in (0..depth).rev() {
        let w = path[i].weight;
        path[i + 1].weight += one * w * (i + 1) as f64;
        path[i].weight = zero * w * (depth - i) as f64;
    }
}

/// UNWIND: removes element `index` of a path whose last index is `depth`, undoing its EXTEND.
#[inline]
pub(super) fn unwind(path: &mut [Elem], depth: usize, index: usize) {
    let Elem { zero, one, .. } = path[index];
    let n = (depth + 1) as f64;
    if one != 0.0 {
        // one = 1: w'_i = next·n/(i + 1); next ← w_i − w'_i·zero·(depth − i)/n.
        let zero = zero * RECIP[depth + 1];
        let mut next = path[depth].weight;
        for i in (0..depth).rev() {
            let w = path[i].weight;
            path[i].weight = next * n * RECIP[i + 1];
            next = w - path[i].weight * zero * (depth - i) as f64;
        }
    } else {
        let scale = n / zero;
        for i in (0..depth).rev() {
            path[i].weight *= scale * RECIP[depth - i];
        }
    }
    for i in index..depth {
        path[i].feature = path[i + 1].feature;
        path[i].zero = path[i + 1].zero;
        path[i].one = path[i + 1].one;
    }
}

/// The sum of the weights UNWIND(`index`) would leave, without changing the path. A leaf adds
/// `unwound_sum · (one − zero) · value` to the feature of element `index`.
#[inline]
pub(super) fn unwound_sum(path: &[Elem], depth: usize, index: usize) -> f64 {
    let Elem { zero, one, .. } = path[index];
    let mut total = 0.0;
    if one != 0.0 {
        // one = 1.
        let mut next = path[depth].weight;
        for i in (0..depth).rev() {
            let t = next * RECIP[i + 1];
            total += t;
            next = path[i].weight - t * zero * (depth - i) as f64;
        }
    } else {
        for i in (0..depth).rev() {
            total += path[i].weight * RECIP[depth - i];
        }
        total /= zero;
    }
    total * (depth + 1) as f64
}

/// `unwound_sum · (one − zero)` for any element the row left (one fraction 0): the zero
/// fraction cancels, so every such feature of a leaf gets the same share, computed once.
#[inline]
pub(super) fn left_share(path: &[Elem], depth: usize) -> f64 {
    let total: f64 = (0..depth).map(|i| path[i].weight * RECIP[depth - i]).sum();
    -total * (depth + 1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path_of(steps: &[(f64, f64, u32)]) -> Vec<Elem> {
        let mut p = vec![Elem::default(); steps.len() + 1];
        extend(&mut p, 0, 1.0, 1.0, NO_FEATURE);
        for (d, &(z, o, f)) in steps.iter().enumerate() {
            extend(&mut p, d + 1, z, o, f);
        }
        p
    }

    #[test]
    fn one_feature_gets_the_whole_difference() {
        // A single split: the row follows a branch holding 30% of the cover. Then the leaf's
        // Shapley weight for that feature is 1 (it is the only player) and its share of
        // (one − zero) is 1 − 0.3 = 0.7.
        let p = path_of(&[(0.3, 1.0, 4)]);
        assert!((unwound_sum(&p, 1, 1) - 1.0).abs() < 1e-15);
        // Left branch (one = 0): the share is −zero = −0.3 for its feature.
        let p = path_of(&[(0.3, 0.0, 4)]);
        assert!((unwound_sum(&p, 1, 1) * (0.0 - 0.3) - -0.3).abs() < 1e-15);
        assert!((left_share(&p, 1) - -0.3).abs() < 1e-15);
    }

    #[test]
    fn two_features_split_the_difference_like_shapley() {
        // Leaf reached by following feature a (zero 0.5) and leaving feature b (zero 0.4).
        // The leaf's game: v(S) = Π_{j∈S} one_j · Π_{j∉S} zero_j, so
        // v(∅) = 0.5·0.4 = 0.2, v({a}) = 1·0.4 = 0.4, v({b}) = 0.5·0 = 0, v({a,b}) = 0.
        // φ_a = ½[v(a) − v(∅)] + ½[v(ab) − v(b)] = ½·0.2 + ½·0 = 0.1
        // φ_b = ½[v(b) − v(∅)] + ½[v(ab) − v(a)] = ½·(−0.2) + ½·(−0.4) = −0.3
        let p = path_of(&[(0.5, 1.0, 0), (0.4, 0.0, 1)]);
        let phi_a = unwound_sum(&p, 2, 1) * (1.0 - 0.5);
        let phi_b = unwound_sum(&p, 2, 2) * (0.0 - 0.4);
        assert!((phi_a - 0.1).abs() < 1e-15, "{phi_a}");
        assert!((phi_b - -0.3).abs() < 1e-15, "{phi_b}");
        assert!((left_share(&p, 2) - phi_b).abs() < 1e-15);
        // Efficiency: φ_a + φ_b = v({a,b}) − v(∅) = 0 − 0.2.
        assert!((phi_a + phi_b - -0.2).abs() < 1e-15);
    }

    #[test]
    fn unwind_undoes_extend() {
        let before = path_of(&[(0.5, 1.0, 0), (0.25, 0.0, 2)]);
        let mut p = path_of(&[(0.5, 1.0, 0), (0.8, 1.0, 1), (0.25, 0.0, 2)]);
        // The sum unwind would leave equals the sum it leaves.
        let predicted = unwound_sum(&p, 3, 2);
        unwind(&mut p, 3, 2);
        let left: f64 = p[..3].iter().map(|e| e.weight).sum();
        assert!((predicted - left).abs() < 1e-15, "{predicted} vs {left}");
        for (a, b) in p[..3].iter().zip(&before) {
            assert_eq!((a.feature, a.zero, a.one), (b.feature, b.zero, b.one));
            assert!((a.weight - b.weight).abs() < 1e-15, "{a:?} vs {b:?}");
        }
        // Removing a feature the row left (one fraction 0) is undone as well.
        let mut q = path_of(&[(0.5, 1.0, 0), (0.25, 0.0, 2), (0.8, 1.0, 1)]);
        let target = path_of(&[(0.5, 1.0, 0), (0.8, 1.0, 1)]);
        unwind(&mut q, 3, 2);
        for (a, b) in q[..3].iter().zip(&target) {
            assert_eq!(a.feature, b.feature);
            assert!((a.weight - b.weight).abs() < 1e-15, "{a:?} vs {b:?}");
        }
    }
}

//! The forest as the attributes of one ai.onnx.ml `TreeEnsemble` node (opset 5): every tree's
//! split nodes in the shared `nodes_*` lists, its leaves in the `leaf_*` lists, aggregated by
//! AVERAGE into the one target, P(positive).
//!
//! Routing is `forest::Tree::leaf_of`'s, with micronum's left child as the "true" branch:
//! a number split is `BRANCH_LEQ` (`x <= threshold`, the threshold as the same double, ±∞
//! included, so a split "every present value left, missing right" needs no special case); a
//! label split is `BRANCH_MEMBER` over label codes; a missing value (NaN) follows
//! `nodes_missing_value_tracks_true` = `missing_left`. Label codes are 1-based
//! ([`label_code`]): the reference evaluator of the `onnx` package ends a member list at a
//! 0.0 as if it were its NaN delimiter. A label unseen in training has the code after the last
//! training label, and each member list says where it goes exactly as `leaf_of` decides (with
//! `missing_left` for a fitted forest). A tree that is a single leaf becomes one split whose
//! two branches are two leaves of the same value (the reference evaluator misreads a split
//! whose branches are the same leaf). Trees are walked from their root with an explicit stack:
//! no recursion on data from a file, and nodes no root reaches are left out.

use crate::engine::forest::{FeatureSpec, Tree};

/// `nodes_modes` values.
const BRANCH_LEQ: u8 = 0;
const BRANCH_MEMBER: u8 = 6;

/// The code of the training label at `position` (0-based) as the graph feeds it to the trees;
/// `label_code(levels.len())` is the code of every unseen label.
pub fn label_code(position: usize) -> f64 {
    (position + 1) as f64
}

/// The `TreeEnsemble` attributes, in the operator's terms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Ensemble {
    pub tree_roots: Vec<i64>,
    pub featureids: Vec<i64>,
    pub modes: Vec<u8>,
    pub splits: Vec<f64>,
    pub truenodeids: Vec<i64>,
    pub trueleafs: Vec<i64>,
    pub falsenodeids: Vec<i64>,
    pub falseleafs: Vec<i64>,
    pub missing_tracks_true: Vec<i64>,
    /// The member lists of the `BRANCH_MEMBER` nodes in node order, each ended by a NaN.
    pub membership: Vec<f64>,
    pub leaf_weights: Vec<f64>,
}

/// Where a micronum node went: a split's index in `nodes_*` or a leaf's in `leaf_*`.
#[derive(Debug, Clone, Copy)]
enum Slot {
    Node(i64),
    Leaf(i64),
}

impl Ensemble {
    /// The ensemble of `trees` over `features` (forest order).
    pub fn new(trees: &[Tree], features: &[FeatureSpec]) -> Ensemble {
        let mut e = Ensemble::default();
        for tree in trees {
            e.add_tree(tree, features);
        }
        e
    }

    /// Number of split nodes.
    pub fn n_nodes(&self) -> usize {
        self.modes.len()
    }

    /// Appends one tree. Not inlined: one call per tree (see `forest::grow_tree`).
    #[inline(never)]
    fn add_tree(&mut self, tree: &Tree, features: &[FeatureSpec]) {
        self.tree_roots.push(self.n_nodes() as i64);
        if tree.is_leaf(0) {
            let leaf = self.leaf_weights.len() as i64;
            self.leaf_weights.extend([tree.value(0); 2]);
            self.push_node(0, BRANCH_LEQ, 0.0, false, Slot::Leaf(leaf), Slot::Leaf(leaf + 1));
            return;
        }
        // Reachable nodes in depth-first order; splits numbered in that order, leaves likewise.
        let mut order = Vec::new();
        let mut slot = vec![None; tree.len()];
        let mut stack = vec![0usize];
        let (mut nodes, mut leaves) = (self.n_nodes() as i64, self.leaf_weights.len() as i64);
        while let Some(i) = stack.pop() {
            if tree.is_leaf(i) {
                slot[i] = Some(Slot::Leaf(leaves));
                leaves += 1;
                self.leaf_weights.push(tree.value(i));
            } else {
                slot[i] = Some(Slot::Node(nodes));
                nodes += 1;
                order.push(i);
                let (l, r) = tree.children(i).unwrap_or((i, i));
                stack.push(r);
                stack.push(l);
            }
        }
        for i in order {
            let (l, r) = tree.children(i).unwrap_or((i, i));
            // Children are numbered when their parent is (the walk pushes both).
            let (Some(left), Some(right)) = (slot[l], slot[r]) else { continue };
            let f = tree.feature(i);
            let (mode, split) = match features.get(f).and_then(|s| s.levels.as_ref()) {
                None => (BRANCH_LEQ, tree.threshold(i)),
                Some(levels) => self.members(tree, i, levels.len()),
            };
            self.push_node(f as i64, mode, split, tree.missing_left(i), left, right);
        }
    }

    /// The mode and split of label split `i` of `tree` over `n_labels` training labels; a
    /// member list goes into `membership`.
    fn members(&mut self, tree: &Tree, i: usize, n_labels: usize) -> (u8, f64) {
        let set = tree.left_set(i);
        // `Tree::leaf_of` for code `c` (`n_labels` is the unseen code): listed → left; known to
        // the split (below its threshold, the number of labels it was fitted with) → right;
        // otherwise as a missing value.
        let goes_left = |c: usize| {
            if set.binary_search(&(c as u32)).is_ok() {
                true
            } else if (c as f64) < tree.threshold(i) {
                false
            } else {
                tree.missing_left(i)
            }
        };
        let left: Vec<f64> = (0..=n_labels).filter(|&c| goes_left(c)).map(label_code).collect();
        if left.is_empty() {
            // No label goes left: every code (≥ 1) fails `x <= 0`; NaN follows missing_left.
            return (BRANCH_LEQ, 0.0);
        }
        self.membership.extend(left);
        self.membership.push(f64::NAN);
        (BRANCH_MEMBER, 0.0)
    }

    fn push_node(&mut self, f: i64, mode: u8, split: f64, missing: bool, t: Slot, e: Slot) {
        self.featureids.push(f);
        self.modes.push(mode);
        self.splits.push(split);
        for (slot, ids, leafs) in [
            (t, &mut self.truenodeids, &mut self.trueleafs),
            (e, &mut self.falsenodeids, &mut self.falseleafs),
        ] {
            let (id, is_leaf) = match slot {
                Slot::Node(n) => (n, 0),
                Slot::Leaf(l) => (l, 1),
            };
            ids.push(id);
            leafs.push(is_leaf);
        }
        self.missing_tracks_true.push(missing as i64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forest::{FlatTree, SetList, LEAF};

    /// One node: (feature, threshold, left set, missing_left, left, right, value).
    type Row = (u32, f64, Vec<u32>, bool, u32, u32, f64);

    /// A tree from node rows.
    fn tree(nodes: &[Row]) -> Tree {
        let mut t =
            FlatTree { left_set: SetList::with_capacity(nodes.len()), ..Default::default() };
        for (f, th, set, ml, l, r, v) in nodes.iter().cloned() {
            t.feature.push(f);
            t.threshold.push(th);
            t.left_set.push(set);
            t.missing_left.push(ml);
            t.left.push(l);
            t.right.push(r);
            t.value.push(v);
            t.weight.push(1.0);
        }
        t.into_tree(&features()).expect("a valid tree")
    }

    fn features() -> Vec<FeatureSpec> {
        vec![
            FeatureSpec { name: "age".into(), levels: None },
            FeatureSpec {
                name: "region".into(),
                levels: Some(vec!["N".into(), "S".into(), "E".into()]),
            },
        ]
    }

    #[test]
    fn number_and_label_splits() {
        // 0: age <= 40 (missing right) → 1 | 2; 1: region in {S} (missing left) → 3 | 4;
        // leaves 2, 3, 4 with values 0.9, 0.1, 0.5.
        let t = tree(&[
            (0, 40.0, vec![], false, 1, 2, 0.4),
            (1, 3.0, vec![1], true, 3, 4, 0.3),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.9),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.1),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.5),
        ]);
        let e = Ensemble::new(&[t], &features());
        // Depth-first, left first: split 0 → nodes_* 0, split 1 → 1; leaves 3, 4, 2 → leaf_* 0,
        // 1, 2 (node 1's subtree is walked before node 2).
        assert_eq!(e.tree_roots, [0]);
        assert_eq!(e.featureids, [0, 1]);
        assert_eq!(e.modes, [BRANCH_LEQ, BRANCH_MEMBER]);
        assert_eq!(e.splits, [40.0, 0.0]);
        assert_eq!((e.truenodeids, e.trueleafs), (vec![1, 0], vec![0, 1]));
        assert_eq!((e.falsenodeids, e.falseleafs), (vec![2, 1], vec![1, 1]));
        assert_eq!(e.missing_tracks_true, [0, 1]);
        assert_eq!(e.leaf_weights, [0.1, 0.5, 0.9]);
        // Label "S" (position 1) has code 2; "N" and "E" go right; an unseen label (code 4 =
        // 3 labels + 1: position 3 is not below the threshold 3) follows missing_left = left.
        assert_eq!(e.membership.len(), 3);
        assert_eq!(e.membership[..2], [2.0, 4.0]);
        assert!(e.membership[2].is_nan());
    }

    #[test]
    fn unseen_labels_go_right_with_missing_right() {
        // region in {N, E}, missing right: codes 1 and 3 listed, unseen (4) not.
        let t = tree(&[
            (1, 3.0, vec![0, 2], false, 1, 2, 0.5),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.2),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.8),
        ]);
        let e = Ensemble::new(&[t], &features());
        assert_eq!(e.membership[..2], [1.0, 3.0]);
        assert_eq!(e.membership.len(), 3);
    }

    #[test]
    fn infinite_threshold_is_kept() {
        // "Every present age left, missing right" (+∞): x <= +∞ holds for every number, NaN
        // takes the false branch.
        let t = tree(&[
            (0, f64::INFINITY, vec![], false, 1, 2, 0.5),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.25),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.75),
        ]);
        let e = Ensemble::new(&[t], &features());
        assert_eq!(e.splits, [f64::INFINITY]);
        assert_eq!(e.missing_tracks_true, [0]);
    }

    #[test]
    fn second_tree_ids_continue_and_a_lone_leaf_gets_two() {
        let split = tree(&[
            (0, 1.5, vec![], true, 1, 2, 0.5),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.0),
            (0, 0.0, vec![], false, LEAF, LEAF, 1.0),
        ]);
        let lone = tree(&[(0, 0.0, vec![], false, LEAF, LEAF, 0.625)]);
        let e = Ensemble::new(&[split, lone.clone(), lone], &features());
        // Tree 0: split 0, leaves 0, 1. Tree 1: split 1 → leaves 2 | 3. Tree 2: split 2 → 4 | 5.
        assert_eq!(e.tree_roots, [0, 1, 2]);
        assert_eq!(e.truenodeids, [0, 2, 4]);
        assert_eq!(e.falsenodeids, [1, 3, 5]);
        assert_eq!(e.trueleafs, [1, 1, 1]);
        assert_eq!(e.leaf_weights, [0.0, 1.0, 0.625, 0.625, 0.625, 0.625]);
        assert!(e.membership.is_empty());
    }

    #[test]
    fn a_label_split_sending_nothing_left_is_leq_zero() {
        // Empty set, threshold 3, missing right: no training label goes left, and neither does
        // an unseen one (it follows missing_left), so nothing is listed.
        let t = tree(&[
            (1, 3.0, vec![], false, 1, 2, 0.5),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.2),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.8),
        ]);
        let e = Ensemble::new(&[t], &features());
        assert_eq!((e.modes[0], e.splits[0]), (BRANCH_LEQ, 0.0));
        assert!(e.membership.is_empty());
    }

    #[test]
    fn unreachable_nodes_are_left_out() {
        // Node 3 is a leaf no split points at.
        let t = tree(&[
            (0, 1.0, vec![], false, 1, 2, 0.5),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.2),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.8),
            (0, 0.0, vec![], false, LEAF, LEAF, 0.9),
        ]);
        let e = Ensemble::new(&[t], &features());
        assert_eq!(e.leaf_weights, [0.2, 0.8]);
    }
}

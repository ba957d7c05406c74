//! Building a [`Tree`] node by node, as the grower and the file readers do: a node is pushed
//! with its class counts, and a split is set on it once its two children were pushed (the left
//! one first, so the right one is the next node).

use std::sync::Arc;

use super::{CategorySplit, Node, NodeStats, Thresholds, Tree, CATEGORICAL, MISSING_LEFT};

/// A tree under construction.
#[derive(Debug, Clone)]
pub struct TreeBuilder {
    pub(super) tree: Tree,
}

impl TreeBuilder {
    /// An empty tree whose numeric splits refer to `cuts` and whose values and weights come
    /// from node counts weighted by `class_weight`.
    pub fn new(cuts: Arc<Thresholds>, class_weight: [f64; 2]) -> TreeBuilder {
        TreeBuilder::with_stats(cuts, NodeStats::Counts(class_weight))
    }

    pub(super) fn with_stats(cuts: Arc<Thresholds>, stats: NodeStats) -> TreeBuilder {
        TreeBuilder {
            tree: Tree { nodes: Vec::new(), cats: Vec::new(), codes: Vec::new(), cuts, stats },
        }
    }

    /// Empties the builder for a tree like [`TreeBuilder::new`]'s, keeping its capacity.
    pub fn restart(&mut self, cuts: Arc<Thresholds>, class_weight: [f64; 2]) {
        self.tree.nodes.clear();
        self.tree.cats.clear();
        self.tree.codes.clear();
        self.tree.cuts = cuts;
        self.tree.stats = NodeStats::Counts(class_weight);
    }

    /// Number of nodes so far.
    pub fn len(&self) -> usize {
        self.tree.nodes.len()
    }

    /// True before the first node.
    pub fn is_empty(&self) -> bool {
        self.tree.nodes.is_empty()
    }

    /// Appends a leaf with class counts `counts`; returns its index.
    #[inline]
    pub fn push(&mut self, counts: [u32; 2]) -> usize {
        self.tree.nodes.push(Node { kids: 0, split: 0, counts });
        self.tree.nodes.len() - 1
    }

    /// Makes `node` a numeric split on `feature` at threshold `cut` (an index into the
    /// feature's thresholds; their count means +∞), children `left` and `left + 1`.
    #[inline]
    pub fn split_numeric(
        &mut self,
        node: usize,
        feature: usize,
        cut: usize,
        missing_left: bool,
        left: usize,
    ) {
        let n = &mut self.tree.nodes[node];
        n.kids = kids(left, missing_left);
        n.split = feature as u32 & 0xFFFF | (cut as u32 & 0x7FFF) << 16;
    }

    /// Makes `node` a categorical split on `feature` sending the labels `codes` (ascending)
    /// left, fitted with `known` training labels; children `left` and `left + 1`.
    pub fn split_categorical(
        &mut self,
        node: usize,
        feature: usize,
        known: f64,
        codes: &[u32],
        missing_left: bool,
        left: usize,
    ) {
        let t = &mut self.tree;
        let start = t.codes.len() as u32;
        t.codes.extend_from_slice(codes);
        t.cats.push(CategorySplit {
            feature: feature as u32,
            known,
            start,
            end: t.codes.len() as u32,
        });
        let n = &mut t.nodes[node];
        n.kids = kids(left, missing_left);
        n.split = CATEGORICAL | (t.cats.len() - 1) as u32;
    }

    /// The tree so far, holding no spare capacity.
    pub fn to_tree(&self) -> Tree {
        self.tree.clone()
    }

    /// The finished tree, holding no spare capacity (a forest holds it for its whole life).
    pub fn finish(mut self) -> Tree {
        self.tree.nodes.shrink_to_fit();
        self.tree.cats.shrink_to_fit();
        self.tree.codes.shrink_to_fit();
        self.tree
    }
}

/// The children word of a split whose left child is `left`.
#[inline]
fn kids(left: usize, missing_left: bool) -> u32 {
    left as u32 & !MISSING_LEFT | if missing_left { MISSING_LEFT } else { 0 }
}

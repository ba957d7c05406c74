//! One tree, a block of up to 64 rows walked together.
//!
//! The walk visits every node once for the whole block. It keeps the path's distinct features
//! ("positions", in order of first split) with their zero fractions, shared by all rows, and per
//! row a bit mask of the positions the row has left (cold). At a split each row's mask gains the
//! split's position in the child it does not take; routing is the tree's own
//! ([`Tree::goes_left`]), so missing values and unseen labels go where prediction sends them. At
//! a leaf, rows with the same mask get the same shares ([`Polynomials::leaf_shares`]), computed
//! once per distinct mask (a small table keyed by mask) and added to each row in position order.
//!
//! A row stops walking a subtree that splits only on features it has already left: the subtree
//! then pays like one leaf holding its mean (see [`Block::finished`]). Features from index 63 on
//! are never counted for this (the subtrees' feature masks are a `u64`).
//!
//! Determinism: a row's sums are added leaf by leaf in node order whatever else is in its block,
//! so a row explained alone or among others gets the same bits.
//!
//! Memory: per level of depth one mask per row (64 × 8 bytes), the path, and the table; all
//! reused across trees and blocks. Paths may split on at most 64 distinct features (checked by
//! the explainer).

use super::tree_shap::{bits, Polynomials, Subtrees};
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::Tree;

/// Rows walked together (one bit each in a `u64`).
pub(super) const BLOCK: usize = 64;

/// Marks a feature not on the path.
const OFF_PATH: u32 = u32::MAX;

/// Slots of the table of distinct masks at a leaf (twice the rows, so probes stay short).
const SLOTS: usize = 2 * BLOCK;

/// A walk's buffers, reused across trees and blocks.
#[derive(Debug)]
pub(super) struct Scratch {
    /// Per path position: the feature and its zero fraction.
    feature: Vec<u32>,
    z: Vec<f64>,
    /// Per model feature: its path position, or `OFF_PATH`.
    position: Vec<u32>,
    /// Level-major: `masks[level * BLOCK + j]` is row j's cold mask at that depth (bits are
    /// path positions), and `left[…]` the same set as model features (bit f for f < 63).
    masks: Vec<u64>,
    left: Vec<u64>,
    /// Distinct masks at the current leaf: (mask, leaf number, offset into `shares`).
    table: Vec<(u64, u32, u32)>,
    leaf: u32,
    shares: Vec<f64>,
    poly: Polynomials,
}

impl Scratch {
    /// Buffers for a model of `features` features and trees up to `depth` levels deep.
    pub fn new(features: usize, depth: usize) -> Scratch {
        Scratch {
            position: vec![OFF_PATH; features],
            masks: vec![0; (depth + 2) * BLOCK],
            left: vec![0; (depth + 2) * BLOCK],
            table: vec![(0, 0, 0); SLOTS],
            feature: Vec::with_capacity(64),
            z: Vec::with_capacity(64),
            leaf: 0,
            shares: Vec::with_capacity(SLOTS * 64),
            poly: Polynomials::default(),
        }
    }
}

/// One tree's walk for a block of rows, adding the contributions into `phi` (row-major, one
/// row of `features` values per row of the block).
pub(super) struct Block<'a> {
    pub tree: &'a Tree,
    pub cols: &'a [&'a FeatureValues],
    pub rows: &'a [usize],
    pub subtrees: &'a Subtrees,
    pub scratch: &'a mut Scratch,
    pub phi: &'a mut [f64],
}

impl Block<'_> {
    /// Walks the whole tree (one call per tree and block: in the browser a function runs as
    /// it was compiled when called, so the walk must not be inlined into a long loop).
    #[inline(never)]
    pub fn run(&mut self) {
        debug_assert!(self.rows.len() <= BLOCK);
        self.scratch.masks[..BLOCK].fill(0);
        self.scratch.left[..BLOCK].fill(0);
        let all = if self.rows.len() == BLOCK { u64::MAX } else { (1u64 << self.rows.len()) - 1 };
        self.node(0, 0, all);
    }

    /// Enters node `i` at depth `level` with the rows set in `active` (their masks are at that
    /// level).
    fn node(&mut self, i: usize, level: usize, mut active: u64) {
        let t = self.tree;
        if t.is_leaf(i) {
            return self.leaf(t.value(i), level, active);
        }
        let done = self.finished(i, level, active);
        if done != 0 {
            self.leaf(self.subtrees.means[i], level, done);
            active &= !done;
            if active == 0 {
                return;
            }
        }
        let f = t.feature(i);
        let mut left = 0u64;
        for j in bits(active) {
            left |= (t.goes_left(i, self.cols, self.rows[j]) as u64) << j;
        }
        let s = &mut *self.scratch;
        let new = s.position[f] == OFF_PATH;
        if new {
            s.position[f] = s.feature.len() as u32;
            s.feature.push(f as u32);
            s.z.push(1.0);
        }
        let p = s.position[f] as usize;
        let z = s.z[p];
        let [to_left, to_right] = self.subtrees.shares[i];
        let bit = if f < 63 { 1u64 << f } else { 0 };
        self.child(t.left(i), (level, p, bit), z * to_left, !left, active);
        self.child(t.right(i), (level, p, bit), z * to_right, left, active);
        let s = &mut *self.scratch;
        s.z[p] = z;
        if new {
            s.feature.pop();
            s.z.pop();
            s.position[f] = OFF_PATH;
        }
    }

    /// The active rows for which subtree `i` no longer depends on the row: every feature split
    /// in it is on the path and left by the row. For them the subtree's leaves form the game of
    /// one leaf holding its cover-weighted mean (summing v·Π_{j∈S} o_j·Π_{j∉S} z_j over its
    /// leaves, any S holding a left feature gives 0 and the others give the mean times the
    /// path's fractions), so their walk stops here.
    fn finished(&self, i: usize, level: usize, active: u64) -> u64 {
        // Features from 63 on set bit 63, which no row's set of left features holds.
        let below = self.subtrees.features[i];
        let left = &self.scratch.left[level * BLOCK..(level + 1) * BLOCK];
        let mut done = 0u64;
        for j in bits(active) {
            done |= ((below & !left[j] == 0) as u64) << j;
        }
        done
    }

    /// Enters child `c` of a split at `level` on path position `p` (feature bit `bit`, 0 from
    /// feature 63 on), whose zero fraction becomes `z`; the rows set in `away` do not take this
    /// child, so they leave the feature.
    fn child(
        &mut self,
        c: usize,
        (level, p, bit): (usize, usize, u64),
        z: f64,
        away: u64,
        active: u64,
    ) {
        let s = &mut *self.scratch;
        s.z[p] = z;
        let (here, next) = s.masks[level * BLOCK..(level + 2) * BLOCK].split_at_mut(BLOCK);
        let (left_here, left_next) = s.left[level * BLOCK..(level + 2) * BLOCK].split_at_mut(BLOCK);
        for j in bits(active) {
            let gone = away >> j & 1;
            next[j] = here[j] | (gone << p);
            left_next[j] = left_here[j] | (bit * gone);
        }
        self.node(c, level + 1, active);
    }

    /// Pays leaf value `value` to the path's features for the rows set in `rows`.
    fn leaf(&mut self, value: f64, level: usize, rows: u64) {
        let s = &mut *self.scratch;
        let k = s.feature.len();
        if k == 0 {
            return;
        }
        let m = self.phi.len() / self.rows.len().max(1);
        s.shares.clear();
        if rows & rows.wrapping_sub(1) == 0 {
            // One row (the what-if form's case): no table.
            let j = rows.trailing_zeros() as usize;
            s.shares.resize(k, 0.0);
            s.poly.leaf_shares(value, &s.z, s.masks[level * BLOCK + j], &mut s.shares);
            let row = &mut self.phi[j * m..(j + 1) * m];
            for (&f, &share) in s.feature.iter().zip(&s.shares) {
                row[f as usize] += share;
            }
            return;
        }
        s.leaf = s.leaf.wrapping_add(1);
        if s.leaf == 0 {
            s.table.fill((0, 0, 0));
            s.leaf = 1;
        }
        for j in bits(rows) {
            let mask = s.masks[level * BLOCK + j];
            let at = shares_of(s, mask, value, k);
            let row = &mut self.phi[j * m..(j + 1) * m];
            for (&f, &share) in s.feature.iter().zip(&s.shares[at..at + k]) {
                row[f as usize] += share;
            }
        }
    }
}

/// Offset in `s.shares` of the `k` shares of a leaf of `value` for rows with cold `mask`,
/// computed on the first row with that mask.
#[inline]
fn shares_of(s: &mut Scratch, mask: u64, value: f64, k: usize) -> usize {
    let mut slot = (mask.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 57) as usize % SLOTS;
    loop {
        let (key, leaf, at) = s.table[slot];
        if leaf != s.leaf {
            let at = s.shares.len();
            s.shares.resize(at + k, 0.0);
            s.poly.leaf_shares(value, &s.z, mask, &mut s.shares[at..at + k]);
            s.table[slot] = (mask, s.leaf, at as u32);
            return at;
        }
        if key == mask {
            return at as usize;
        }
        slot = (slot + 1) % SLOTS;
    }
}

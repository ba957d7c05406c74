//! A tree as packed byte sections (model files of version 2 hold them in base64; workers send
//! them as they are). Nodes are listed depth first, left child first — the order the grower
//! creates them in, so reading gives back the same node numbers:
//!
//! - `shape`: one bit per node, 1 for a split;
//! - `missing_left`: one bit per split;
//! - `feature`: per split, its feature (1 byte when the forest has at most 256 features, else
//!   2, little-endian);
//! - `cut`: per numeric split, the index of its threshold in the forest's table (1 byte when
//!   every feature's table has at most 255 thresholds, else 2; the table's length is +∞);
//! - `categories`: per categorical split, its number of training labels (`f64`,
//!   little-endian), how many codes go left and those codes, ascending, each as the difference
//!   from the previous one (LEB128 varints);
//! - counts, as LEB128 varints (class 0, then class 1): `leaf_counts` holds them per leaf
//!   when every split's counts are the sum of its children's (every grown tree), and a split's
//!   counts are added up when read; otherwise `node_counts` holds them per node;
//! - or, for a tree read from a version-1 file, `value` and `weight` per node (`f64`,
//!   little-endian), with no counts.
//!
//! Bits are least significant first. A 1,000,000-row forest (leaf 20, 3.4 million nodes) takes
//! about 2.5 bytes a node.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::build::TreeBuilder;
use super::bytes::{put_uint, put_varint, BitReader, BitWriter, ByteReader};
use super::{NodeStats, Thresholds, Tree, MAX_NODES};
use crate::engine::base64;

/// The sections of one tree (see the module documentation); in files, each section is base64
/// text and absent options are left out.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PackedTree {
    pub nodes: usize,
    /// Class weights of counts trees (None with `value` and `weight`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class_weight: Option<[f64; 2]>,
    #[serde(with = "base64::bytes")]
    pub shape: Vec<u8>,
    #[serde(with = "base64::bytes")]
    pub missing_left: Vec<u8>,
    #[serde(with = "base64::bytes")]
    pub feature: Vec<u8>,
    #[serde(with = "base64::bytes")]
    pub cut: Vec<u8>,
    #[serde(with = "base64::bytes")]
    pub categories: Vec<u8>,
    #[serde(default, with = "base64::optional", skip_serializing_if = "Option::is_none")]
    pub leaf_counts: Option<Vec<u8>>,
    #[serde(default, with = "base64::optional", skip_serializing_if = "Option::is_none")]
    pub node_counts: Option<Vec<u8>>,
    #[serde(default, with = "base64::optional", skip_serializing_if = "Option::is_none")]
    pub value: Option<Vec<u8>>,
    #[serde(default, with = "base64::optional", skip_serializing_if = "Option::is_none")]
    pub weight: Option<Vec<u8>>,
}

/// Why sections are not a tree.
pub type PackError = String;

/// Bytes per feature index and per threshold index for a forest with `cuts`.
fn widths(cuts: &Thresholds) -> (usize, usize) {
    let feature = if cuts.len() <= 256 { 1 } else { 2 };
    let cut = if cuts.lists().iter().all(|l| l.len() <= 255) { 1 } else { 2 };
    (feature, cut)
}

impl Tree {
    /// The packed sections of the tree, its thresholds as indices into `cuts` (a table holding
    /// every threshold the tree uses, e.g. its own).
    pub fn pack(&self, cuts: &Thresholds) -> PackedTree {
        let (fw, cw) = widths(cuts);
        let mut shape = BitWriter::default();
        let mut missing = BitWriter::default();
        let (mut feature, mut cut, mut categories) = (Vec::new(), Vec::new(), Vec::new());
        let leaf_only = self.counts(0).is_some() && self.counts_add_up();
        let mut counts = Vec::new();
        let (mut value, mut weight) = (Vec::new(), Vec::new());
        let mut stack = vec![0usize];
        while let Some(i) = stack.pop() {
            let split = self.children(i);
            shape.push(split.is_some());
            match self.counts(i) {
                Some([c0, c1]) if split.is_none() || !leaf_only => {
                    put_varint(&mut counts, c0);
                    put_varint(&mut counts, c1);
                }
                Some(_) => {}
                None => {
                    value.extend_from_slice(&self.value(i).to_le_bytes());
                    weight.extend_from_slice(&self.weight(i).to_le_bytes());
                }
            }
            let Some((l, r)) = split else { continue };
            missing.push(self.missing_left(i));
            let f = self.feature(i);
            put_uint(&mut feature, f as u32, fw);
            match self.cut(i) {
                Some(_) => put_uint(&mut cut, index_in(cuts, f, self.threshold(i)), cw),
                None => {
                    categories.extend_from_slice(&self.threshold(i).to_le_bytes());
                    let set = self.left_set(i);
                    put_varint(&mut categories, set.len() as u32);
                    let mut last = 0;
                    for &c in set {
                        put_varint(&mut categories, c - last);
                        last = c;
                    }
                }
            }
            stack.push(r);
            stack.push(l);
        }
        let explicit = self.counts(0).is_none();
        PackedTree {
            nodes: self.len(),
            class_weight: self.class_weight(),
            shape: shape.bytes,
            missing_left: missing.bytes,
            feature,
            cut,
            categories,
            leaf_counts: (!explicit && leaf_only).then(|| counts.clone()),
            node_counts: (!explicit && !leaf_only).then_some(counts),
            value: explicit.then_some(value),
            weight: explicit.then_some(weight),
        }
    }

    /// True when every split's class counts are the sum of its children's.
    fn counts_add_up(&self) -> bool {
        (0..self.len()).all(|i| match (self.children(i), self.counts(i)) {
            (Some((l, r)), Some([a, b])) => {
                let (x, y) = (self.nodes[l].counts, self.nodes[r].counts);
                u64::from(x[0]) + u64::from(y[0]) == u64::from(a)
                    && u64::from(x[1]) + u64::from(y[1]) == u64::from(b)
            }
            _ => true,
        })
    }
}

/// The index of threshold `x` of feature `f` in `cuts` (its length for +∞). Every threshold a
/// tree holds is in its own table, and the writer passes a table that includes them.
fn index_in(cuts: &Thresholds, f: usize, x: f64) -> u32 {
    let list = cuts.of(f);
    if x == f64::INFINITY {
        return list.len() as u32;
    }
    list.binary_search_by(|c| c.total_cmp(&x)).unwrap_or(list.len()) as u32
}

impl PackedTree {
    /// The tree these sections describe, for a forest whose features are `categorical` (true
    /// for a categorical feature) with thresholds `cuts`; every section is checked.
    pub fn unpack(&self, categorical: &[bool], cuts: &Arc<Thresholds>) -> Result<Tree, PackError> {
        if self.nodes == 0 || self.nodes > MAX_NODES {
            return Err(format!("{} nodes", self.nodes));
        }
        let (fw, cw) = widths(cuts);
        // Counts (per leaf or per node) with class weights, or values and weights.
        let (stats, counts, leaf_only) = match self {
            PackedTree { class_weight: Some(w), value: None, weight: None, .. }
                if w.iter().all(|x| x.is_finite() && *x > 0.0) =>
            {
                match (&self.leaf_counts, &self.node_counts) {
                    (Some(c), None) => (NodeStats::Counts(*w), c, true),
                    (None, Some(c)) => (NodeStats::Counts(*w), c, false),
                    _ => return Err("counts expected per leaf or per node".into()),
                }
            }
            PackedTree {
                class_weight: None,
                value: Some(v),
                weight: Some(w),
                leaf_counts: None,
                node_counts: None,
                ..
            } if v.len() == 8 * self.nodes && w.len() == 8 * self.nodes => {
                let explicit = NodeStats::Explicit {
                    value: vec![0.0; self.nodes],
                    weight: vec![0.0; self.nodes],
                };
                (explicit, &Vec::new(), false)
            }
            _ => return Err("class weights and counts, or values and weights, expected".into()),
        };
        let explicit = matches!(stats, NodeStats::Explicit { .. });
        let mut shape = BitReader::new(&self.shape, "shape");
        let mut missing = BitReader::new(&self.missing_left, "missing_left");
        let mut feature = ByteReader::new(&self.feature, "feature");
        let mut cut = ByteReader::new(&self.cut, "cut");
        let mut cats = ByteReader::new(&self.categories, "categories");
        let mut counts = ByteReader::new(counts, "counts");
        let empty: &[u8] = &[];
        let mut values = ByteReader::new(self.value.as_deref().unwrap_or(empty), "value");
        let mut weights = ByteReader::new(self.weight.as_deref().unwrap_or(empty), "weight");
        let mut b = TreeBuilder::with_stats(cuts.clone(), stats);
        let mut codes = SetRead::default();
        let mut stack = vec![b.push([0, 0])];
        while let Some(i) = stack.pop() {
            let split = shape.next()?;
            if explicit {
                let (v, w) = (values.f64()?, weights.f64()?);
                if let NodeStats::Explicit { value, weight } = &mut b.tree.stats {
                    (value[i], weight[i]) = (v, w);
                }
            } else if !split || !leaf_only {
                b.tree.nodes[i].counts = [counts.varint()?, counts.varint()?];
            }
            if !split {
                continue;
            }
            if b.len() + 2 > self.nodes {
                return Err(format!("more than {} nodes", self.nodes));
            }
            let ml = missing.next()?;
            let f = feature.uint(fw)? as usize;
            let cat = *categorical.get(f).ok_or_else(|| format!("feature {f} does not exist"))?;
            let left = b.push([0, 0]);
            b.push([0, 0]);
            if cat {
                read_set(&mut cats, &mut codes)?;
                b.split_categorical(i, f, codes.known, &codes.codes, ml, left);
            } else {
                let c = cut.uint(cw)? as usize;
                if c > cuts.of(f).len() {
                    return Err(format!("threshold {c} of feature {f} does not exist"));
                }
                b.split_numeric(i, f, c, ml, left);
            }
            stack.push(left + 1);
            stack.push(left);
        }
        let readers = [shape.done(), missing.done()];
        let others = [feature.done(), cut.done(), cats.done(), counts.done()];
        readers
            .into_iter()
            .chain(others)
            .chain([values.done(), weights.done()])
            .collect::<Result<(), _>>()?;
        if b.len() != self.nodes {
            return Err(format!("{} nodes listed, {} found", self.nodes, b.len()));
        }
        let mut tree = b.finish();
        if leaf_only {
            add_up_counts(&mut tree)?;
        }
        Ok(tree)
    }
}

/// A categorical split as read: the number of training labels and the codes going left.
#[derive(Default)]
struct SetRead {
    known: f64,
    codes: Vec<u32>,
}

/// Reads one categorical split of the `categories` section into `out`.
fn read_set(cats: &mut ByteReader, out: &mut SetRead) -> Result<(), PackError> {
    out.known = cats.f64()?;
    if !out.known.is_finite() {
        return Err(format!("label count {} is not a number", out.known));
    }
    let n = cats.varint()? as usize;
    out.codes.clear();
    let mut last = 0u32;
    for k in 0..n {
        let step = cats.varint()?;
        if k > 0 && step == 0 {
            return Err("category codes are not ascending".into());
        }
        last = last.checked_add(step).ok_or("category codes are not ascending")?;
        out.codes.push(last);
    }
    Ok(())
}

/// Sets every split's counts to the sum of its children's (children come after their parent,
/// so one backward pass sees children first).
fn add_up_counts(tree: &mut Tree) -> Result<(), PackError> {
    for i in (0..tree.len()).rev() {
        if let Some((l, r)) = tree.children(i) {
            let (x, y) = (tree.nodes[l].counts, tree.nodes[r].counts);
            let sum = |k: usize| x[k].checked_add(y[k]).ok_or("counts overflow");
            tree.nodes[i].counts = [sum(0)?, sum(1)?];
        }
    }
    Ok(())
}

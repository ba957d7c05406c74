//! Bytes of a [`FitPlan`] and of grown trees, for growing shares of a forest in other Web
//! Workers: a JSON header for the settings and little-endian arrays for the bulk (a plan of
//! 750,000 rows × 8 features is about 12 MB; the same as JSON numbers would be several times
//! that, and slow to parse).
//!
//! Plan: `MNPLAN1\n`, header length (u32), header JSON (params, bins, class weights, mtry,
//! seeds, rows, training rows), codes, classes, training rows (u32 each).
//! Share (an [`Assembly`] of some trees): `MNSHAR2\n`, the threshold table and which features
//! are categorical, tree count, then per tree its packed sections (see [`super::tree`]'s
//! `pack`) and importances; then the votes of its routed rows (a flag, the grid's bits, row
//! count, sums as u64, counts as u16).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use std::sync::Arc;

use super::bin::{check_bins, Binned, FeatureBins};
use super::params::ValidForestParams;
use super::plan::{Assembly, FitPlan, GrownTree};
use super::tree::{PackedTree, Thresholds};
use super::votes::{Routed, Scale, Votes};

const PLAN_MAGIC: &[u8; 8] = b"MNPLAN1\n";
const SHARE_MAGIC: &[u8; 8] = b"MNSHAR2\n";

/// Why bytes are not a plan or a list of trees.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum WireError {
    #[error("not a {0} (wrong header)")]
    Magic(&'static str),
    #[error("the bytes end early (reading {0})")]
    Truncated(&'static str),
    #[error("unreadable plan settings: {0}")]
    Header(String),
    #[error("inconsistent {0}")]
    Inconsistent(&'static str),
}

#[derive(Serialize, Deserialize)]
struct Header {
    params: ValidForestParams,
    bins: Vec<FeatureBins>,
    class_weight: [f64; 2],
    mtry: usize,
    seeds: Vec<u64>,
    n_rows: usize,
    n_data: usize,
    n_train: usize,
    n_scored: usize,
}

impl FitPlan {
    /// The plan as bytes (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = Header {
            params: self.params.clone(),
            bins: self.binned.bins.clone(),
            class_weight: self.class_weight,
            mtry: self.mtry,
            seeds: self.seeds.clone(),
            n_rows: self.binned.n_rows,
            n_data: self.y.len(),
            n_train: self.rows.len(),
            n_scored: self.scored.len(),
        };
        // Plain data (numbers, strings and enums) always serialises.
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::with_capacity(
            16 + json.len()
                + self.binned.codes.len()
                + self.y.len()
                + 4 * (self.rows.len() + self.scored.len()),
        );
        out.extend_from_slice(PLAN_MAGIC);
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(&json);
        out.extend_from_slice(&self.binned.codes);
        out.extend_from_slice(&self.y);
        self.rows.iter().for_each(|&r| out.extend_from_slice(&r.to_le_bytes()));
        self.scored.iter().for_each(|&r| out.extend_from_slice(&r.to_le_bytes()));
        out
    }

    /// A plan written by [`FitPlan::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<FitPlan, WireError> {
        let mut r = Reader { bytes, at: 0 };
        let header: Header = r.json_header(PLAN_MAGIC, "forest plan")?;
        let n = header.n_rows;
        let codes = r.take(n * header.bins.len(), "codes")?.to_vec();
        let y = r.take(header.n_data, "classes")?.to_vec();
        check_bins(&header.bins).map_err(WireError::Header)?;
        let rows = r.array(header.n_train, 4, "training rows", u32_le)?;
        let scored = r.array(header.n_scored, 4, "scored rows", u32_le)?;
        let inconsistent = header.n_data > n
            || rows.iter().any(|&row| row as usize >= header.n_data)
            || scored.iter().any(|&row| row as usize >= n)
            || y.iter().any(|&c| c > 1);
        if inconsistent {
            return Err(WireError::Inconsistent("rows or classes"));
        }
        if header.seeds.len() != header.params.n_estimators() || header.mtry == 0 {
            return Err(WireError::Inconsistent("tree count or features per split"));
        }
        Ok(FitPlan {
            params: header.params,
            binned: Binned { bins: header.bins, codes, n_rows: n },
            y,
            scored,
            rows,
            class_weight: header.class_weight,
            mtry: header.mtry,
            seeds: header.seeds,
        })
    }
}

impl Assembly {
    /// The trees and votes as bytes (see the module documentation).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Vec::new();
        w.extend_from_slice(SHARE_MAGIC);
        let cuts = self.trees.first().map(|g| g.tree.thresholds().clone()).unwrap_or_default();
        put_u32(&mut w, cuts.len());
        for list in cuts.lists() {
            put_u32(&mut w, list.len());
            list.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        }
        categorical_of(&self.trees, cuts.len()).iter().for_each(|&c| w.push(c as u8));
        put_u32(&mut w, self.trees.len());
        for g in &self.trees {
            put_tree(&mut w, &g.tree.pack(&cuts));
            put_u32(&mut w, g.importance.len());
            g.importance.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        }
        match &self.votes {
            None => w.push(0),
            Some(v) => {
                w.push(1);
                w.push(v.scale.bits() as u8);
                put_u32(&mut w, v.sum.len());
                v.sum.iter().for_each(|&x| w.extend_from_slice(&x.to_le_bytes()));
                v.count.iter().for_each(|&x| w.extend_from_slice(&x.to_le_bytes()));
            }
        }
        w
    }

    /// A share written by [`Assembly::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Assembly, WireError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8, "header")? != SHARE_MAGIC {
            return Err(WireError::Magic("share of trees"));
        }
        let n_features = r.u32("threshold table")? as usize;
        let mut lists = Vec::with_capacity(n_features.min(1 << 16));
        for _ in 0..n_features {
            let k = r.u32("thresholds")? as usize;
            lists.push(r.array(k, 8, "thresholds", f64_le)?);
        }
        let cuts =
            Arc::new(Thresholds::new(lists).map_err(|_| WireError::Inconsistent("thresholds"))?);
        let categorical = r.array(n_features, 1, "feature kinds", |b| b[0] == 1)?;
        let count = r.u32("tree count")? as usize;
        let mut trees = Vec::with_capacity(count.min(10_000));
        for _ in 0..count {
            let tree = read_tree(&mut r)?
                .unpack(&categorical, &cuts)
                .map_err(|_| WireError::Inconsistent("tree"))?;
            let k = r.u32("importances")? as usize;
            let importance = r.array(k, 8, "importances", f64_le)?;
            trees.push(GrownTree { tree, importance, routed: Routed::default() });
        }
        let votes = match r.take(1, "votes")?[0] {
            0 => None,
            _ => {
                let bits = r.take(1, "vote grid")?[0] as u32;
                let scale = Scale::from_bits(bits).ok_or(WireError::Inconsistent("vote grid"))?;
                let n = r.u32("vote rows")? as usize;
                let sum = r.array(n, 8, "vote sums", u64_le)?;
                let count = r.array(n, 2, "vote counts", |b| u16::from_le_bytes([b[0], b[1]]))?;
                Some(Votes { scale, sum, count })
            }
        };
        if r.at != bytes.len() {
            return Err(WireError::Inconsistent("length of the share of trees"));
        }
        Ok(Assembly { trees, votes })
    }
}

/// Which of `n` features the trees split on by label (features never split on that way read
/// as numeric, which decoding only uses for splits).
fn categorical_of(trees: &[GrownTree], n: usize) -> Vec<bool> {
    let mut out = vec![false; n];
    for t in trees.iter().map(|g| &g.tree) {
        for i in (0..t.len()).filter(|&i| !t.is_leaf(i) && t.is_categorical(i)) {
            if let Some(c) = out.get_mut(t.feature(i)) {
                *c = true;
            }
        }
    }
    out
}

/// The sections of a packed tree: node count, class weights (a flag, then two `f64`), then
/// each section as a presence byte, its length and its bytes.
fn put_tree(w: &mut Vec<u8>, p: &PackedTree) {
    put_u32(w, p.nodes);
    match p.class_weight {
        Some(cw) => {
            w.push(1);
            cw.iter().for_each(|x| w.extend_from_slice(&x.to_le_bytes()));
        }
        None => w.push(0),
    }
    let required = [&p.shape, &p.missing_left, &p.feature, &p.cut, &p.categories];
    let optional = [&p.leaf_counts, &p.node_counts, &p.value, &p.weight];
    for section in required.into_iter().map(Some).chain(optional.into_iter().map(Option::as_ref)) {
        match section {
            Some(bytes) => {
                w.push(1);
                put_u32(w, bytes.len());
                w.extend_from_slice(bytes);
            }
            None => w.push(0),
        }
    }
}

fn read_tree(r: &mut Reader) -> Result<PackedTree, WireError> {
    let nodes = r.u32("node count")? as usize;
    let class_weight = match r.take(1, "class weights")?[0] {
        0 => None,
        _ => {
            let w = r.array(2, 8, "class weights", f64_le)?;
            Some([w[0], w[1]])
        }
    };
    let mut sections = Vec::with_capacity(9);
    for _ in 0..9 {
        sections.push(match r.take(1, "tree section")?[0] {
            0 => None,
            _ => {
                let len = r.u32("tree section")? as usize;
                Some(r.take(len, "tree section")?.to_vec())
            }
        });
    }
    let mut s = sections.into_iter();
    let mut required = || s.next().flatten().ok_or(WireError::Inconsistent("tree sections"));
    let (shape, missing_left, feature, cut, categories) =
        (required()?, required()?, required()?, required()?, required()?);
    let rest: Vec<Option<Vec<u8>>> = s.collect();
    let [leaf_counts, node_counts, value, weight]: [Option<Vec<u8>>; 4] =
        rest.try_into().map_err(|_| WireError::Inconsistent("tree sections"))?;
    Ok(PackedTree {
        nodes,
        class_weight,
        shape,
        missing_left,
        feature,
        cut,
        categories,
        leaf_counts,
        node_counts,
        value,
        weight,
    })
}

pub(crate) fn put_u32(w: &mut Vec<u8>, v: usize) {
    w.extend_from_slice(&(v as u32).to_le_bytes());
}

pub(crate) fn u32_le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn u64_le(b: &[u8]) -> u64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    u64::from_le_bytes(a)
}

pub(crate) fn f64_le(b: &[u8]) -> f64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    f64::from_le_bytes(a)
}

/// Reads fixed-size values off the front of a byte slice.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    /// Reads `bytes` from the start.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    /// Every byte was read.
    pub(crate) fn at_end(&self) -> bool {
        self.at == self.bytes.len()
    }

    pub(crate) fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], WireError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(WireError::Truncated(what))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    /// Checks the `magic` of a `what` (its first 8 bytes), then reads its JSON header (a u32
    /// length, then the text).
    pub(crate) fn json_header<T: serde::de::DeserializeOwned>(
        &mut self,
        magic: &[u8; 8],
        what: &'static str,
    ) -> Result<T, WireError> {
        if self.take(8, "header")? != magic {
            return Err(WireError::Magic(what));
        }
        let len = self.u32("header length")? as usize;
        serde_json::from_slice(self.take(len, "settings")?)
            .map_err(|e| WireError::Header(e.to_string()))
    }

    pub(crate) fn u32(&mut self, what: &'static str) -> Result<u32, WireError> {
        self.take(4, what).map(u32_le)
    }

    /// `n` records of `size` bytes each, decoded by `f`.
    pub(crate) fn array<T>(
        &mut self,
        n: usize,
        size: usize,
        what: &'static str,
        f: impl Fn(&[u8]) -> T,
    ) -> Result<Vec<T>, WireError> {
        let len = n.checked_mul(size).ok_or(WireError::Truncated(what))?;
        Ok(self.take(len, what)?.chunks_exact(size).map(f).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forest::tests::{all_rows, demo};
    use crate::engine::forest::{shares, ForestParams};

    #[test]
    fn plan_and_shares_survive_bytes_and_give_the_same_forest() {
        let data = demo();
        let rows: Vec<usize> = all_rows(&data).into_iter().filter(|r| r % 4 != 0).collect();
        let held_out: Vec<usize> = (0..data.n_rows()).step_by(4).collect();
        let params =
            ForestParams::default().n_estimators(12).random_state(9).check().expect("valid");
        let whole = params.fit(&data, &rows, &mut |_| true).expect("fits");
        let mut plan = params.plan(&data, &rows, &mut |_| true).expect("plans");
        plan.score_rows(&held_out).expect("held-out rows");
        let sent = FitPlan::from_bytes(&plan.to_bytes()).expect("decodes");
        assert_eq!(sent, plan);
        // Three workers' shares, each sent back as bytes, appended in index order.
        let mut assembly = plan.assembly();
        for range in shares(plan.n_trees(), 3) {
            let mut part = sent.assembly();
            sent.grow_into(range, Some(1), &mut |_| true, &mut part).expect("grows");
            let back = Assembly::from_bytes(&part.to_bytes()).expect("decodes");
            assert_eq!(back, part);
            assembly.append(back).expect("same plan");
        }
        let (forest, scored) = plan.finish_scored(&data, assembly).expect("assembles");
        // Out-of-bag scores hold NaN (never out of bag), which is not equal to itself.
        let bits = |p: &[f64]| p.iter().map(|x| x.to_bits()).collect::<Vec<u64>>();
        let oob = |f: &crate::engine::forest::Forest| f.oob_proba.as_deref().map(bits);
        assert_eq!(oob(&forest), oob(&whole));
        assert!(forest.trees == whole.trees, "same trees");
        assert_eq!((&forest.importances, forest.oob_score), (&whole.importances, whole.oob_score));
        let walked = whole.predict_proba_rows(&data, &held_out).expect("predicts");
        assert_eq!(bits(&scored), bits(&walked));
    }

    #[test]
    fn damaged_bytes_are_refused() {
        let data = demo();
        let rows = all_rows(&data);
        let params = ForestParams::default().n_estimators(2).check().expect("valid");
        let plan = params.plan(&data, &rows, &mut |_| true).expect("plans");
        let bytes = plan.to_bytes();
        assert_eq!(
            FitPlan::from_bytes(&bytes[..bytes.len() - 1]).unwrap_err(),
            WireError::Truncated("training rows")
        );
        assert_eq!(FitPlan::from_bytes(b"MNSHAR1\n").unwrap_err(), WireError::Magic("forest plan"));
        let mut part = plan.assembly();
        plan.grow_into(0..2, Some(1), &mut |_| true, &mut part).expect("grows");
        let share = part.to_bytes();
        assert!(Assembly::from_bytes(&share[..share.len() - 3]).is_err());
        let mut longer = share.clone();
        longer.push(0);
        assert_eq!(
            Assembly::from_bytes(&longer).unwrap_err(),
            WireError::Inconsistent("length of the share of trees")
        );
        assert!(plan.assemble(&data, Vec::new()).is_err());
        assert!(plan.grow_share(1..3, None, &mut |_| true).is_err());
    }
}

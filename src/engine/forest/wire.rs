//! Bytes of a [`FitPlan`] and of grown trees, for growing shares of a forest in other Web
//! Workers: a JSON header for the settings and little-endian arrays for the bulk (a plan of
//! 750,000 rows × 8 features is about 12 MB; the same as JSON numbers would be several times
//! that, and slow to parse).
//!
//! Plan: `MNPLAN1\n`, header length (u32), header JSON (params, bins, class weights, mtry,
//! seeds, rows, training rows), codes, classes, training rows (u32 each).
//! Trees: `MNTREE1\n`, tree count, then per tree its node arrays, categorical sets, importances
//! and out-of-bag values.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::bin::{Binned, FeatureBins};
use super::params::ValidForestParams;
use super::plan::{FitPlan, GrownTree};
use super::sets::SetList;
use super::tree::Tree;

const PLAN_MAGIC: &[u8; 8] = b"MNPLAN1\n";
const TREES_MAGIC: &[u8; 8] = b"MNTREE1\n";

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
    n_train: usize,
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
            n_train: self.rows.len(),
        };
        // Plain data (numbers, strings and enums) always serialises.
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::with_capacity(
            16 + json.len() + self.binned.codes.len() + self.y.len() + 4 * self.rows.len(),
        );
        out.extend_from_slice(PLAN_MAGIC);
        out.extend_from_slice(&(json.len() as u32).to_le_bytes());
        out.extend_from_slice(&json);
        out.extend_from_slice(&self.binned.codes);
        out.extend_from_slice(&self.y);
        for &r in &self.rows {
            out.extend_from_slice(&(r as u32).to_le_bytes());
        }
        out
    }

    /// A plan written by [`FitPlan::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<FitPlan, WireError> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8, "header")? != PLAN_MAGIC {
            return Err(WireError::Magic("forest plan"));
        }
        let len = r.u32("header length")? as usize;
        let header: Header = serde_json::from_slice(r.take(len, "settings")?)
            .map_err(|e| WireError::Header(e.to_string()))?;
        let n = header.n_rows;
        let codes = r.take(n * header.bins.len(), "codes")?.to_vec();
        let y = r.take(n, "classes")?.to_vec();
        let rows = (0..header.n_train)
            .map(|_| r.u32("training rows").map(|v| v as usize))
            .collect::<Result<Vec<usize>, _>>()?;
        if rows.iter().any(|&row| row >= n) || y.iter().any(|&c| c > 1) {
            return Err(WireError::Inconsistent("rows or classes"));
        }
        if header.seeds.len() != header.params.n_estimators() || header.mtry == 0 {
            return Err(WireError::Inconsistent("tree count or features per split"));
        }
        Ok(FitPlan {
            params: header.params,
            binned: Binned { bins: header.bins, codes, n_rows: n },
            y,
            rows,
            class_weight: header.class_weight,
            mtry: header.mtry,
            seeds: header.seeds,
        })
    }
}

/// Grown trees as bytes (see the module documentation).
pub fn trees_to_bytes(grown: &[GrownTree]) -> Vec<u8> {
    let mut w = Vec::new();
    w.extend_from_slice(TREES_MAGIC);
    put_u32(&mut w, grown.len());
    for g in grown {
        let t = &g.tree;
        put_u32(&mut w, t.len());
        t.feature.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        t.threshold.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        t.missing_left.iter().for_each(|&v| w.push(v as u8));
        t.left.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        t.right.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        t.value.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        t.weight.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        for set in t.left_set.iter() {
            put_u32(&mut w, set.len());
            set.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        }
        put_u32(&mut w, g.importance.len());
        g.importance.iter().for_each(|&v| w.extend_from_slice(&v.to_le_bytes()));
        put_u32(&mut w, g.oob.len());
        for &(r, v) in &g.oob {
            w.extend_from_slice(&r.to_le_bytes());
            w.extend_from_slice(&v.to_le_bytes());
        }
    }
    w
}

/// Trees written by [`trees_to_bytes`].
pub fn trees_from_bytes(bytes: &[u8]) -> Result<Vec<GrownTree>, WireError> {
    let mut r = Reader { bytes, at: 0 };
    if r.take(8, "header")? != TREES_MAGIC {
        return Err(WireError::Magic("list of trees"));
    }
    let count = r.u32("tree count")? as usize;
    let mut out = Vec::with_capacity(count.min(10_000));
    for _ in 0..count {
        let n = r.u32("node count")? as usize;
        let mut t = Tree {
            feature: r.array(n, 4, "features", |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))?,
            threshold: r.array(n, 8, "thresholds", f64_le)?,
            missing_left: r.array(n, 1, "missing sides", |b| b[0] == 1)?,
            left: r.array(n, 4, "left children", u32_le)?,
            right: r.array(n, 4, "right children", u32_le)?,
            value: r.array(n, 8, "values", f64_le)?,
            weight: r.array(n, 8, "weights", f64_le)?,
            left_set: SetList::with_capacity(n),
        };
        for _ in 0..n {
            let k = r.u32("category set")? as usize;
            t.left_set.push(r.array(k, 4, "category set", u32_le)?);
        }
        let k = r.u32("importances")? as usize;
        let importance = r.array(k, 8, "importances", f64_le)?;
        let k = r.u32("out-of-bag rows")? as usize;
        let oob = r.array(k, 12, "out-of-bag rows", |b| (u32_le(&b[..4]), f64_le(&b[4..])))?;
        out.push(GrownTree { tree: t, importance, oob });
    }
    if r.at != bytes.len() {
        return Err(WireError::Inconsistent("length of the list of trees"));
    }
    Ok(out)
}

fn put_u32(w: &mut Vec<u8>, v: usize) {
    w.extend_from_slice(&(v as u32).to_le_bytes());
}

fn u32_le(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

fn f64_le(b: &[u8]) -> f64 {
    let mut a = [0u8; 8];
    a.copy_from_slice(&b[..8]);
    f64::from_le_bytes(a)
}

/// Reads fixed-size values off the front of a byte slice.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize, what: &'static str) -> Result<&'a [u8], WireError> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        let end = end.ok_or(WireError::Truncated(what))?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, WireError> {
        self.take(4, what).map(u32_le)
    }

    /// `n` records of `size` bytes each, decoded by `f`.
    fn array<T>(
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
    use crate::engine::forest::ForestParams;

    #[test]
    fn plan_and_trees_survive_bytes_and_shares_give_the_same_forest() {
        let data = demo();
        let rows = all_rows(&data);
        let params =
            ForestParams::default().n_estimators(12).random_state(9).check().expect("valid");
        let whole = params.fit(&data, &rows, &mut |_| true).expect("fits");
        let plan = params.plan(&data, &rows, &mut |_| true).expect("plans");
        let sent = FitPlan::from_bytes(&plan.to_bytes()).expect("decodes");
        assert_eq!(sent, plan);
        // Three workers' shares, each sent back as bytes, assembled in index order.
        let mut grown = Vec::new();
        for range in crate::engine::forest::shares(plan.n_trees(), 3) {
            let part = sent.grow(range, Some(1), &mut |_| true).expect("grows");
            grown.extend(trees_from_bytes(&trees_to_bytes(&part)).expect("decodes"));
        }
        let forest = plan.assemble(&data, grown).expect("assembles");
        // Out-of-bag scores hold NaN (never out of bag), which is not equal to itself.
        let bits = |f: &crate::engine::forest::Forest| {
            f.oob_proba.as_ref().map(|p| p.iter().map(|x| x.to_bits()).collect::<Vec<u64>>())
        };
        assert_eq!(bits(&forest), bits(&whole));
        assert!(forest.trees == whole.trees, "same trees");
        assert_eq!((forest.importances, forest.oob_score), (whole.importances, whole.oob_score));
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
        assert_eq!(FitPlan::from_bytes(b"MNTREE1\n").unwrap_err(), WireError::Magic("forest plan"));
        let trees = trees_to_bytes(&plan.grow(0..2, Some(1), &mut |_| true).expect("grows"));
        assert!(trees_from_bytes(&trees[..trees.len() - 3]).is_err());
        let mut longer = trees.clone();
        longer.push(0);
        assert_eq!(
            trees_from_bytes(&longer).unwrap_err(),
            WireError::Inconsistent("length of the list of trees")
        );
        assert!(plan.assemble(&data, Vec::new()).is_err());
        assert!(plan.grow(1..3, None, &mut |_| true).is_err());
    }
}

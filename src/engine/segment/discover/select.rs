//! The conditions the search may use, and every row's bin in each column.
//!
//! Numeric columns are cut at up to `cuts` quantiles of their present values (the empirical
//! quantile, so cuts are values of the data: "age ≤ 31", not "age ≤ 31.37"; a column with few
//! distinct values is cut at each value); bin b holds cut[b−1] < x ≤ cut[b]. Conditions are every
//! interval of consecutive bins (one- or two-sided) but the whole range. Categorical columns keep
//! their [`MAX_LEVELS`] most frequent labels as bins and pool the rest in one "other" bin;
//! conditions are `= label`, `≠ label` (3 to [`MAX_NOT_LEVELS`] labels) and `in {a, b}` (4 to
//! [`MAX_PAIR_LEVELS`] labels). Every column with a missing cell gets an "is missing" condition
//! on its own last bin. Cuts and labels use every row's values but never the target, so they
//! leak nothing from the held-out rows' outcomes.
//!
//! Invariants: a condition is one or two inclusive ranges of bins and never holds the missing
//! bin unless it is the "is missing" condition, so its rows are one or two slices of the rows
//! sorted by bin; bins per column ≤ 32 (a u8 code and a u64 mask); conditions are grouped by
//! column in column order.

use std::ops::Range;

use super::rule::Condition;
use crate::engine::dataset::{Dataset, FeatureValues};
use crate::engine::table::MISSING_CODE;

/// Most labels of a categorical column with a bin (and an `=` condition) of their own.
pub const MAX_LEVELS: usize = 30;
/// Most labels for which `≠ label` conditions are made.
pub const MAX_NOT_LEVELS: usize = 12;
/// Most labels for which `in {a, b}` conditions are made.
pub const MAX_PAIR_LEVELS: usize = 8;
/// Most conditions in all when rules have 2–3 of them: the search keeps the counts of every
/// pair of conditions (8 bytes each: 32 MB at this limit, affordable in a browser tab).
pub const MAX_SEARCH_CONDITIONS: usize = 2_000;

/// One feature column as bins.
pub(super) struct Binned {
    /// Bin of every dataset row.
    pub codes: Vec<u8>,
    /// Number of bins, the missing bin (last) included.
    pub n_bins: usize,
}

/// A condition as bins of one column.
pub(super) struct Selector {
    pub column: usize,
    /// One or two inclusive ranges of bins.
    pub ranges: Vec<(usize, usize)>,
    /// Bit b set when bin b is in the condition.
    pub mask: u64,
    pub condition: Condition,
}

/// Every column's bins and every condition.
pub(super) struct Conditions {
    pub columns: Vec<Binned>,
    pub selectors: Vec<Selector>,
    /// Indices into `selectors` of each column's conditions.
    pub by_column: Vec<Range<usize>>,
}

/// Bins and conditions of every feature of `data`.
pub(super) fn build(data: &Dataset, cuts: usize) -> Conditions {
    let mut out = Conditions { columns: Vec::new(), selectors: Vec::new(), by_column: Vec::new() };
    for f in &data.features {
        let column = out.columns.len();
        let start = out.selectors.len();
        let (binned, selectors) = match &f.values {
            FeatureValues::Numeric(v) => numeric(&f.name, v, cuts, column),
            FeatureValues::Categorical { codes, levels } => {
                categorical(&f.name, codes, levels, column)
            }
        };
        out.columns.push(binned);
        out.selectors.extend(selectors);
        out.by_column.push(start..out.selectors.len());
    }
    out
}

/// Cut points: empirical quantiles i/(cuts+1) of the present values, distinct, below the maximum.
fn cut_points(values: &[f64], cuts: usize) -> Vec<f64> {
    let mut sorted: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let mut distinct = sorted.clone();
    distinct.dedup();
    let mut out: Vec<f64> = if distinct.len() <= cuts + 1 {
        distinct
    } else {
        (1..=cuts).map(|i| sorted[((i * n).div_ceil(cuts + 1)).max(1) - 1]).collect()
    };
    out.dedup();
    let max = sorted.last().copied();
    out.retain(|&c| Some(c) != max);
    out
}

fn numeric(name: &str, v: &[f64], cuts: usize, column: usize) -> (Binned, Vec<Selector>) {
    let cuts = cut_points(v, cuts);
    let value_bins = cuts.len() + 1;
    let missing = value_bins;
    let codes = v
        .iter()
        .map(|&x| if x.is_nan() { missing } else { cuts.partition_point(|&c| c < x) } as u8)
        .collect();
    let mut sel = Vec::new();
    for lo in 0..value_bins {
        for hi in lo..value_bins {
            if lo == 0 && hi == value_bins - 1 {
                continue;
            }
            let condition = Condition::Range {
                column: name.to_string(),
                lower: (lo > 0).then(|| cuts[lo - 1]),
                upper: (hi < value_bins - 1).then(|| cuts[hi]),
            };
            sel.push(selector(column, &(lo..=hi).collect::<Vec<_>>(), condition));
        }
    }
    if v.iter().any(|x| x.is_nan()) {
        sel.push(selector(column, &[missing], Condition::Missing { column: name.to_string() }));
    }
    (Binned { codes, n_bins: value_bins + 1 }, sel)
}

fn categorical(
    name: &str,
    codes: &[u32],
    levels: &[String],
    column: usize,
) -> (Binned, Vec<Selector>) {
    let mut counts: Vec<(usize, usize)> = (0..levels.len()).map(|l| (l, 0)).collect();
    for &c in codes.iter().filter(|&&c| c != MISSING_CODE) {
        if let Some(e) = counts.get_mut(c as usize) {
            e.1 += 1;
        }
    }
    counts.retain(|c| c.1 > 0);
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let kept: Vec<usize> = counts.iter().take(MAX_LEVELS).map(|c| c.0).collect();
    let k = kept.len();
    let (other, missing) = (k, k + 1);
    let mut bin_of = vec![other; levels.len()];
    for (b, &l) in kept.iter().enumerate() {
        bin_of[l] = b;
    }
    let codes: Vec<u8> = codes
        .iter()
        .map(|&c| if c == MISSING_CODE { missing } else { bin_of.get(c as usize).copied().unwrap_or(other) } as u8)
        .collect();
    let present = counts.len();
    let label = |b: usize| levels[kept[b]].clone();
    let col = || name.to_string();
    let mut sel = Vec::new();
    for b in 0..k {
        sel.push(selector(column, &[b], Condition::In { column: col(), levels: vec![label(b)] }));
    }
    if (3..=MAX_NOT_LEVELS).contains(&present) {
        for b in 0..k {
            let rest: Vec<usize> = (0..=other).filter(|&x| x != b).collect();
            sel.push(selector(
                column,
                &rest,
                Condition::NotIn { column: col(), levels: vec![label(b)] },
            ));
        }
    }
    if (4..=MAX_PAIR_LEVELS).contains(&present) {
        for a in 0..k {
            for b in a + 1..k {
                let condition = Condition::In { column: col(), levels: vec![label(a), label(b)] };
                sel.push(selector(column, &[a, b], condition));
            }
        }
    }
    if codes.contains(&(missing as u8)) {
        sel.push(selector(column, &[missing], Condition::Missing { column: col() }));
    }
    (Binned { codes, n_bins: k + 2 }, sel)
}

/// A selector over `bins` (ascending), stored as runs of consecutive bins.
fn selector(column: usize, bins: &[usize], condition: Condition) -> Selector {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &b in bins {
        match ranges.last_mut() {
            Some(r) if r.1 + 1 == b => r.1 = b,
            _ => ranges.push((b, b)),
        }
    }
    let mask = bins.iter().fold(0u64, |m, &b| m | (1u64 << b));
    Selector { column, ranges, mask, condition }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dataset::TargetSpec;
    use crate::engine::ingest::{ingest, IngestOptions};
    use crate::engine::segment::discover::rule::Rule;

    #[test]
    fn cut_points_are_data_quantiles() {
        // 1..=10, 4 cuts: ranks ⌈i·10/5⌉ = 2, 4, 6, 8 → values 2, 4, 6, 8.
        let v: Vec<f64> = (1..=10).map(f64::from).collect();
        assert_eq!(cut_points(&v, 4), vec![2.0, 4.0, 6.0, 8.0]);
        // Few distinct values: one cut per value but the largest.
        assert_eq!(cut_points(&[1.0, 0.0, 1.0, f64::NAN, 0.0], 9), vec![0.0]);
        assert!(cut_points(&[5.0, 5.0], 3).is_empty());
        assert!(cut_points(&[f64::NAN], 3).is_empty());
    }

    #[test]
    fn every_selector_agrees_with_its_rule() {
        // The search reads bins; exported rules read values. They must pick the same rows.
        let mut csv = String::from("num,cat,bin,y\n");
        for i in 0..60 {
            let num = if i % 7 == 0 { String::new() } else { ((i * 37) % 23).to_string() };
            let cat = ["a", "b", "c", "d", "", "e"][i % 6];
            csv += &format!("{num},{cat},{},{}\n", i % 2, (i % 3 == 0) as u8);
        }
        let table = ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table;
        let data =
            Dataset::from_table(&table, &TargetSpec { target: "y".into(), ..Default::default() })
                .unwrap();
        let c = build(&data, 4);
        assert_eq!(c.columns.len(), 3);
        for s in &c.selectors {
            let col = &c.columns[s.column];
            let by_bins: Vec<usize> =
                (0..table.n_rows()).filter(|&r| s.mask >> col.codes[r] & 1 == 1).collect();
            let by_rule = Rule { conditions: vec![s.condition.clone()] }.members(&table).unwrap();
            assert_eq!(by_bins, by_rule, "{}", s.condition.text());
            let from_ranges: u64 =
                s.ranges.iter().flat_map(|&(a, b)| a..=b).fold(0, |m, b| m | 1 << b);
            assert_eq!(from_ranges, s.mask);
        }
        // 5 present labels: 5 "=", 5 "≠", 10 pairs, 1 missing.
        assert_eq!(c.by_column[1].len(), 21);
    }
}

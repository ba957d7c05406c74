//! [`discover`]: split, search, drop near-duplicates, test on the held-out rows.
//!
//! 1. Rows are split, stratified by the target and seeded, into a search half and a held-out
//!    half (`holdout` of the rows). 2. The search (`search.rs`) keeps the 20 × `max_results`
//!    (at most 4,000) best conjunctions on the search half. 3. Going down that list, a candidate
//!    is dropped when its search-half members overlap a kept one's with Jaccard ≥ `max_overlap`, until `max_results`
//!    are kept. 4. Each kept segment is tested on the held-out half only — exact two-sided
//!    binomial test of its buyers against the overall held-out rate — so the selection (done on
//!    other rows) does not bias the test, and the q-values correct for exactly the number of
//!    segments tested. The binomial reference treats the overall held-out rate as known; the
//!    exact conditional (hypergeometric) test has a smaller variance, so the binomial one is the
//!    more conservative of the two. q-values: Benjamini–Yekutieli when two tested segments share
//!    a held-out row (overlapping segments' tests are dependent, and BY holds under any
//!    dependence), Benjamini–Hochberg when they are disjoint (their counts are then independent
//!    but for the shared overall rate) — unless `correction` says which.
//!    5. The reported rate is the held-out rate with its Wilson interval and an empirical-Bayes
//!    rate shrunk by a Beta prior fitted (method of moments, `segment::prior`) to the tested
//!    segments' held-out counts.
//!
//! Determinism: the split takes a ChaCha8 generator seeded with `seed`; the search and the
//! tests are sequential integer counting and IEEE arithmetic with fixed orders, so the same data
//! and seed give the same segments natively and in wasm (p-values use `ln`/`exp`, whose last bit
//! may differ between platforms' math libraries; a q-value exactly at the fdr could then flip).

use super::error::DiscoverError;
use super::fdr::{benjamini_hochberg, benjamini_yekutieli};
use super::holdout::{check_against_model, measure, overlap, ratio};
use super::params::{Correction, ValidDiscoverParams};
use super::pool::Candidate;
use super::result::{Discovery, Totals};
use super::search::{search, Settings};
use super::select::{build, Conditions, MAX_SEARCH_CONDITIONS};
use crate::engine::dataset::Dataset;
use crate::engine::forest::FitProgress;
use crate::engine::segment::fit_prior;
use crate::engine::split::stratified_train_test;

/// Candidates kept by the search per segment finally tested, and at most in all.
const POOL_PER_RESULT: usize = 20;
const MAX_POOL: usize = 4_000;

/// Discovers segments of `data` whose purchase rate departs from the rest, and tests them on
/// held-out rows. `proba` (optional) holds an honest model probability per row (out-of-bag or
/// held-out; NaN where a row has none). `progress` is called between units of work (phase
/// "search" per condition, then "test" per segment); returning false cancels.
pub fn discover(
    data: &Dataset,
    proba: Option<&[f64]>,
    params: &ValidDiscoverParams,
    progress: &mut dyn FnMut(FitProgress) -> bool,
) -> Result<Discovery, DiscoverError> {
    check_proba(proba, data.n_rows())?;
    let rows = data.n_rows();
    let m = params.min_support;
    let needed = (2 * m as usize).max(4);
    let too_few = DiscoverError::TooFewRows { rows, needed };
    let (search_rows, held) =
        stratified_train_test(&data.y, params.holdout, params.seed).map_err(|_| too_few.clone())?;
    if search_rows.len() < needed {
        return Err(too_few);
    }
    let cond = build(data, params.cuts);
    if cond.selectors.is_empty() {
        return Err(DiscoverError::NoFeatures);
    }
    if params.max_conditions >= 2 && cond.selectors.len() > MAX_SEARCH_CONDITIONS {
        return Err(DiscoverError::TooManyConditions {
            columns: cond.columns.len(),
            conditions: cond.selectors.len(),
            max: MAX_SEARCH_CONDITIONS,
        });
    }
    let settings = Settings {
        max_conditions: params.max_conditions,
        min_support: m,
        pool: (POOL_PER_RESULT * params.max_results).min(MAX_POOL),
    };
    let found = search(&cond, &search_rows, &data.y, &settings, progress)?;
    let kept = distinct(&cond, &search_rows, found.candidates, params);
    let mut in_holdout = vec![false; rows];
    held.iter().for_each(|&r| in_holdout[r] = true);
    let totals =
        |rs: &[usize]| Totals::new(rs.len() as u64, rs.iter().map(|&r| data.y[r] as u64).sum());
    let holdout = totals(&held);
    let mut segments = Vec::with_capacity(kept.len());
    for (i, c) in kept.iter().enumerate() {
        segments.push(measure(&cond, c, data, &in_holdout, holdout.rate, m));
        if !progress(FitProgress { phase: "test", done: i + 1, total: kept.len() }) {
            return Err(DiscoverError::Cancelled);
        }
    }
    let correction = match params.correction {
        Correction::Auto if overlap(&segments, &in_holdout) => Correction::By,
        Correction::Auto => Correction::Bh,
        other => other,
    };
    let correct = |p: &[f64]| match correction {
        Correction::By => benjamini_yekutieli(p),
        _ => benjamini_hochberg(p),
    };
    let q = correct(&segments.iter().map(|s| s.p_value).collect::<Vec<_>>());
    let prior =
        fit_prior(&segments.iter().map(|s| (s.holdout.n, s.holdout.positives)).collect::<Vec<_>>());
    for (s, q) in segments.iter_mut().zip(q) {
        s.q_value = q;
        s.significant = q <= params.fdr;
        let (n, k) = (s.holdout.n as f64, s.holdout.positives as f64);
        s.shrunk_rate = (k + prior.alpha) / (n + prior.alpha + prior.beta);
        s.shrunk_lift = ratio(s.shrunk_rate, holdout.rate);
    }
    if let Some(p) = proba {
        check_against_model(&mut segments, &in_holdout, &data.y, p, params.fdr, correct);
    }
    segments.sort_by(|a, b| {
        a.p_value
            .total_cmp(&b.p_value)
            .then(b.quality.total_cmp(&a.quality))
            .then(a.label.cmp(&b.label))
    });
    segments.iter_mut().enumerate().for_each(|(i, s)| s.segment = i);
    Ok(Discovery {
        candidates_searched: found.evaluated,
        candidates_tested: segments.len(),
        segments,
        correction,
        fdr: params.fdr,
        min_support: m,
        max_conditions: params.max_conditions,
        seed: params.seed,
        all: totals(&(0..rows).collect::<Vec<_>>()),
        search: totals(&search_rows),
        holdout,
        prior,
    })
}

fn check_proba(proba: Option<&[f64]>, rows: usize) -> Result<(), DiscoverError> {
    let Some(p) = proba else { return Ok(()) };
    if p.len() != rows {
        return Err(DiscoverError::ProbaLength { got: p.len(), rows });
    }
    match p.iter().position(|x| !x.is_nan() && !(0.0..=1.0).contains(x)) {
        Some(row) => Err(DiscoverError::BadProba { row, value: p[row] }),
        None => Ok(()),
    }
}

/// Bitset over the search `rows` of the rows in selector `s`.
#[inline(never)]
fn selector_bits(cond: &Conditions, s: usize, rows: &[usize]) -> Vec<u64> {
    let sel = &cond.selectors[s];
    let codes = &cond.columns[sel.column].codes;
    let mut bits = vec![0u64; rows.len().div_ceil(64)];
    for (i, &r) in rows.iter().enumerate() {
        bits[i / 64] |= (sel.mask >> codes[r] & 1) << (i % 64);
    }
    bits
}

/// The candidates, best first, without near-duplicates, at most `max_results`. Member sets are
/// intersections of per-condition bitsets over the search rows, built when first needed.
fn distinct(
    cond: &Conditions,
    rows: &[usize],
    found: Vec<Candidate>,
    p: &ValidDiscoverParams,
) -> Vec<Candidate> {
    let mut by_selector: Vec<Option<Vec<u64>>> = vec![None; cond.selectors.len()];
    let mut kept: Vec<(Candidate, Vec<u64>)> = Vec::new();
    for c in found {
        if kept.len() >= p.max_results {
            break;
        }
        let mut bits = vec![u64::MAX; rows.len().div_ceil(64)];
        for &s in &c.selectors {
            let sb = by_selector[s as usize]
                .get_or_insert_with(|| selector_bits(cond, s as usize, rows));
            bits.iter_mut().zip(sb.iter()).for_each(|(b, x)| *b &= x);
        }
        let duplicate = kept.iter().any(|(k, kb)| {
            let both: u64 = bits.iter().zip(kb).map(|(a, b)| (a & b).count_ones() as u64).sum();
            let union = c.n + k.n - both;
            both as f64 >= p.max_overlap * union as f64
        });
        if !duplicate {
            kept.push((c, bits));
        }
    }
    kept.into_iter().map(|(c, _)| c).collect()
}

//! The held-out half's numbers of each kept candidate: its member rows (all of them, for
//! members.csv), its held-out rate with Wilson interval, lift and exact binomial p-value against
//! the overall held-out rate, whether segments share held-out rows (which picks BY over BH), and
//! the optional check against a model's probabilities (`model_check.rs`).

use super::binomial::binomial_two_sided;
use super::model_check::poisson_binomial_two_sided;
use super::pool::Candidate;
use super::quality::Direction;
use super::result::{Discovered, ModelCheck, Totals};
use super::rule::Rule;
use super::select::Conditions;
use crate::engine::dataset::Dataset;
use crate::engine::stats::{wilson, Z95};

/// a / b, 0 when b is 0.
pub(super) fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

/// Whether dataset row `r` satisfies every condition of `c`.
fn holds(cond: &Conditions, c: &Candidate, r: usize) -> bool {
    c.selectors.iter().all(|&s| {
        let s = &cond.selectors[s as usize];
        s.mask >> cond.columns[s.column].codes[r] & 1 == 1
    })
}

/// Members and held-out numbers of one candidate (q-value and shrinkage come later).
pub(super) fn measure(
    cond: &Conditions,
    c: &Candidate,
    data: &Dataset,
    in_holdout: &[bool],
    p0: f64,
    m: u64,
) -> Discovered {
    let members = member_rows(cond, c, data.n_rows());
    let (mut n_h, mut k_h, mut k) = (0u64, 0u64, 0u64);
    for &r in &members {
        let y = data.y[r as usize] as u64;
        k += y;
        if in_holdout[r as usize] {
            n_h += 1;
            k_h += y;
        }
    }
    let rule = Rule {
        conditions: c
            .selectors
            .iter()
            .map(|&s| cond.selectors[s as usize].condition.clone())
            .collect(),
    };
    let holdout = Totals::new(n_h, k_h);
    let (ci_low, ci_high) = wilson(k_h, n_h, Z95);
    Discovered {
        segment: 0,
        label: rule.text(),
        rule,
        n: members.len() as u64,
        positives: k,
        members,
        search: Totals::new(c.n, c.k),
        quality: c.quality,
        holdout,
        ci_low,
        ci_high,
        shrunk_rate: holdout.rate,
        lift: ratio(holdout.rate, p0),
        shrunk_lift: 0.0,
        p_value: binomial_two_sided(k_h, n_h, p0),
        q_value: 1.0,
        significant: false,
        direction: if holdout.rate >= p0 { Direction::Above } else { Direction::Below },
        small_n: n_h < m,
        model: None,
    }
}

/// Dataset rows satisfying `c`, ascending.
#[inline(never)]
fn member_rows(cond: &Conditions, c: &Candidate, rows: usize) -> Vec<u32> {
    (0..rows).filter(|&r| holds(cond, c, r)).map(|r| r as u32).collect()
}

/// Whether two segments share a held-out row.
pub(super) fn overlap(segments: &[Discovered], in_holdout: &[bool]) -> bool {
    let words = in_holdout.len().div_ceil(64);
    let sets: Vec<Vec<u64>> = segments
        .iter()
        .map(|s| {
            let mut b = vec![0u64; words];
            for &r in s.members.iter().filter(|&&r| in_holdout[r as usize]) {
                b[r as usize / 64] |= 1 << (r % 64);
            }
            b
        })
        .collect();
    sets.iter()
        .enumerate()
        .any(|(i, a)| sets[..i].iter().any(|b| a.iter().zip(b).any(|(x, y)| x & y != 0)))
}

/// Fills each segment's [`ModelCheck`]: held-out buyers against the model's probabilities.
pub(super) fn check_against_model(
    segments: &mut [Discovered],
    in_holdout: &[bool],
    y: &[u8],
    proba: &[f64],
    fdr: f64,
    correct: impl Fn(&[f64]) -> Vec<f64>,
) {
    let mut checks: Vec<(usize, ModelCheck)> = Vec::new();
    for (i, s) in segments.iter().enumerate() {
        let rows: Vec<usize> = s
            .members
            .iter()
            .map(|&r| r as usize)
            .filter(|&r| in_holdout[r] && !proba[r].is_nan())
            .collect();
        if rows.is_empty() {
            continue;
        }
        let p: Vec<f64> = rows.iter().map(|&r| proba[r]).collect();
        let k: u64 = rows.iter().map(|&r| y[r] as u64).sum();
        let expected = p.iter().sum::<f64>() / p.len() as f64;
        let observed = k as f64 / p.len() as f64;
        checks.push((
            i,
            ModelCheck {
                n: p.len() as u64,
                positives: k,
                expected_rate: expected,
                p_value: poisson_binomial_two_sided(k, &p),
                q_value: 1.0,
                differs: false,
                direction: if observed >= expected { Direction::Above } else { Direction::Below },
            },
        ));
    }
    let q = correct(&checks.iter().map(|(_, c)| c.p_value).collect::<Vec<_>>());
    for ((i, mut c), q) in checks.into_iter().zip(q) {
        c.q_value = q;
        c.differs = q <= fdr;
        segments[i].model = Some(c);
    }
}

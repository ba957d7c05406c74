//! The exact two-sided binomial test, as scipy's `binomtest(k, n, p).pvalue` defines it: the
//! probability, under Binomial(n, p), of every outcome no more likely than the one observed
//! (likelihoods within a relative 1e-7 of the observed one count as equal).
//!
//! Why log space: pmf values of n = 50,000 underflow f64 (the mode of Binomial(50,000, 0.3) has
//! probability 0.004, the tails 1e-3000). Each outcome's log-likelihood is taken relative to the
//! mode, walking outwards with the ratio pmf(x+1)/pmf(x) = (n−x)/(x+1) · p/(1−p); the sums of
//! all outcomes and of the tail are then formed relative to the mode and to the observed
//! outcome, so nothing overflows, and the p-value is their ratio. The walk stops where terms
//! fall e^-40 below both references (the pmf is unimodal, so every later term is smaller too):
//! the neglected mass is below n·e^-40 ≈ 4e-18·n of either sum.

use crate::engine::math::{exp, ln, ln_1p};
/// Terms smaller than e^-CUTOFF relative to the sums' references are neglected.
const CUTOFF: f64 = 40.0;
/// scipy's tolerance for "as likely as the observed outcome".
const RELATIVE_TIE: f64 = 1e-7;

/// Two-sided exact binomial p-value of `k` successes in `n` trials with success rate `p`.
/// 1 when `n` is 0; for `p` of 0 or 1 the outcome is certain (p-value 1 if observed, else 0).
pub fn binomial_two_sided(k: u64, n: u64, p: f64) -> f64 {
    if n == 0 || k > n {
        return if n == 0 { 1.0 } else { 0.0 };
    }
    if p <= 0.0 {
        return if k == 0 { 1.0 } else { 0.0 };
    }
    if p >= 1.0 {
        return if k == n { 1.0 } else { 0.0 };
    }
    let log_odds = ln(p) - ln_1p(-p);
    let mode = (((n + 1) as f64 * p).floor() as u64).min(n);
    let lw_k = log_weight_between(mode, k, n, log_odds);
    let tie = lw_k + ln_1p(RELATIVE_TIE);
    let floor = lw_k - CUTOFF;
    // Σ pmf(x)/pmf(mode) over all x, and Σ pmf(x)/pmf(k) over x with pmf(x) ≤ pmf(k)·(1+1e-7).
    let (mut all, mut tail) = (0.0f64, 0.0f64);
    let mut add = |lw: f64| {
        all += exp(lw);
        if lw <= tie {
            tail += exp(lw - lw_k);
        }
    };
    add(0.0);
    walk_up(mode, n, log_odds, floor, &mut add);
    walk_down(mode, n, log_odds, floor, &mut add);
    exp(ln(tail) + lw_k - ln(all)).min(1.0)
}

/// ln(pmf(x+1)/pmf(x)) for Binomial(n, p), with `log_odds` = ln(p/(1−p)).
fn step_up(x: u64, n: u64, log_odds: f64) -> f64 {
    ln((n - x) as f64) - ln((x + 1) as f64) + log_odds
}

/// ln(pmf(to)/pmf(from)), by summing the steps between them.
fn log_weight_between(from: u64, to: u64, n: u64, log_odds: f64) -> f64 {
    if to >= from {
        (from..to).map(|x| step_up(x, n, log_odds)).sum()
    } else {
        -(to..from).map(|x| step_up(x, n, log_odds)).sum::<f64>()
    }
}

/// Feeds ln(pmf(x)/pmf(mode)) for x = mode+1, mode+2, … until the terms drop below `floor`.
#[inline(never)]
fn walk_up(mode: u64, n: u64, log_odds: f64, floor: f64, add: &mut impl FnMut(f64)) {
    let mut lw = 0.0;
    for x in mode..n {
        lw += step_up(x, n, log_odds);
        if lw < floor.min(-CUTOFF) {
            break;
        }
        add(lw);
    }
}

/// Feeds ln(pmf(x)/pmf(mode)) for x = mode−1, mode−2, … until the terms drop below `floor`.
#[inline(never)]
fn walk_down(mode: u64, n: u64, log_odds: f64, floor: f64, add: &mut impl FnMut(f64)) {
    let mut lw = 0.0;
    for x in (0..mode).rev() {
        lw -= step_up(x, n, log_odds);
        if lw < floor.min(-CUTOFF) {
            break;
        }
        add(lw);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    #[test]
    fn fair_coin_ten_tosses() {
        // Binomial(10, ½): pmf·1024 = 1, 10, 45, 120, 210, 252, 210, 120, 45, 10, 1.
        // k = 2: outcomes as unlikely as 45/1024 are 0, 1, 2, 8, 9, 10 → 2·56/1024 = 0.109375.
        assert!(close(binomial_two_sided(2, 10, 0.5), 0.109375, 1e-12));
        // k = 5 is the mode: every outcome counts → 1.
        assert_eq!(binomial_two_sided(5, 10, 0.5), 1.0);
        // k = 0: 0 and 10 → 2/1024.
        assert!(close(binomial_two_sided(0, 10, 0.5), 2.0 / 1024.0, 1e-12));
    }

    #[test]
    fn skewed_small_case() {
        // Binomial(5, 0.3): pmf = 0.16807, 0.36015, 0.3087, 0.1323, 0.02835, 0.00243.
        // k = 4 (pmf 0.02835): only 4 and 5 are as unlikely → 0.03078.
        assert!(close(binomial_two_sided(4, 5, 0.3), 0.03078, 1e-10));
        // k = 3 (pmf 0.1323): 3, 4, 5 → 0.16308 (0 has 0.16807 > 0.1323, excluded).
        assert!(close(binomial_two_sided(3, 5, 0.3), 0.16308, 1e-10));
        // k = 0 (pmf 0.16807): 0, 3, 4, 5 → 0.33115.
        assert!(close(binomial_two_sided(0, 5, 0.3), 0.33115, 1e-10));
    }

    #[test]
    fn degenerate_inputs() {
        assert_eq!(binomial_two_sided(0, 0, 0.3), 1.0);
        assert_eq!(binomial_two_sided(0, 4, 0.0), 1.0);
        assert_eq!(binomial_two_sided(1, 4, 0.0), 0.0);
        assert_eq!(binomial_two_sided(4, 4, 1.0), 1.0);
        assert_eq!(binomial_two_sided(3, 4, 1.0), 0.0);
    }

    #[test]
    fn tiny_p_values_stay_positive_and_ordered() {
        // 60 of 100 at p = 0.2: far in the tail (scipy: 2.5e-18, see tests/discover_oracle.rs).
        let a = binomial_two_sided(60, 100, 0.2);
        let b = binomial_two_sided(50, 100, 0.2);
        assert!(a > 0.0 && a < b && b < 1e-9, "{a} {b}");
        // Large n does not underflow the reference sums.
        let c = binomial_two_sided(15_400, 50_000, 0.3);
        assert!(c > 0.0 && c < 0.01, "{c}");
    }
}

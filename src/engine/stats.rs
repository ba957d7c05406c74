//! Small-sample statistics shared by EDA, segments and monitoring: Wilson intervals, quantiles,
//! means and standard deviations. Missing values (NaN) are skipped by every function here.

/// z for a two-sided 95% interval (the 0.975 quantile of the standard normal).
pub const Z95: f64 = 1.959_963_984_540_054;

/// Wilson score interval for `successes` out of `n` at normal quantile `z`.
///
/// centre = (p̂ + z²/2n)/(1 + z²/n), half-width = z·√(p̂(1−p̂)/n + z²/4n²)/(1 + z²/n).
/// Returns `(0, 1)` when `n == 0` (nothing is known). The interval holds p̂ = successes/n.
pub fn wilson(successes: u64, n: u64, z: f64) -> (f64, f64) {
    if n == 0 {
        return (0.0, 1.0);
    }
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = (p + z2 / (2.0 * n_f)) / denom;
    let half = z * (p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f)).sqrt() / denom;
    // The interval always holds p̂; rounding alone can push a bound past it (0 of 255 gave a
    // lower bound of 8.7e-19 > 0), so each bound is kept on its side of p̂.
    ((centre - half).min(p).max(0.0), (centre + half).max(p).min(1.0))
}

/// Mean of the non-missing values (NaN when there are none). When the sum overflows (values
/// near ±1.8e308), the values are divided by n before they are added, so the mean of finite
/// values stays finite.
pub fn mean(values: &[f64]) -> f64 {
    let present = || values.iter().filter(|x| !x.is_nan());
    let (sum, n) = present().fold((0.0, 0usize), |(s, n), x| (s + x, n + 1));
    if n == 0 {
        f64::NAN
    } else if sum.is_infinite() && present().all(|x| x.is_finite()) {
        present().map(|x| x / n as f64).sum()
    } else {
        sum / n as f64
    }
}

/// Sample standard deviation (n − 1 denominator) of the non-missing values; NaN when fewer than 2.
pub fn sd(values: &[f64]) -> f64 {
    let m = mean(values);
    let (ss, n) = values
        .iter()
        .filter(|x| !x.is_nan())
        .fold((0.0, 0usize), |(s, n), x| (s + (x - m) * (x - m), n + 1));
    if n < 2 {
        f64::NAN
    } else {
        (ss / (n - 1) as f64).sqrt()
    }
}

/// Non-missing values, sorted ascending.
pub fn sorted_present(values: &[f64]) -> Vec<f64> {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    v.sort_by(f64::total_cmp);
    v
}

/// Quantile `q` in `[0, 1]` of an ascending slice, by linear interpolation between closest ranks
/// (numpy's default, `method="linear"`). NaN for an empty slice.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q.clamp(0.0, 1.0) * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = pos.ceil() as usize;
    let frac = pos - lo as f64;
    let gap = sorted[hi] - sorted[lo];
    if gap.is_finite() {
        sorted[lo] + gap * frac
    } else {
        // The gap between two finite values can overflow (−1e308 to 1e308), and ∞·0 or ∞ − ∞
        // would then give NaN: weigh the ends instead, which stays between them.
        sorted[lo] * (1.0 - frac) + sorted[hi] * frac
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_matches_hand_computation() {
        // 5 of 7: p̂ = 0.714286, z² = 3.841459, 1 + z²/n = 1.548780;
        // centre = (0.714286 + 0.274390)/1.548780 = 0.638357;
        // half = 1.959964·√(0.029155 + 0.019599)/1.548780 = 0.279423.
        let (lo, hi) = wilson(5, 7, Z95);
        assert!((lo - 0.358934).abs() < 1e-5, "{lo}");
        assert!((hi - 0.917781).abs() < 1e-5, "{hi}");
    }

    #[test]
    fn wilson_edges_stay_in_unit_interval() {
        assert_eq!(wilson(0, 0, Z95), (0.0, 1.0));
        let (lo, hi) = wilson(0, 10, Z95);
        assert_eq!(lo, 0.0);
        assert!(hi > 0.0 && hi < 0.35);
        let (lo, hi) = wilson(10, 10, Z95);
        assert!(lo > 0.65 && (hi - 1.0).abs() < 1e-12);
    }

    #[test]
    fn the_mean_of_huge_values_does_not_overflow() {
        // (1e308 + 1e308 + 1e308) / 3 = 1e308, although the sum is beyond f64::MAX.
        assert_eq!(mean(&[1e308, 1e308, f64::NAN, 1e308]), 1e308);
        assert_eq!(mean(&[-1e308, -1e308]), -1e308);
        assert_eq!(mean(&[f64::INFINITY, 1.0]), f64::INFINITY);
    }

    #[test]
    fn mean_sd_skip_missing() {
        let v = [1.0, f64::NAN, 2.0, 3.0];
        assert_eq!(mean(&v), 2.0);
        assert_eq!(sd(&v), 1.0);
        assert!(mean(&[f64::NAN]).is_nan());
        assert!(sd(&[1.0]).is_nan());
    }

    #[test]
    fn quantiles_interpolate_like_numpy() {
        let s = [1.0, 2.0, 3.0, 4.0];
        // numpy.quantile([1,2,3,4], 0.25) = 1.75
        assert_eq!(quantile_sorted(&s, 0.25), 1.75);
        assert_eq!(quantile_sorted(&s, 0.5), 2.5);
        assert_eq!(quantile_sorted(&s, 1.0), 4.0);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }

    #[test]
    fn quantiles_of_extreme_values_stay_finite() {
        let s = [-1e308, 1e308];
        assert_eq!(quantile_sorted(&s, 0.0), -1e308);
        assert_eq!(quantile_sorted(&s, 0.5), 0.0);
        assert_eq!(quantile_sorted(&s, 1.0), 1e308);
        let q1 = quantile_sorted(&s, 0.25);
        assert!(q1.is_finite() && q1 < 0.0, "{q1}");
    }
}

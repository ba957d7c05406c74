//! Empirical-Bayes prior for segment rates: a Beta(α, β) fitted to the segments by the method of
//! moments, weighting each segment by its size.
//!
//! With overall rate μ = Σk/Σn and the n-weighted variance of segment rates s², the binomial
//! noise contributes μ(1−μ)(K−1)/N on average, so the between-segment variance is
//! τ² = (N·s² − μ(1−μ)(K−1)) / (N − Σn²/N). Then α + β = μ(1−μ)/τ² − 1.
//!
//! Fallbacks (reported in `method`): with fewer than 3 segments the variance cannot be estimated
//! and a weak prior of strength 2 centred on μ is used; when τ² ≤ 0 (the segments differ no more
//! than chance would make them) the prior strength is N, so every segment is pulled to μ; when
//! μ is 0 or 1 the Jeffreys prior Beta(½, ½) is used.

use serde::{Deserialize, Serialize};

/// The fitted prior.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PriorFit {
    pub alpha: f64,
    pub beta: f64,
    /// "moments" or "fallback: …" with the reason.
    pub method: String,
}

/// Fits Beta(α, β) to segments given as (n, positives).
pub fn fit_prior(segments: &[(u64, u64)]) -> PriorFit {
    let n_total: f64 = segments.iter().map(|s| s.0 as f64).sum();
    let k_total: f64 = segments.iter().map(|s| s.1 as f64).sum();
    let used: Vec<(f64, f64)> =
        segments.iter().filter(|s| s.0 > 0).map(|&(n, k)| (n as f64, k as f64)).collect();
    if n_total == 0.0 {
        return PriorFit {
            alpha: 0.5,
            beta: 0.5,
            method: "fallback: no rows (Jeffreys prior)".into(),
        };
    }
    let mu = k_total / n_total;
    if mu <= 0.0 || mu >= 1.0 {
        return PriorFit {
            alpha: 0.5,
            beta: 0.5,
            method: "fallback: every row has the same class (Jeffreys prior)".into(),
        };
    }
    let k = used.len() as f64;
    if used.len() < 3 {
        return PriorFit {
            alpha: 2.0 * mu,
            beta: 2.0 * (1.0 - mu),
            method: "fallback: fewer than 3 segments (weak prior of strength 2)".into(),
        };
    }
    let s2 = used.iter().map(|(n, kk)| n * (kk / n - mu).powi(2)).sum::<f64>() / n_total;
    let sum_n2: f64 = used.iter().map(|(n, _)| n * n).sum();
    let denom = n_total - sum_n2 / n_total;
    let tau2 = if denom > 0.0 { (n_total * s2 - mu * (1.0 - mu) * (k - 1.0)) / denom } else { 0.0 };
    if tau2 <= 0.0 {
        return PriorFit {
            alpha: mu * n_total,
            beta: (1.0 - mu) * n_total,
            method: "fallback: segments differ no more than chance (prior strength = all rows)"
                .into(),
        };
    }
    let strength = (mu * (1.0 - mu) / tau2 - 1.0).max(1e-6);
    PriorFit { alpha: mu * strength, beta: (1.0 - mu) * strength, method: "moments".into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_on_clearly_different_segments() {
        // Rates 0.1, 0.5, 0.9 on 100 rows each: μ = 0.5, s² = 0.10667, noise 0.25·2/300,
        // τ² = (300·0.10667 − 0.5) / (300 − 100) = 0.1575, strength = 0.25/0.1575 − 1 = 0.587.
        let p = fit_prior(&[(100, 10), (100, 50), (100, 90)]);
        assert_eq!(p.method, "moments");
        assert!((p.alpha + p.beta - 0.5873).abs() < 1e-3, "{p:?}");
        assert!((p.alpha / (p.alpha + p.beta) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn fallbacks_are_named() {
        assert!(fit_prior(&[(10, 5), (10, 5), (10, 5)])
            .method
            .starts_with("fallback: segments differ"));
        assert!(fit_prior(&[(10, 5), (10, 2)]).method.contains("fewer than 3"));
        assert!(fit_prior(&[(10, 0), (10, 0), (5, 0)]).method.contains("Jeffreys"));
        assert!(fit_prior(&[]).method.contains("no rows"));
    }
}

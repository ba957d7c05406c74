//! Segment statistics on arbitrary counts: `fit_prior` on (n, positives) pairs of any size,
//! `segment_stats` on a segmentation built from small counts (with model probabilities), and
//! `stats::wilson`.
//!
//! Invariants for valid input (positives ≤ n): Wilson intervals lie in [0, 1] with lo ≤ hi and
//! contain the observed rate when n > 0; the prior's α and β are finite and positive; every
//! shrunk rate is in [0, 1]; no NaN anywhere; segment counts add up to the totals.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use micronum::engine::segment::{fit_prior, segment_stats, Segmentation};
use micronum::engine::stats::{wilson, Z95};

#[derive(Debug, Arbitrary)]
struct Input {
    /// (n, positives) of any size, for the prior and Wilson; positives is reduced modulo n + 1.
    counts: Vec<(u64, u64)>,
    /// Small segments (n ≤ 255) for `segment_stats`, with a probability code per segment.
    small: Vec<(u8, u8, u8)>,
    /// Rows assigned to a segment that does not exist (they are ignored).
    stray: u8,
    min_support: u8,
    /// A z other than Z95 (0 to 6.5535).
    z: u16,
}

fn valid(n: u64, k: u64) -> (u64, u64) {
    (n, if n == u64::MAX { k } else { k % (n + 1) })
}

fn check_interval(k: u64, n: u64, z: f64) {
    let (lo, hi) = wilson(k, n, z);
    assert!(!lo.is_nan() && !hi.is_nan(), "wilson({k}, {n}, {z}) = ({lo}, {hi})");
    assert!(
        (0.0..=1.0).contains(&lo) && (0.0..=1.0).contains(&hi),
        "wilson({k}, {n}, {z}) = ({lo}, {hi})"
    );
    assert!(lo <= hi, "wilson({k}, {n}, {z}) = ({lo}, {hi})");
    if n > 0 {
        let p = k as f64 / n as f64;
        // The interval holds the observed rate.
        assert!(lo <= p && p <= hi, "wilson({k}, {n}, {z}) = ({lo}, {hi}) misses {p}");
    }
}

fuzz_target!(|input: Input| {
    let z = input.z as f64 / 10_000.0;
    let counts: Vec<(u64, u64)> = input.counts.iter().take(64).map(|&(n, k)| valid(n, k)).collect();
    for &(n, k) in &counts {
        check_interval(k, n, Z95);
        check_interval(k, n, z);
    }

    let prior = fit_prior(&counts);
    assert!(prior.alpha.is_finite() && prior.alpha > 0.0, "{prior:?} for {counts:?}");
    assert!(prior.beta.is_finite() && prior.beta > 0.0, "{prior:?} for {counts:?}");
    for &(n, k) in &counts {
        let shrunk = (k as f64 + prior.alpha) / (n as f64 + prior.alpha + prior.beta);
        assert!((0.0..=1.0).contains(&shrunk), "shrunk {shrunk} for ({n}, {k}) with {prior:?}");
    }

    // A segmentation with exactly these counts, and the table of its statistics.
    let small: Vec<(u8, u8, u8)> = input.small.iter().take(40).copied().collect();
    let mut assignment = Vec::new();
    let mut y = Vec::new();
    let mut proba = Vec::new();
    for (s, &(n, k, p)) in small.iter().enumerate() {
        let k = k % (n.saturating_add(1)).max(1);
        for i in 0..n {
            assignment.push(s);
            y.push((i < k) as u8);
            proba.push(p as f64 / 255.0);
        }
    }
    for _ in 0..input.stray % 8 {
        assignment.push(small.len() + 3);
        y.push(1);
        proba.push(0.5);
    }
    let labels: Vec<String> = (0..small.len()).map(|s| format!("s{s}")).collect();
    let seg = Segmentation { assignment, labels };
    let Ok(table) = segment_stats(&seg, &y, Some(&proba), input.min_support as u64) else {
        assert_eq!(input.min_support, 0);
        return;
    };
    let n: u64 = small.iter().map(|s| s.0 as u64).sum();
    assert_eq!(table.n, n);
    assert_eq!(table.segments.iter().map(|s| s.n).sum::<u64>(), table.n);
    assert_eq!(table.segments.iter().map(|s| s.positives).sum::<u64>(), table.positives);
    assert_eq!(table.segments.len(), small.iter().filter(|s| s.0 > 0).count());
    assert!((0.0..=1.0).contains(&table.overall_rate));
    assert!(table.prior.alpha.is_finite() && table.prior.alpha > 0.0, "{:?}", table.prior);
    assert!(table.prior.beta.is_finite() && table.prior.beta > 0.0, "{:?}", table.prior);
    for s in &table.segments {
        assert!(s.n > 0 && s.positives <= s.n, "{s:?}");
        for x in [s.rate, s.ci_low, s.ci_high, s.shrunk_rate, s.share_of_positives] {
            assert!((0.0..=1.0).contains(&x), "{s:?}");
        }
        assert!(s.ci_low <= s.rate && s.rate <= s.ci_high, "{s:?}");
        assert!(
            s.lift.is_finite()
                && s.lift >= 0.0
                && s.shrunk_lift.is_finite()
                && s.shrunk_lift >= 0.0,
            "{s:?}"
        );
        let mp = s.mean_proba.expect("proba given");
        assert!((-1e-12..=1.0 + 1e-12).contains(&mp), "{s:?}");
        assert_eq!(s.small_n, s.n < input.min_support as u64);
    }
    let csv = table.to_csv();
    assert_eq!(csv.lines().count(), table.segments.len() + 1);
});

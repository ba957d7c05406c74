//! Seeded randomness: every random choice in the engine goes through a `ChaCha8Rng` built here.
//!
//! Why: the same data and `random_state` must give the same model natively and in wasm, whatever
//! the thread or worker count. So per-unit seeds (one per tree, per fold, per restart) are drawn
//! from the master generator *before* any parallel work, and helpers below never touch global or
//! OS randomness.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

pub use rand_chacha::ChaCha8Rng as Rng;

/// The generator for `seed`.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// `n` independent seeds derived from `random_state`, drawn before any parallel work.
pub fn derive_seeds(random_state: u64, n: usize) -> Vec<u64> {
    let mut master = rng(random_state);
    (0..n).map(|_| master.next_u64()).collect()
}

/// Uniform integer in `0..n` (Lemire's nearly-divisionless method; unbiased). `n` must be > 0.
pub fn below(rng: &mut impl RngCore, n: usize) -> usize {
    debug_assert!(n > 0);
    let n = n as u64;
    let mut m = (rng.next_u64() as u128) * (n as u128);
    let mut low = m as u64;
    if low < n {
        let threshold = n.wrapping_neg() % n;
        while low < threshold {
            m = (rng.next_u64() as u128) * (n as u128);
            low = m as u64;
        }
    }
    (m >> 64) as usize
}

/// Uniform float in `[0, 1)` with 53 random bits.
pub fn unit(rng: &mut impl RngCore) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// Fisher–Yates shuffle in place.
pub fn shuffle<T>(rng: &mut impl RngCore, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = below(rng, i + 1);
        items.swap(i, j);
    }
}

/// Indices `0..n`, or a seeded sample of `max` of them without replacement, in increasing order.
pub fn sample_indices(n: usize, max: usize, seed: u64) -> Vec<usize> {
    let mut all: Vec<usize> = (0..n).collect();
    if n > max {
        shuffle(&mut rng(seed), &mut all);
        all.truncate(max);
        all.sort_unstable();
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_repeat_for_the_same_state() {
        assert_eq!(derive_seeds(42, 5), derive_seeds(42, 5));
        assert_ne!(derive_seeds(42, 5), derive_seeds(43, 5));
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut r = rng(1);
        let mut seen = [0usize; 7];
        for _ in 0..7000 {
            seen[below(&mut r, 7)] += 1;
        }
        // Each bucket expects 1000; 800 is > 6 standard deviations (sd ≈ 29) below.
        assert!(seen.iter().all(|&c| c > 800), "{seen:?}");
    }

    #[test]
    fn unit_is_in_half_open_interval() {
        let mut r = rng(3);
        assert!((0..10_000).map(|_| unit(&mut r)).all(|u| (0.0..1.0).contains(&u)));
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v: Vec<usize> = (0..100).collect();
        shuffle(&mut rng(9), &mut v);
        let mut s = v.clone();
        s.sort();
        assert_eq!(s, (0..100).collect::<Vec<_>>());
        assert_ne!(v, s);
    }
}

//! The search's score of a segment and its optimistic estimate.
//!
//! Quality is generalization-aware: a segment scores only by how far it beats *each* of its
//! generalizations (every sub-conjunction of its conditions, the empty one — all rows — too),
//! and, for 2–3 conditions, also the rate its single conditions predict together if each
//! multiplied the odds of buying independently of the others (odds(e) = Π odds(pᵢ) /
//! odds(p₀)^(d−1), a logit-additive baseline). Measured as a binomial z-score on the search half,
//! z(n, k; p) = (k − n·p)/√(n·p·(1−p)), the segment must beat every reference r, so its "above"
//! score is min_r z(n, k; r). z falls as p rises (dz/dp ∝ −(p + r − 2rp) ≤ 0 with r = k/n), so
//! that minimum is z against the highest reference: above = z(n, k; max_r r). "Below" is the same
//! on the non-buyers: below = z(n, n−k; 1 − min_r r). The quality is the larger of the two.
//! Why both: beating each generalization stops a broad family ("age > 31 and salary > 88k and
//! anything") from scoring what an added condition does not add; beating the independent-odds
//! prediction stops two smooth main effects (age, salary) from filling the list with their
//! crossings ("age > 50 and salary > 79k" is as high as its two parts predict). What is left is
//! what the parts do not explain — "East and phone and new" when that small group stands out.
//!
//! Optimistic estimate (an upper bound on the quality of every refinement s′ of s with at least
//! `min_support` rows): s′'s generalizations include s and all of s's, so its highest reference
//! is at least P = max(max_g p_g, p_s) over s's generalizations g (the independent-odds
//! reference only raises it further), and z falls in p, so q_above(s′) ≤ z(n′, k′; P). The
//! refinement can keep at most k_s buyers; for fixed n′ z grows with k′, so k′ = min(n′, k_s);
//! then z = √n′·√((1−P)/P) grows with n′ up to n′ = k_s and (k_s − n′P)/√(n′P(1−P)) falls after
//! it, so the bound is z(max(k_s, m), min(max(k_s, m), k_s); P). The same on non-buyers bounds
//! "below". The bound is admissible (never below a refinement's quality), which `tests` checks
//! by brute force; the search prunes a branch only when its bound is below the worst kept
//! quality. Everything here is +, −, ×, ÷ and √ — correctly rounded in IEEE arithmetic — so
//! the search ranks identically natively and in wasm.

/// Binomial z-score of k buyers among n against rate p (0 < p < 1).
pub fn z(n: f64, k: f64, p: f64) -> f64 {
    (k - n * p) / (n * p * (1.0 - p)).sqrt()
}

/// The rate `d` = `rates.len()` ≥ 2 conditions of rates `rates` predict together if each
/// multiplied the odds independently: odds = Π odds(pᵢ) / odds(p₀)^(d−1). p₀ when the rates
/// say both "never" and "always" (the product is undefined).
pub fn independent_odds(p0: f64, rates: &[f64]) -> f64 {
    let odds = |p: f64| p / (1.0 - p);
    let base = odds(p0);
    let o = rates.iter().fold(1.0, |acc, &p| acc * odds(p) / base) * base;
    if o.is_nan() {
        p0
    } else if o.is_infinite() {
        1.0
    } else {
        o / (1.0 + o)
    }
}

/// Which way a segment departs from its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Above,
    Below,
}

/// Highest and lowest rate among a segment's generalizations.
#[derive(Debug, Clone, Copy)]
pub struct Reference {
    pub max: f64,
    pub min: f64,
}

impl Reference {
    /// The reference of a single condition: the overall rate.
    pub fn overall(p0: f64) -> Reference {
        Reference { max: p0, min: p0 }
    }

    /// Widened by one more generalization of rate `p`.
    pub fn with(self, p: f64) -> Reference {
        Reference { max: self.max.max(p), min: self.min.min(p) }
    }
}

/// Generalization-aware quality of n rows with k buyers, and its direction.
/// −∞ when neither direction is possible (a reference rate of 1 above, 0 below).
pub fn quality(n: u64, k: u64, r: Reference) -> (f64, Direction) {
    let (nf, kf) = (n as f64, k as f64);
    let above = if r.max < 1.0 { z(nf, kf, r.max) } else { f64::NEG_INFINITY };
    let below = if r.min > 0.0 { z(nf, nf - kf, 1.0 - r.min) } else { f64::NEG_INFINITY };
    if above >= below {
        (above, Direction::Above)
    } else {
        (below, Direction::Below)
    }
}

/// Upper bound on the quality of any refinement (≥ `m` rows) of n rows with k buyers whose
/// generalizations span `r` (see the module doc).
pub fn optimistic(n: u64, k: u64, r: Reference, m: u64) -> f64 {
    let rate = k as f64 / n.max(1) as f64;
    let above = one_side(k, r.max.max(rate), m);
    let below = one_side(n - k, 1.0 - r.min.min(rate), m);
    above.max(below)
}

/// max over n′ ≥ m of z(n′, min(n′, hits); p): hits = the rows of the favoured class.
fn one_side(hits: u64, p: f64, m: u64) -> f64 {
    if p >= 1.0 || p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let n = hits.max(m);
    z(n as f64, hits.min(n) as f64, p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_by_hand() {
        // 100 rows, 60 buyers; generalizations at 0.2 (overall) and 0.3: above against 0.3:
        // (60 − 30)/√(100·0.3·0.7) = 30/4.5826 = 6.5465.
        let r = Reference::overall(0.2).with(0.3);
        let (q, d) = quality(100, 60, r);
        assert!((q - 6.546537).abs() < 1e-6, "{q}");
        assert_eq!(d, Direction::Above);
        // 100 rows, 2 buyers, generalizations 0.2 and 0.155: below against 0.155:
        // (98 − 84.5)/√(100·0.845·0.155) = 13.5/√13.0975 = 13.5/3.61905 = 3.73026.
        let (q, d) = quality(100, 2, Reference::overall(0.2).with(0.155));
        assert!((q - 3.730264).abs() < 1e-6, "{q}");
        assert_eq!(d, Direction::Below);
        // A segment no better than a generalization scores ≤ 0.
        assert!(quality(100, 30, r).0 <= 0.0);
    }

    #[test]
    fn independent_odds_by_hand() {
        // p₀ = 0.2 (odds 0.25); parts at 0.5 (odds 1) and 0.333… (odds 0.5):
        // odds = 1 · 0.5 / 0.25 = 2 → rate 2/3.
        let e = independent_odds(0.2, &[0.5, 1.0 / 3.0]);
        assert!((e - 2.0 / 3.0).abs() < 1e-12, "{e}");
        // Three parts at p₀ predict p₀; a part at 0 predicts 0, at 1 predicts 1.
        assert!((independent_odds(0.3, &[0.3, 0.3, 0.3]) - 0.3).abs() < 1e-12);
        assert_eq!(independent_odds(0.3, &[0.0, 0.5]), 0.0);
        assert_eq!(independent_odds(0.3, &[1.0, 0.5]), 1.0);
        assert_eq!(independent_odds(0.3, &[1.0, 0.0]), 0.3);
    }

    #[test]
    fn optimistic_by_hand() {
        // 200 rows, 50 buyers, reference max 0.2 < rate 0.25 → P = 0.25. m = 30 ≤ 50, so
        // n′ = k′ = 50: z = √50·√(0.75/0.25) = 12.247.
        let o = optimistic(200, 50, Reference::overall(0.2), 30);
        assert!((o - 12.247449).abs() < 1e-5, "{o}");
        // With m = 80 > 50 buyers: n′ = 80, k′ = 50: (50 − 20)/√(80·0.25·0.75) = 7.746.
        let o = optimistic(200, 50, Reference::overall(0.2), 80);
        // The below side: 150 non-buyers, 1 − min(0.2, 0.25) = 0.8: n′ = 150, z = √150·√(0.2/0.8)
        // = 6.124 — smaller, so the above side gives the bound.
        assert!((o - 7.745967).abs() < 1e-5, "{o}");
    }

    /// Every conjunction of conditions over a tiny random table, brute-forced: rows, buyers and
    /// the generalization rates from membership masks, no bins, no search code.
    #[test]
    fn optimistic_estimate_is_admissible_by_brute_force() {
        let mut g = crate::engine::rng::rng(5);
        for trial in 0..40 {
            // At most 63 rows: one u64 mask per condition.
            let rows = 24 + trial;
            // 7 conditions, each a random subset of rows; the target a random 30 %.
            let conds: Vec<u64> = (0..7).map(|_| g_mask(&mut g, rows, 0.6)).collect();
            let y = g_mask(&mut g, rows, 0.3);
            let all = if rows == 64 { u64::MAX } else { (1u64 << rows) - 1 };
            let count = |m: u64| (m.count_ones() as u64, (m & y).count_ones() as u64);
            let (n0, k0) = count(all);
            if k0 == 0 || k0 == n0 {
                continue;
            }
            let mask_of =
                |set: u32| (0..7).filter(|i| set >> i & 1 == 1).fold(all, |m, i| m & conds[i]);
            let p0 = k0 as f64 / n0 as f64;
            // Generalizations only: what the optimistic estimate may use.
            let reference = |set: u32| {
                let mut r = Reference::overall(p0);
                // Every proper non-empty subset of `set`.
                let mut sub = (set - 1) & set;
                while sub > 0 {
                    let (n, k) = count(mask_of(sub));
                    if n > 0 {
                        r = r.with(k as f64 / n as f64);
                    }
                    sub = (sub - 1) & set;
                }
                r
            };
            let m = 3;
            for s in 1u32..128 {
                let (n, k) = count(mask_of(s));
                if n < m || s.count_ones() > 3 {
                    continue;
                }
                let bound = optimistic(n, k, reference(s), m);
                for t in 1u32..128 {
                    if t & s != s || t == s || t.count_ones() > 4 {
                        continue;
                    }
                    let (nt, kt) = count(mask_of(t));
                    if nt < m {
                        continue;
                    }
                    let singles: Vec<f64> = (0..7)
                        .filter(|i| t >> i & 1 == 1)
                        .map(|i| {
                            let (n, k) = count(conds[i] & all);
                            k as f64 / n.max(1) as f64
                        })
                        .collect();
                    let q = quality(nt, kt, reference(t).with(independent_odds(p0, &singles))).0;
                    assert!(q <= bound + 1e-12, "trial {trial}: {s:b} ⊂ {t:b}: {q} > {bound}");
                }
            }
        }
    }

    fn g_mask(g: &mut crate::engine::rng::Rng, rows: usize, share: f64) -> u64 {
        (0..rows).filter(|_| crate::engine::rng::unit(g) < share).fold(0, |m, i| m | 1 << i)
    }
}

//! False-discovery-rate q-values: Benjamini–Hochberg and Benjamini–Yekutieli.
//!
//! With m p-values sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, the BH q-value of p₍ᵢ₎ is
//! min over j ≥ i of m·p₍ⱼ₎/j (capped at 1); calling every q ≤ α significant controls the
//! expected share of false discoveries at α for independent or positively dependent tests.
//! BY multiplies by c(m) = Σ_{i=1..m} 1/i and holds under any dependence. These are the
//! adjusted p-values of R's `p.adjust(method = "BH" | "BY")` and scipy's
//! `false_discovery_control(method = "bh" | "by")`.

/// BH q-values, in the order of `p`.
pub fn benjamini_hochberg(p: &[f64]) -> Vec<f64> {
    step_up(p, 1.0)
}

/// BY q-values, in the order of `p`.
pub fn benjamini_yekutieli(p: &[f64]) -> Vec<f64> {
    let c: f64 = (1..=p.len()).map(|i| 1.0 / i as f64).sum();
    step_up(p, c)
}

/// min over j ≥ i of c·m·p₍ⱼ₎/j, capped at 1, put back in input order.
fn step_up(p: &[f64], c: f64) -> Vec<f64> {
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut q = vec![0.0; m];
    let mut running = 1.0f64;
    for (rank, &i) in order.iter().enumerate().rev() {
        running = running.min(c * m as f64 * p[i] / (rank + 1) as f64);
        q[i] = running;
    }
    q
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
    }

    #[test]
    fn bh_by_hand() {
        // p = [0.01, 0.04, 0.03, 0.005], m = 4. Sorted: 0.005, 0.01, 0.03, 0.04.
        // m·p/rank: 0.005·4/1 = 0.02, 0.01·4/2 = 0.02, 0.03·4/3 = 0.04, 0.04·4/4 = 0.04;
        // running minimum from the end leaves them as they are.
        let q = benjamini_hochberg(&[0.01, 0.04, 0.03, 0.005]);
        assert!(close(&q, &[0.02, 0.04, 0.04, 0.02]), "{q:?}");
        // BY: c(4) = 1 + 1/2 + 1/3 + 1/4 = 25/12 → 0.02·25/12 = 0.041667, 0.04·25/12 = 0.083333.
        let q = benjamini_yekutieli(&[0.01, 0.04, 0.03, 0.005]);
        assert!(close(&q, &[0.025 / 0.6, 0.05 / 0.6, 0.05 / 0.6, 0.025 / 0.6]), "{q:?}");
    }

    #[test]
    fn the_running_minimum_matters() {
        // p = [0.01, 0.02, 0.021], m = 3: m·p/rank = 0.03, 0.03, 0.021 → every q is 0.021.
        let q = benjamini_hochberg(&[0.01, 0.02, 0.021]);
        assert!(close(&q, &[0.021, 0.021, 0.021]), "{q:?}");
        // Ties keep equal q-values; large p-values are capped at 1: m·p/rank = 1.6, 1.2 → 1, 1.
        assert!(close(&benjamini_hochberg(&[0.8, 0.8]), &[0.8, 0.8]));
        assert!(close(&benjamini_yekutieli(&[0.8, 0.9]), &[1.0, 1.0]));
        assert!(benjamini_hochberg(&[]).is_empty());
    }
}

//! Profit curve: a hand-computed case, the best threshold against a brute-force scan, the
//! bootstrap against the binomial spread, and every parameter and data error.

use super::*;
use crate::engine::rng::{below, rng, unit};

fn curve(y: &[u8], proba: &[f64], value: f64, cost: f64) -> ProfitCurve {
    profit_curve(y, proba, &ProfitParams::new(value, cost).check().unwrap()).unwrap()
}

#[test]
fn five_customers_by_hand() {
    // Scores 0.9, 0.8, 0.8, 0.3, 0.1; buyers at 0.9 and one 0.8; a purchase earns 10, a contact
    // costs 3. Contacting ≥ 0.9: 10 − 3 = 7; ≥ 0.8: 2·10 − 3·3 = 11; ≥ 0.3: 20 − 12 = 8;
    // everyone: 20 − 15 = 5. Best: threshold 0.8, 3 contacts (60%), profit 11 (2.2 each).
    let c = curve(&[1, 0, 1, 0, 0], &[0.9, 0.8, 0.8, 0.3, 0.1], 10.0, 3.0);
    let best = c.best.unwrap();
    assert_eq!((best.threshold, best.contacted, best.buyers, best.profit), (0.8, 3, 2, 11.0));
    assert_eq!((best.share, best.per_customer), (0.6, 2.2));
    let profits: Vec<f64> = c.points.iter().map(|p| p.profit).collect();
    assert_eq!(profits, [7.0, 11.0, 8.0, 5.0]);
    assert_eq!((c.customers, c.buyers), (5, 2));
    assert!(c.points.iter().all(|p| p.low <= p.high));
}

#[test]
fn the_best_threshold_is_the_brute_force_best() {
    for seed in 0..20 {
        let mut g = rng(seed);
        let n = 50 + below(&mut g, 400);
        // Scores on a coarse grid, so many customers tie.
        let proba: Vec<f64> = (0..n).map(|_| below(&mut g, 40) as f64 / 39.0).collect();
        let y: Vec<u8> = proba.iter().map(|&p| (unit(&mut g) < p * 0.8) as u8).collect();
        let (value, cost) = (1.0 + below(&mut g, 50) as f64, 1.0 + below(&mut g, 20) as f64);
        let c = curve(&y, &proba, value, cost);
        // Brute force: every threshold of a fine grid and every score; count directly.
        let mut candidates: Vec<f64> = (0..=1000).map(|i| i as f64 / 1000.0).collect();
        candidates.extend(&proba);
        let mut best: (f64, u64) = (0.0, 0); // (profit, contacts): nobody
        for &t in &candidates {
            let contacted = proba.iter().filter(|&&p| p >= t).count() as u64;
            let buyers = (0..n).filter(|&i| proba[i] >= t && y[i] == 1).count() as u64;
            let profit = value * buyers as f64 - cost * contacted as f64;
            if profit > best.0 || (profit == best.0 && contacted < best.1) {
                best = (profit, contacted);
            }
        }
        match c.best {
            Some(b) => {
                assert_eq!((b.profit, b.contacted), best, "seed {seed}");
                let at = proba.iter().filter(|&&p| p >= b.threshold).count() as u64;
                assert_eq!(at, b.contacted, "the threshold contacts exactly those customers");
            }
            None => assert_eq!(best, (0.0, 0), "seed {seed}: nobody is best only if nothing pays"),
        }
    }
}

#[test]
fn contacting_nobody_when_no_contact_pays() {
    let c = curve(&[1, 0, 0], &[0.9, 0.5, 0.2], 2.0, 5.0);
    assert_eq!(c.best, None);
    assert!(c.points.iter().all(|p| p.profit < 0.0));
}

#[test]
fn points_spread_over_the_share_contacted() {
    let proba: Vec<f64> = (0..1000).map(|i| i as f64 / 999.0).collect();
    let y: Vec<u8> = (0..1000).map(|i| (i % 3 == 0) as u8).collect();
    let params = ProfitParams::new(5.0, 1.0).points(11).resamples(0).check().unwrap();
    let c = profit_curve(&y, &proba, &params).unwrap();
    let shares: Vec<f64> = c.points.iter().map(|p| p.share).collect();
    assert!(shares.windows(2).all(|w| w[0] < w[1]), "{shares:?}");
    assert_eq!((shares[0], *shares.last().unwrap()), (0.001, 1.0));
    // 11 evenly spread points plus the best one.
    assert!(c.points.len() <= 12 && c.points.len() >= 11, "{}", c.points.len());
    assert!(c.points.iter().all(|p| p.low == p.profit && p.high == p.profit), "no resamples");
    assert_eq!(c.gains.rows.len(), 10);
}

#[test]
fn bootstrap_interval_matches_the_binomial_spread() {
    // Everyone contacted, a purchase worth 1 and contacts free: the profit is the number of
    // buyers, whose bootstrap SD is √(n·p·(1 − p)) = √(2000·0.3·0.7) = 20.49, so the 95%
    // interval is about ±1.96·20.49 = ±40.2 around 600.
    let n = 2000;
    let y: Vec<u8> = (0..n).map(|i| (i % 10 < 3) as u8).collect();
    let proba = vec![0.5; n];
    let params = ProfitParams::new(1.0, 0.0).resamples(2000).seed(7).check().unwrap();
    let c = profit_curve(&y, &proba, &params).unwrap();
    let all = c.points.last().unwrap();
    assert_eq!((all.profit, all.contacted), (600.0, 2000));
    let half = (all.high - all.low) / 2.0;
    assert!((half - 40.2).abs() < 0.1 * 40.2, "half-width {half}");
    assert!(all.low < 600.0 && 600.0 < all.high);
    // Same seed, same interval; another seed, another.
    let again = profit_curve(&y, &proba, &params).unwrap();
    assert_eq!(again, c);
    let other = ProfitParams::new(1.0, 0.0).resamples(2000).seed(8).check().unwrap();
    assert_ne!(profit_curve(&y, &proba, &other).unwrap().points, c.points);
}

#[test]
fn bad_settings_and_rows_are_refused() {
    let check = |p: ProfitParams| p.check().unwrap_err();
    assert_eq!(
        check(ProfitParams::new(-1.0, 1.0)),
        ExplainError::Money { what: "value of a purchase", value: -1.0 }
    );
    assert!(matches!(
        check(ProfitParams::new(1.0, f64::NAN)),
        ExplainError::Money { what: "cost of a contact", .. }
    ));
    assert_eq!(
        check(ProfitParams::new(1.0, 1.0).resamples(10_001)),
        ExplainError::Resamples { found: 10_001, max: 10_000 }
    );
    assert_eq!(
        check(ProfitParams::new(1.0, 1.0).points(1)),
        ExplainError::CurvePoints { found: 1, max: 1000 }
    );
    let ok = ProfitParams::new(1.0, 1.0).check().unwrap();
    assert_eq!(
        profit_curve(&[1, 0], &[0.5], &ok).unwrap_err(),
        ExplainError::Lengths { labels: 2, scores: 1 }
    );
    assert_eq!(profit_curve(&[], &[], &ok).unwrap_err(), ExplainError::NoRows);
    assert_eq!(
        profit_curve(&[0, 2], &[0.5, 0.5], &ok).unwrap_err(),
        ExplainError::Label { row: 1, value: 2 }
    );
    assert!(matches!(
        profit_curve(&[0, 1], &[0.5, f64::NAN], &ok).unwrap_err(),
        ExplainError::Score { row: 1, .. }
    ));
}

//! By how much one model beats another on the same test rows, with an interval: a seeded paired
//! bootstrap of the differences in accuracy and in ROC AUC.
//!
//! Each resample draws the test rows with replacement (row multiplicities from a `ChaCha8Rng`
//! seeded by `seed`), and both models are scored on the same draw, so what they share (easy
//! and hard rows) cancels. The interval is the 2.5 % and 97.5 % quantiles of the resampled
//! differences (linear interpolation, numpy's default). Weighted AUC per resample: rows sorted by
//! score once per model, then one pass per resample adding up, for each group of tied scores,
//! its positive weight times (the negative weight below it + half its own negative weight). The
//! resample's weights are written straight into each model's sorted order, so that pass reads
//! adjacent memory (it was three random reads a row and model: 43 % of a million-row `train`).
//! Resamples without both classes have no AUC and are left out of its interval.

use serde::{Deserialize, Serialize};

use crate::engine::metrics::label_at;
use crate::engine::rng;
use crate::engine::stats::quantile_sorted;

/// The difference of a score between model A and model B (A − B), with a 95 % interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Difference {
    /// On the test rows as they are.
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
    /// Share of resamples where A scored higher than B.
    pub share_a_better: f64,
    /// Resamples behind the interval.
    pub resamples: usize,
    /// Rows each resample drew when there were more test rows than [`RESAMPLED_ROWS`]: a
    /// seeded subsample, the spread then rescaled to all rows (None: every test row).
    #[serde(default)]
    pub subsample: Option<usize>,
}

impl Difference {
    /// `+1.23 points (95 % interval −0.31 to +2.70; forest better in 94 % of 1000 resamples)`, with
    /// the difference multiplied by `scale` (100 for points of accuracy) and `unit` after it.
    pub fn text(&self, scale: f64, unit: &str) -> String {
        let digits = if scale == 1.0 { 4 } else { 2 };
        format!(
            "{:+.*}{unit} (95 % interval {:+.*} to {:+.*}; forest better in {:.0} % of {} resamples{})",
            digits,
            self.estimate * scale,
            digits,
            self.low * scale,
            digits,
            self.high * scale,
            self.share_a_better * 100.0,
            self.resamples,
            self.subsample.map(|m| format!(" of {m} rows, rescaled to all")).unwrap_or_default()
        )
    }
}

impl PairedComparison {
    /// The accuracy comparison of a forest (A) with the logistic regression (B) in one plain
    /// sentence: better, worse, or not clearly different (its interval holds 0).
    pub fn verdict(&self) -> String {
        let d = &self.accuracy;
        let (lo, hi) = (d.low * 100.0, d.high * 100.0);
        let margin =
            format!("{:.1} points (95 % interval {lo:+.1} to {hi:+.1})", d.estimate.abs() * 100.0);
        if d.low > 0.0 {
            format!("The forest is more accurate than the logistic regression by {margin}.")
        } else if d.high < 0.0 {
            format!("The logistic regression is more accurate than the forest by {margin}: the data may not need a forest.")
        } else {
            format!(
                "The forest is not clearly more accurate than the logistic regression: the difference, {:+.1} points (95 % interval {lo:+.1} to {hi:+.1}), could be chance.",
                d.estimate * 100.0
            )
        }
    }
}

/// Accuracy and ROC AUC differences of model A over model B.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairedComparison {
    pub accuracy: Difference,
    /// None when the test rows lack a class.
    pub roc_auc: Option<Difference>,
    pub seed: u64,
}

/// Test rows a comparison resamples at most. Beyond, the estimates still use every row, and
/// the intervals come from resampling a seeded subsample of this many rows, with each resampled
/// difference's distance from the subsample's own difference shrunk by √(subsample / rows): the
/// m-out-of-n bootstrap of a √n-consistent statistic (accuracy is a mean, AUC a U-statistic).
/// Each resample costs a pass over the rows it draws: on a million-row file (250,000 test rows)
/// 1,000 full resamples took half of a whole `train`, on ten million rows most of it.
pub const RESAMPLED_ROWS: usize = 20_000;

/// Compares P(positive) `a` and `b` of the same rows with true classes `y`, at `threshold`.
pub fn paired_bootstrap(
    y: &[u8],
    a: &[f64],
    b: &[f64],
    threshold: f64,
    resamples: usize,
    seed: u64,
) -> PairedComparison {
    let n = y.len();
    let all =
        Replicates::draw(y, a, b, threshold, if n > RESAMPLED_ROWS { 0 } else { resamples }, seed);
    if n <= RESAMPLED_ROWS {
        return all.comparison(seed, None);
    }
    let rows = rng::sample_indices(n, RESAMPLED_ROWS, seed ^ SUBSAMPLE_SEED);
    let pick = |v: &[f64]| rows.iter().map(|&r| v[r]).collect::<Vec<f64>>();
    let ys: Vec<u8> = rows.iter().map(|&r| y[r]).collect();
    let sub = Replicates::draw(&ys, &pick(a), &pick(b), threshold, resamples, seed);
    let shrink = (RESAMPLED_ROWS as f64 / n as f64).sqrt();
    let rescale = |full: f64, part: f64, diffs: Vec<f64>| -> Vec<f64> {
        diffs.into_iter().map(|d| full + (d - part) * shrink).collect()
    };
    let accuracy = rescale(all.accuracy, sub.accuracy, sub.acc_diffs);
    let auc = match (all.auc, sub.auc) {
        (Some(full), Some(part)) => rescale(full, part, sub.auc_diffs),
        _ => Vec::new(),
    };
    let rescaled = Replicates { acc_diffs: accuracy, auc_diffs: auc, ..all };
    rescaled.comparison(seed, Some(RESAMPLED_ROWS))
}

/// Mixed into the seed of the subsample, so it is not the resamples' stream.
const SUBSAMPLE_SEED: u64 = 0x5eed_5a3b;

/// The differences A − B on the rows as they are, and on each resample.
struct Replicates {
    accuracy: f64,
    /// None when the rows lack a class.
    auc: Option<f64>,
    acc_diffs: Vec<f64>,
    auc_diffs: Vec<f64>,
}

impl Replicates {
    /// The differences of `a` over `b` on rows `y` and on `resamples` seeded resamples of them.
    fn draw(y: &[u8], a: &[f64], b: &[f64], threshold: f64, resamples: usize, seed: u64) -> Self {
        let n = y.len();
        let right = |p: &[f64]| -> Vec<u8> {
            p.iter().zip(y).map(|(&p, &y)| (label_at(p, threshold) == y) as u8).collect()
        };
        let (ra, rb) = (right(a), right(b));
        let (sa, sb) = (Sorted::new(y, a), Sorted::new(y, b));
        // Right answers over n rows; sums of 0/1 counts are exact, as in every resample below.
        let acc = |right: u64| right as f64 / n.max(1) as f64;
        let count = |r: &[u8]| r.iter().map(|&x| x as u64).sum::<u64>();
        let accuracy = acc(count(&ra)) - acc(count(&rb));
        let ones = vec![1u32; n];
        let auc = sa.auc(&ones).zip(sb.auc(&ones)).map(|(x, z)| x - z);
        let mut r = rng::rng(seed);
        let (mut acc_diffs, mut auc_diffs) = (Vec::with_capacity(resamples), Vec::new());
        let (mut wa, mut wb) = (vec![0u32; n], vec![0u32; n]);
        for _ in 0..resamples {
            let (right_a, right_b) =
                resample(&mut r, &ra, &rb, (&sa.at, &mut wa), (&sb.at, &mut wb));
            acc_diffs.push(acc(right_a) - acc(right_b));
            if let (Some(x), Some(z)) = (sa.auc(&wa), sb.auc(&wb)) {
                auc_diffs.push(x - z);
            }
        }
        Replicates { accuracy, auc, acc_diffs, auc_diffs }
    }

    /// The comparison with the resampled differences' 95 % intervals (`subsample`: rows each
    /// resample drew, when not all).
    fn comparison(self, seed: u64, subsample: Option<usize>) -> PairedComparison {
        PairedComparison {
            accuracy: interval(self.accuracy, self.acc_diffs, subsample),
            roc_auc: self.auc.map(|d| interval(d, self.auc_diffs, subsample)),
            seed,
        }
    }
}

/// One model's rows in ascending score order (ties in row order): where each row sits, the
/// classes and the ends of the groups of tied scores in that order. A resample's weights are
/// kept in this order, so its AUC is one pass over adjacent memory.
struct Sorted {
    /// `at[row]`: the row's position.
    at: Vec<u32>,
    y: Vec<u8>,
    /// End (exclusive) of each group of tied scores.
    ends: Vec<u32>,
}

impl Sorted {
    fn new(y: &[u8], p: &[f64]) -> Sorted {
        let mut order: Vec<usize> = (0..y.len()).collect();
        order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
        let mut at = vec![0u32; y.len()];
        order.iter().enumerate().for_each(|(k, &r)| at[r] = k as u32);
        let ends = (1..=order.len())
            .filter(|&k| k == order.len() || p[order[k]] != p[order[k - 1]])
            .map(|k| k as u32)
            .collect();
        Sorted { at, y: order.iter().map(|&r| y[r]).collect(), ends }
    }

    /// ROC AUC with weights `w` given in this order (None without both classes): for each group
    /// of tied scores, its positive weight times (the negative weight below it + half its own),
    /// the sums of [`weighted_auc`] in the same order, so the same number to the last bit.
    #[inline(never)]
    fn auc(&self, w: &[u32]) -> Option<f64> {
        let (mut neg_below, mut area) = (0.0f64, 0.0f64);
        let (mut pos_total, mut neg_total) = (0.0f64, 0.0f64);
        let mut start = 0;
        for &end in &self.ends {
            let (mut gp, mut gn) = (0.0, 0.0);
            let end = end as usize;
            for (&weight, &y) in w[start..end].iter().zip(&self.y[start..end]) {
                let weight = weight as f64;
                if y == 1 {
                    gp += weight;
                } else {
                    gn += weight;
                }
            }
            start = end;
            area += gp * (neg_below + 0.5 * gn);
            neg_below += gn;
            pos_total += gp;
            neg_total += gn;
        }
        (pos_total > 0.0 && neg_total > 0.0).then(|| area / (pos_total * neg_total))
    }
}

/// One resample of the rows: each of n draws picks a row (multiplicities as before any
/// reordering) and adds one to its weight in each model's order. Returns how many draws each
/// model got right. Not inlined: one call per resample (see DEVELOPERS.md, "Speed in the
/// browser").
#[inline(never)]
fn resample(
    r: &mut rng::Rng,
    ra: &[u8],
    rb: &[u8],
    (at_a, wa): (&[u32], &mut [u32]),
    (at_b, wb): (&[u32], &mut [u32]),
) -> (u64, u64) {
    wa.iter_mut().for_each(|w| *w = 0);
    wb.iter_mut().for_each(|w| *w = 0);
    let n = ra.len();
    let (mut right_a, mut right_b) = (0u64, 0u64);
    for _ in 0..n {
        let row = rng::below(r, n);
        wa[at_a[row] as usize] += 1;
        wb[at_b[row] as usize] += 1;
        right_a += ra[row] as u64;
        right_b += rb[row] as u64;
    }
    (right_a, right_b)
}

fn interval(estimate: f64, mut diffs: Vec<f64>, subsample: Option<usize>) -> Difference {
    diffs.sort_by(f64::total_cmp);
    let better = diffs.iter().filter(|&&d| d > 0.0).count();
    Difference {
        estimate,
        low: quantile_sorted(&diffs, 0.025),
        high: quantile_sorted(&diffs, 0.975),
        share_a_better: better as f64 / diffs.len().max(1) as f64,
        resamples: diffs.len(),
        subsample,
    }
}

/// ROC AUC of scores `p` with row weights `w`, rows visited in ascending score `order` (None
/// without both classes).
pub fn weighted_auc(y: &[u8], p: &[f64], order: &[usize], w: &[u32]) -> Option<f64> {
    let (mut neg_below, mut area) = (0.0f64, 0.0f64);
    let (mut pos_total, mut neg_total) = (0.0f64, 0.0f64);
    let mut i = 0;
    while i < order.len() {
        let (mut gp, mut gn) = (0.0, 0.0);
        let score = p[order[i]];
        while i < order.len() && p[order[i]] == score {
            let r = order[i];
            let weight = w[r] as f64;
            if y[r] == 1 {
                gp += weight;
            } else {
                gn += weight;
            }
            i += 1;
        }
        area += gp * (neg_below + 0.5 * gn);
        neg_below += gn;
        pos_total += gp;
        neg_total += gn;
    }
    (pos_total > 0.0 && neg_total > 0.0).then(|| area / (pos_total * neg_total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::metrics::roc_curve;

    #[test]
    fn weighted_auc_equals_the_roc_of_the_repeated_rows() {
        let y = [0, 1, 1, 0, 1, 0, 0, 1];
        let p: [f64; 8] = [0.1, 0.4, 0.35, 0.4, 0.8, 0.2, 0.9, 0.35];
        let w = [2u32, 0, 1, 3, 1, 1, 0, 2];
        let mut order: Vec<usize> = (0..8).collect();
        order.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
        // The reference: each row repeated w times, scikit-learn's trapezoid AUC.
        let (mut yy, mut pp) = (Vec::new(), Vec::new());
        for r in 0..8 {
            for _ in 0..w[r] {
                yy.push(y[r]);
                pp.push(p[r]);
            }
        }
        let expected = roc_curve(&yy, &pp).auc();
        let got = weighted_auc(&y, &p, &order, &w).unwrap();
        assert!((got - expected).abs() < 1e-15, "{got} vs {expected}");
        assert_eq!(weighted_auc(&[1, 1], &[0.2, 0.3], &[0, 1], &[1, 1]), None);
    }

    /// The comparison as first written: multiplicities by row, accuracy as sums of 0/1 floats,
    /// AUC through [`weighted_auc`] with random access.
    fn reference(y: &[u8], a: &[f64], b: &[f64], resamples: usize, seed: u64) -> PairedComparison {
        let n = y.len();
        let right = |p: &[f64]| -> Vec<f64> {
            p.iter().zip(y).map(|(&p, &y)| (label_at(p, 0.5) == y) as u8 as f64).collect()
        };
        let (ra, rb) = (right(a), right(b));
        let order = |p: &[f64]| {
            let mut o: Vec<usize> = (0..n).collect();
            o.sort_by(|&i, &j| p[i].total_cmp(&p[j]));
            o
        };
        let (oa, ob) = (order(a), order(b));
        let acc = |r: &[f64], w: &[u32]| {
            r.iter().zip(w).map(|(r, &w)| r * w as f64).sum::<f64>() / n as f64
        };
        let ones = vec![1u32; n];
        let est = acc(&ra, &ones) - acc(&rb, &ones);
        let auc_est = weighted_auc(y, a, &oa, &ones).zip(weighted_auc(y, b, &ob, &ones));
        let mut r = rng::rng(seed);
        let (mut accs, mut aucs) = (Vec::new(), Vec::new());
        let mut w = vec![0u32; n];
        for _ in 0..resamples {
            w.iter_mut().for_each(|x| *x = 0);
            for _ in 0..n {
                w[rng::below(&mut r, n)] += 1;
            }
            accs.push(acc(&ra, &w) - acc(&rb, &w));
            if let (Some(x), Some(z)) = (weighted_auc(y, a, &oa, &w), weighted_auc(y, b, &ob, &w)) {
                aucs.push(x - z);
            }
        }
        PairedComparison {
            accuracy: interval(est, accs, None),
            roc_auc: auc_est.map(|(x, z)| interval(x - z, aucs, None)),
            seed,
        }
    }

    #[test]
    fn sorted_weights_give_the_row_by_row_comparison_to_the_last_bit() {
        let mut g = rng::rng(3);
        for n in [1, 2, 7, 300] {
            let y: Vec<u8> = (0..n).map(|_| rng::below(&mut g, 2) as u8).collect();
            // Scores on a coarse grid: many ties within and across classes.
            let a: Vec<f64> = (0..n).map(|_| rng::below(&mut g, 11) as f64 / 10.0).collect();
            let b: Vec<f64> = (0..n).map(|_| rng::unit(&mut g)).collect();
            for seed in [1, 42] {
                assert_eq!(
                    paired_bootstrap(&y, &a, &b, 0.5, 50, seed),
                    reference(&y, &a, &b, 50, seed)
                );
            }
        }
    }

    #[test]
    fn past_the_limit_a_rescaled_subsample_gives_the_full_bootstrap_s_interval() {
        // 60,000 rows: B is right on 80 % of them, A on 85 %; both score with noise.
        let n = 60_000;
        let mut g = rng::rng(11);
        let y: Vec<u8> = (0..n).map(|_| rng::below(&mut g, 2) as u8).collect();
        let noisy = |g: &mut rng::Rng, right: f64| -> Vec<f64> {
            y.iter()
                .map(|&y| {
                    let hit = rng::unit(g) < right;
                    let p = 0.5 + 0.5 * rng::unit(g);
                    if (y == 1) == hit {
                        p
                    } else {
                        1.0 - p
                    }
                })
                .collect()
        };
        let (a, b) = (noisy(&mut g, 0.85), noisy(&mut g, 0.80));
        let sub = paired_bootstrap(&y, &a, &b, 0.5, 1000, 5);
        // The oracle: every row resampled (the same code below the limit), 300 resamples.
        let full = reference(&y, &a, &b, 300, 5);
        for (s, f) in [(sub.accuracy, full.accuracy), (sub.roc_auc.unwrap(), full.roc_auc.unwrap())]
        {
            assert_eq!(s.estimate, f.estimate, "the estimate uses every row");
            assert_eq!((s.resamples, s.subsample), (1000, Some(RESAMPLED_ROWS)));
            let (ws, wf) = (s.high - s.low, f.high - f.low);
            assert!((ws / wf - 1.0).abs() < 0.15, "widths {ws} vs {wf}");
            let (cs, cf) = ((s.high + s.low) / 2.0, (f.high + f.low) / 2.0);
            assert!((cs - cf).abs() < 0.15 * wf, "centres {cs} vs {cf}");
        }
        assert!(sub
            .accuracy
            .text(100.0, " points")
            .ends_with("of 1000 resamples of 20000 rows, rescaled to all)"));
    }

    #[test]
    fn identical_models_differ_by_nothing_and_a_better_one_shows() {
        let n = 400;
        let y: Vec<u8> = (0..n).map(|i| (i % 3 == 0) as u8).collect();
        // A ranks every positive first; B is right on 3 rows out of 4.
        let a: Vec<f64> = y.iter().map(|&y| if y == 1 { 0.8 } else { 0.2 }).collect();
        let b: Vec<f64> = (0..n).map(|i| if i % 4 == 0 { 1.0 - a[i] } else { a[i] }).collect();
        let same = paired_bootstrap(&y, &a, &a, 0.5, 200, 7);
        assert_eq!(
            (same.accuracy.low, same.accuracy.high, same.accuracy.estimate),
            (0.0, 0.0, 0.0)
        );
        let c = paired_bootstrap(&y, &a, &b, 0.5, 500, 7);
        // B is wrong on the 100 rows with i % 4 == 0: accuracy 0.75 against 1.
        assert!((c.accuracy.estimate - 0.25).abs() < 1e-12);
        assert!(c.accuracy.low > 0.18 && c.accuracy.high < 0.32, "{c:?}");
        assert_eq!(c.accuracy.share_a_better, 1.0);
        assert!(c.roc_auc.unwrap().estimate > 0.0);
        assert_eq!(c, paired_bootstrap(&y, &a, &b, 0.5, 500, 7), "seeded");
        assert_ne!(c, paired_bootstrap(&y, &a, &b, 0.5, 500, 8));
    }
}

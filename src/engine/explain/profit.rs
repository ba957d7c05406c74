//! Whom to contact ("Decide"): the profit of contacting every customer scored at or above a
//! threshold, on held-out rows whose outcome is known.
//!
//! Contacting the customers with P(buy) ≥ t earns `value` per buyer among them and costs `cost`
//! per contact: profit(t) = value·buyers(t) − cost·contacted(t). Every distinct score is a
//! candidate threshold (customers with equal scores are contacted together). The best threshold
//! has the largest profit, ties going to fewer contacts; when no threshold makes money, the best
//! is to contact nobody (`best` is None). Profit per customer is profit / held-out rows, the
//! expected profit per customer of a population like the held-out one.
//!
//! Uncertainty: a percentile bootstrap (ChaCha8, seeded): the held-out rows are resampled with
//! replacement, the profit at each drawn point's threshold is recomputed, and its 2.5% and 97.5%
//! quantiles (linear interpolation) bound a 95% interval. Lift and gains by decile come from
//! `segment::gains`.

use serde::{Deserialize, Serialize};

use super::error::ExplainError;
use crate::engine::rng::{below, rng};
use crate::engine::segment::{gains, GainsTable};
use crate::engine::stats::quantile_sorted;

/// The value of a purchase the page and `micronum report` start from (any currency).
pub const DEFAULT_PURCHASE_VALUE: f64 = 100.0;

/// The cost of a contact they start from: a tenth of a purchase.
pub const DEFAULT_CONTACT_COST: f64 = 10.0;

/// Settings of a profit curve (builder; [`ProfitParams::check`] validates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfitParams {
    value: f64,
    cost: f64,
    resamples: usize,
    points: usize,
    seed: u64,
}

/// Checked [`ProfitParams`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidProfitParams(ProfitParams);

impl ProfitParams {
    /// `value` earned per purchase, `cost` paid per contact (same currency); 200 bootstrap
    /// resamples, 101 points drawn, seed 42.
    pub fn new(value: f64, cost: f64) -> ProfitParams {
        ProfitParams { value, cost, resamples: 200, points: 101, seed: 42 }
    }
    /// Bootstrap resamples (0 to 10,000; 0: no interval).
    pub fn resamples(mut self, n: usize) -> Self {
        self.resamples = n;
        self
    }
    /// Points of the curve drawn (2 to 1,000), spread evenly over the share contacted.
    pub fn points(mut self, n: usize) -> Self {
        self.points = n;
        self
    }
    /// Seed of the bootstrap.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }
    /// Checks every setting.
    pub fn check(&self) -> Result<ValidProfitParams, ExplainError> {
        for (what, value) in [("value of a purchase", self.value), ("cost of a contact", self.cost)]
        {
            if !(value.is_finite() && value >= 0.0) {
                return Err(ExplainError::Money { what, value });
            }
        }
        if self.resamples > 10_000 {
            return Err(ExplainError::Resamples { found: self.resamples, max: 10_000 });
        }
        if !(2..=1000).contains(&self.points) {
            return Err(ExplainError::CurvePoints { found: self.points, max: 1000 });
        }
        Ok(ValidProfitParams(self.clone()))
    }
}

/// Contacting every customer scored at or above `threshold`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ProfitPoint {
    pub threshold: f64,
    pub contacted: u64,
    /// Share of the held-out customers contacted.
    pub share: f64,
    pub buyers: u64,
    pub profit: f64,
    pub per_customer: f64,
    /// 95% bootstrap interval of the profit (equal to it without resamples).
    pub low: f64,
    pub high: f64,
}

/// The profit curve of held-out rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfitCurve {
    pub value: f64,
    pub cost: f64,
    pub customers: u64,
    pub buyers: u64,
    /// Drawn points, by share contacted (threshold falling).
    pub points: Vec<ProfitPoint>,
    /// The most profitable threshold (None: contact nobody).
    pub best: Option<ProfitPoint>,
    pub resamples: usize,
    /// Lift and gains by decile of the score.
    pub gains: GainsTable,
}

/// Customers with one distinct score, and every customer scored higher.
struct Group {
    threshold: f64,
    contacted: u64,
    buyers: u64,
}

/// The profit curve of held-out rows with outcomes `y` (1 = bought) and scores `proba`.
pub fn profit_curve(
    y: &[u8],
    proba: &[f64],
    params: &ValidProfitParams,
) -> Result<ProfitCurve, ExplainError> {
    let p = &params.0;
    check_rows(y, proba)?;
    let (groups, group_of) = groups(y, proba);
    let profit = |buyers: u64, contacted: u64| p.value * buyers as f64 - p.cost * contacted as f64;
    // Largest profit; ties keep the earlier group (fewer contacts). Nobody (profit 0) wins ties.
    let mut best: Option<(usize, f64)> = None;
    for (g, gr) in groups.iter().enumerate() {
        let v = profit(gr.buyers, gr.contacted);
        if v > best.map_or(0.0, |b| b.1) {
            best = Some((g, v));
        }
    }
    let mut drawn = spread(&groups, p.points);
    drawn.extend(best.map(|b| b.0));
    drawn.sort_unstable();
    drawn.dedup();
    let intervals = bootstrap(y, &group_of, groups.len(), &drawn, p);
    let n = y.len() as u64;
    let point = |k: usize, g: usize| {
        let gr = &groups[g];
        let v = profit(gr.buyers, gr.contacted);
        let (low, high) = intervals.as_ref().map_or((v, v), |iv| iv[k]);
        ProfitPoint {
            threshold: gr.threshold,
            contacted: gr.contacted,
            share: gr.contacted as f64 / n as f64,
            buyers: gr.buyers,
            profit: v,
            per_customer: v / n as f64,
            low,
            high,
        }
    };
    let points: Vec<ProfitPoint> = drawn.iter().enumerate().map(|(k, &g)| point(k, g)).collect();
    let best = best.and_then(|b| drawn.iter().position(|&g| g == b.0)).map(|k| points[k]);
    Ok(ProfitCurve {
        value: p.value,
        cost: p.cost,
        customers: n,
        buyers: y.iter().map(|&b| b as u64).sum(),
        points,
        best,
        resamples: p.resamples,
        gains: gains(y, proba, 10),
    })
}

/// Lengths agree, labels are 0/1, scores are probabilities, and there is a row.
fn check_rows(y: &[u8], proba: &[f64]) -> Result<(), ExplainError> {
    if y.len() != proba.len() {
        return Err(ExplainError::Lengths { labels: y.len(), scores: proba.len() });
    }
    if y.is_empty() {
        return Err(ExplainError::NoRows);
    }
    if let Some(row) = y.iter().position(|&v| v > 1) {
        return Err(ExplainError::Label { row, value: y[row] });
    }
    if let Some(row) = proba.iter().position(|p| !(0.0..=1.0).contains(p)) {
        return Err(ExplainError::Score { row, value: proba[row] });
    }
    Ok(())
}

/// Distinct scores from the highest, with cumulative contacts and buyers; and each row's group.
fn groups(y: &[u8], proba: &[f64]) -> (Vec<Group>, Vec<usize>) {
    let mut order: Vec<usize> = (0..y.len()).collect();
    order.sort_by(|&a, &b| proba[b].total_cmp(&proba[a]).then(a.cmp(&b)));
    let mut groups: Vec<Group> = Vec::new();
    let mut group_of = vec![0; y.len()];
    let (mut contacted, mut buyers) = (0u64, 0u64);
    for &r in &order {
        contacted += 1;
        buyers += y[r] as u64;
        match groups.last_mut() {
            Some(g) if g.threshold == proba[r] => {
                g.contacted = contacted;
                g.buyers = buyers;
            }
            _ => groups.push(Group { threshold: proba[r], contacted, buyers }),
        }
        group_of[r] = groups.len() - 1;
    }
    (groups, group_of)
}

/// About `points` groups spread evenly over the share contacted: for each target count, the
/// first group reaching it.
fn spread(groups: &[Group], points: usize) -> Vec<usize> {
    let n = groups.last().map_or(0, |g| g.contacted);
    let mut out = Vec::with_capacity(points);
    let mut g = 0;
    for j in 0..points {
        let target = (j as u64 * n).div_ceil(points as u64 - 1).max(1);
        while groups[g].contacted < target {
            g += 1;
        }
        out.push(g);
    }
    out
}

/// Draws `y.len()` rows with replacement and counts contacts and buyers per group. A call per
/// resample: in the browser a function runs as it was compiled when called.
#[inline(never)]
fn resample(
    g: &mut crate::engine::rng::Rng,
    y: &[u8],
    group_of: &[usize],
    contacted: &mut [u64],
    buyers: &mut [u64],
) {
    contacted.fill(0);
    buyers.fill(0);
    for _ in 0..y.len() {
        let r = below(g, y.len());
        contacted[group_of[r]] += 1;
        buyers[group_of[r]] += y[r] as u64;
    }
}

/// 95% intervals of the profit at each group of `drawn` (None without resamples).
fn bootstrap(
    y: &[u8],
    group_of: &[usize],
    n_groups: usize,
    drawn: &[usize],
    p: &ProfitParams,
) -> Option<Vec<(f64, f64)>> {
    if p.resamples == 0 {
        return None;
    }
    let mut g = rng(p.seed);
    let mut samples = vec![Vec::with_capacity(p.resamples); drawn.len()];
    let (mut contacted, mut buyers) = (vec![0u64; n_groups], vec![0u64; n_groups]);
    for _ in 0..p.resamples {
        resample(&mut g, y, group_of, &mut contacted, &mut buyers);
        let (mut c, mut b, mut k) = (0u64, 0u64, 0usize);
        for grp in 0..n_groups {
            c += contacted[grp];
            b += buyers[grp];
            while k < drawn.len() && drawn[k] == grp {
                samples[k].push(p.value * b as f64 - p.cost * c as f64);
                k += 1;
            }
        }
    }
    Some(
        samples
            .into_iter()
            .map(|mut s| {
                s.sort_by(f64::total_cmp);
                (quantile_sorted(&s, 0.025), quantile_sorted(&s, 0.975))
            })
            .collect(),
    )
}

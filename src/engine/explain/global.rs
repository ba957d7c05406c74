//! The global explanation, from the contributions of many rows: mean |contribution| per feature
//! (how much each feature moves the probability, on average), the summary ("beeswarm") plot's
//! points and the dependence plot's points.
//!
//! Colours are value ranks in [0, 1] among the explained rows (ties share their mean rank), so a
//! skewed feature still spans the colour scale; missing values and categorical features have no
//! rank (drawn grey, as SHAP's own plots do for non-numeric features). Point samples are seeded
//! (ChaCha8) and the same for every feature.

use serde::{Deserialize, Serialize};

use super::contributions::Contributions;
use super::error::ExplainError;
use super::interaction::{pearson, strongest_interaction};
use crate::engine::dataset::FeatureValues;

/// How much one feature moves the probability over the explained rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureImpact {
    /// Index in the model's features.
    pub feature: usize,
    pub name: String,
    /// Mean |contribution|.
    pub mean_abs: f64,
    /// Mean contribution (signed).
    pub mean: f64,
}

/// Features by mean |contribution|, largest first (ties in model order).
pub fn impacts(c: &Contributions) -> Vec<FeatureImpact> {
    let (m, n) = (c.features.len(), c.len().max(1) as f64);
    let mut out: Vec<FeatureImpact> = (0..m)
        .map(|f| {
            let (abs, sum) = (0..c.len())
                .map(|i| c.row(i)[f])
                .fold((0.0, 0.0), |(a, s), v| (a + v.abs(), s + v));
            FeatureImpact {
                feature: f,
                name: c.features[f].clone(),
                mean_abs: abs / n,
                mean: sum / n,
            }
        })
        .collect();
    out.sort_by(|a, b| b.mean_abs.total_cmp(&a.mean_abs).then(a.feature.cmp(&b.feature)));
    out
}

/// One row's point in the summary plot.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SummaryPoint {
    pub contribution: f64,
    /// The feature's value rank in [0, 1] (None: missing or categorical).
    pub colour: Option<f64>,
}

/// One feature's row of the summary plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SummaryFeature {
    pub impact: FeatureImpact,
    pub points: Vec<SummaryPoint>,
}

impl SummaryFeature {
    /// Pearson correlation of the value rank and the contribution over the points with a rank:
    /// near 1 when higher values raise the probability, near −1 when they lower it (None for
    /// categorical features, fewer than 3 ranked points or no spread).
    pub fn value_trend(&self) -> Option<f64> {
        let pts: Vec<(f64, f64)> =
            self.points.iter().filter_map(|p| p.colour.map(|c| (c, p.contribution))).collect();
        pearson(&pts)
    }
}

/// The summary plot: the `top` features by mean |contribution|, each with the contributions of
/// a sample of rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub features: Vec<SummaryFeature>,
    /// Features left out (smaller mean |contribution|).
    pub others: usize,
    /// Rows explained, and rows drawn.
    pub rows: usize,
    pub drawn: usize,
}

/// The summary plot's data: `top` features, at most `max_points` rows (a seeded sample).
/// `cols` are the columns the contributions were computed on.
pub fn summary(
    c: &Contributions,
    cols: &[FeatureValues],
    top: usize,
    max_points: usize,
    seed: u64,
) -> Summary {
    let sample = sample(c.len(), max_points, seed);
    let all = impacts(c);
    let others = all.len().saturating_sub(top);
    let features = all
        .into_iter()
        .take(top)
        .map(|impact| {
            let ranks = value_ranks(&cols[impact.feature], &c.rows);
            let points = sample
                .iter()
                .map(|&i| SummaryPoint { contribution: c.row(i)[impact.feature], colour: ranks[i] })
                .collect();
            SummaryFeature { impact, points }
        })
        .collect();
    Summary { features, others, rows: c.len(), drawn: sample.len() }
}

/// The dependence plot: one feature's contribution against its value, coloured by the value
/// rank of the feature it interacts with most.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dependence {
    pub feature: String,
    /// The model's labels when the feature is categorical (x is then a label code; codes past
    /// them are labels unseen in training).
    pub levels: Option<Vec<String>>,
    /// Values (NaN: missing) and contributions of the drawn rows.
    pub x: Vec<f64>,
    pub contribution: Vec<f64>,
    /// The strongest interacting feature, and its value rank per drawn row.
    pub colour_feature: Option<String>,
    pub colour: Vec<Option<f64>>,
    /// Rows explained, and rows drawn.
    pub rows: usize,
    pub drawn: usize,
}

/// Dependence data for feature `feature` from at most `max_points` rows (a seeded sample); the
/// colour feature is chosen on every explained row (see `interaction.rs`).
pub fn dependence(
    c: &Contributions,
    cols: &[FeatureValues],
    feature: usize,
    max_points: usize,
    seed: u64,
) -> Result<Dependence, ExplainError> {
    if feature >= c.features.len() {
        return Err(ExplainError::NoSuchFeatureIndex { feature, features: c.features.len() });
    }
    let sample = sample(c.len(), max_points, seed);
    let partner = strongest_interaction(c, cols, feature);
    let colour = match partner {
        Some(g) => {
            let ranks = value_ranks(&cols[g], &c.rows);
            sample.iter().map(|&i| ranks[i]).collect()
        }
        None => vec![None; sample.len()],
    };
    let (x, levels) = match &cols[feature] {
        FeatureValues::Numeric(v) => (sample.iter().map(|&i| v[c.rows[i]]).collect(), None),
        FeatureValues::Categorical { codes, levels } => {
            (sample.iter().map(|&i| code_value(codes[c.rows[i]])).collect(), Some(levels.clone()))
        }
    };
    Ok(Dependence {
        feature: c.features[feature].clone(),
        levels,
        x,
        contribution: sample.iter().map(|&i| c.row(i)[feature]).collect(),
        colour_feature: partner.map(|g| c.features[g].clone()),
        colour,
        rows: c.len(),
        drawn: sample.len(),
    })
}

/// A label code as a number (NaN for missing).
pub(super) fn code_value(code: u32) -> f64 {
    if code == crate::engine::table::MISSING_CODE {
        f64::NAN
    } else {
        code as f64
    }
}

/// Indices `0..n`, or a seeded sample of `max` of them, in increasing order.
pub(super) fn sample(n: usize, max: usize, seed: u64) -> Vec<usize> {
    crate::engine::rng::sample_indices(n, max, seed)
}

/// Value rank in [0, 1] of each explained row (`rows` index `col`); None for missing values and
/// categorical features. Tied values share their mean rank; a single value ranks 0.5.
pub(super) fn value_ranks(col: &FeatureValues, rows: &[usize]) -> Vec<Option<f64>> {
    let FeatureValues::Numeric(v) = col else { return vec![None; rows.len()] };
    let mut order: Vec<usize> = (0..rows.len()).filter(|&i| !v[rows[i]].is_nan()).collect();
    order.sort_by(|&a, &b| v[rows[a]].total_cmp(&v[rows[b]]));
    let mut out = vec![None; rows.len()];
    let top = order.len().saturating_sub(1) as f64;
    let mut start = 0;
    while start < order.len() {
        let x = v[rows[order[start]]];
        let end = start + order[start..].iter().take_while(|&&i| v[rows[i]] == x).count();
        let mean_rank = (start + end - 1) as f64 / 2.0;
        let rank = if top > 0.0 { mean_rank / top } else { 0.5 };
        order[start..end].iter().for_each(|&i| out[i] = Some(rank));
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contributions(rows: &[[f64; 2]]) -> Contributions {
        Contributions {
            features: vec!["a".into(), "b".into()],
            base: 0.3,
            rows: (0..rows.len()).collect(),
            proba: vec![0.3; rows.len()],
            values: rows.iter().flatten().copied().collect(),
        }
    }

    #[test]
    fn impacts_by_hand() {
        // a: |0.1|, |−0.3| → mean 0.2, signed mean −0.1; b: |−0.2|, 0 → 0.1, −0.1.
        let i = impacts(&contributions(&[[0.1, -0.2], [-0.3, 0.0]]));
        assert_eq!(i.iter().map(|x| x.name.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!((i[0].mean_abs - 0.2).abs() < 1e-15 && (i[0].mean - -0.1).abs() < 1e-15);
        assert!((i[1].mean_abs - 0.1).abs() < 1e-15 && (i[1].mean - -0.1).abs() < 1e-15);
    }

    #[test]
    fn ranks_share_ties_and_skip_missing() {
        // Present values 1 (row 1), 2 (row 4), 3 (rows 0 and 3): ranks 0, 1, 2.5, 2.5 of 3.
        let col = FeatureValues::Numeric(vec![3.0, 1.0, f64::NAN, 3.0, 2.0].into());
        let r = value_ranks(&col, &[0, 1, 2, 3, 4]);
        assert_eq!(r, [Some(2.5 / 3.0), Some(0.0), None, Some(2.5 / 3.0), Some(1.0 / 3.0)]);
        assert_eq!(value_ranks(&FeatureValues::Numeric(vec![7.0].into()), &[0]), [Some(0.5)]);
        let cat = FeatureValues::Categorical {
            codes: vec![0, 1].into(),
            levels: vec!["x".into(), "y".into()],
        };
        assert_eq!(value_ranks(&cat, &[0, 1]), [None, None]);
    }

    #[test]
    fn summary_keeps_the_top_features_and_a_seeded_sample() {
        let rows: Vec<[f64; 2]> = (0..50).map(|i| [i as f64 / 100.0, -0.001 * i as f64]).collect();
        let c = contributions(&rows);
        let cols = vec![
            FeatureValues::Numeric((0..50).map(|i| i as f64).collect::<Vec<_>>().into()),
            FeatureValues::Numeric(vec![1.0; 50].into()),
        ];
        let s = summary(&c, &cols, 1, 20, 5);
        assert_eq!((s.features.len(), s.others, s.rows, s.drawn), (1, 1, 50, 20));
        let f = &s.features[0];
        assert_eq!(f.impact.name, "a");
        // a's value and contribution rise together, so colour (value rank) follows contribution.
        for p in &f.points {
            assert!((p.colour.unwrap() - p.contribution * 100.0 / 49.0).abs() < 1e-12);
        }
        assert_eq!(summary(&c, &cols, 1, 20, 5), s, "seeded");
        assert_ne!(summary(&c, &cols, 1, 20, 6), s);
        assert_eq!(summary(&c, &cols, 5, 100, 5).drawn, 50);
        // Rank and contribution rise together exactly; b's single value has no spread.
        assert!((f.value_trend().unwrap() - 1.0).abs() < 1e-12);
        let all = summary(&c, &cols, 2, 100, 5);
        assert_eq!(all.features[1].value_trend(), None);
    }

    #[test]
    fn dependence_pairs_values_with_contributions() {
        let rows: Vec<[f64; 2]> = (0..30).map(|i| [0.01 * i as f64, 0.0]).collect();
        let c = contributions(&rows);
        let cols = vec![
            FeatureValues::Numeric(
                (0..30)
                    .map(|i| if i == 4 { f64::NAN } else { i as f64 })
                    .collect::<Vec<_>>()
                    .into(),
            ),
            FeatureValues::Categorical { codes: vec![0; 30].into(), levels: vec!["x".into()] },
        ];
        let d = dependence(&c, &cols, 0, 100, 1).unwrap();
        assert_eq!((d.rows, d.drawn, d.levels.is_none()), (30, 30, true));
        assert!(d.x[4].is_nan() && d.x[7] == 7.0 && d.contribution[7] == 0.07);
        // b never varies: no partner, no colour.
        assert_eq!(d.colour_feature, None);
        assert!(d.colour.iter().all(Option::is_none));
        let b = dependence(&c, &cols, 1, 100, 1).unwrap();
        assert_eq!(b.levels, Some(vec!["x".to_string()]));
        assert_eq!(
            dependence(&c, &cols, 2, 10, 1).unwrap_err(),
            ExplainError::NoSuchFeatureIndex { feature: 2, features: 2 }
        );
    }
}

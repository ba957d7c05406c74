//! Which features say most about the target: the defaults of the segment grid, the decision
//! surface and the first histogram (the two most useful features, not the first two columns).
//!
//! Before a model exists: each feature's mutual information with the target, in bits, less its
//! chance level (Miller–Madow: (B − 1)/(2n ln 2) for B occupied bins, so a column with many
//! labels does not win by chance). Numbers are cut at up to 9 quantiles (10 bins), labels are
//! their own bins, and missing values form a bin. Once a model exists: its permutation
//! importance (the drop in held-out accuracy when the feature is shuffled), else its impurity
//! importance. Only columns whose role is feature are ranked (no row numbers, ids, dates).

use crate::engine::math::log2;
use serde::{Deserialize, Serialize};

use crate::engine::evaluate::FeatureImportance;
use crate::engine::ingest::{effective_roles, Role};
use crate::engine::stats::{quantile_sorted, sorted_present};
use crate::engine::table::{ColumnData, Table, MISSING_CODE};

/// How a ranking was measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Mutual information with the target, bits above chance.
    MutualInformation,
    /// Drop in held-out accuracy when shuffled.
    PermutationImportance,
    /// Mean decrease in impurity.
    ImpurityImportance,
}

/// One feature's score (higher: more useful).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankedFeature {
    pub name: String,
    pub score: f64,
    pub measure: Measure,
}

/// The feature columns of `table` ranked by mutual information with `y` (the 0/1 target of each
/// row, None where missing), most informative first (ties: file order).
pub fn rank_by_association(table: &Table, target: &str, y: &[Option<u8>]) -> Vec<RankedFeature> {
    let roles = effective_roles(table, Some(target), &[], &[]);
    let mut ranked: Vec<RankedFeature> = table
        .columns
        .iter()
        .zip(&roles)
        .filter(|(_, r)| r.role == Role::Feature)
        .map(|(c, _)| RankedFeature {
            name: c.name.clone(),
            score: mutual_information(&bins(&c.data), y),
            measure: Measure::MutualInformation,
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked
}

/// A model's features ranked by permutation importance (impurity importance when it was not
/// computed), most important first.
pub fn rank_by_importance(importance: &[FeatureImportance]) -> Vec<RankedFeature> {
    let permutation = importance.iter().all(|f| f.permutation.is_some());
    let mut ranked: Vec<RankedFeature> = importance
        .iter()
        .map(|f| match f.permutation {
            Some((drop, _)) if permutation => RankedFeature {
                name: f.feature.clone(),
                score: drop,
                measure: Measure::PermutationImportance,
            },
            _ => RankedFeature {
                name: f.feature.clone(),
                score: f.impurity,
                measure: Measure::ImpurityImportance,
            },
        })
        .collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    ranked
}

/// The bin of every cell: quantile bins for numbers, labels for text; missing is its own bin.
fn bins(data: &ColumnData) -> Vec<u32> {
    match data {
        ColumnData::Numeric(v) => {
            let sorted = sorted_present(v);
            let mut cuts: Vec<f64> =
                (1..10).map(|k| quantile_sorted(&sorted, k as f64 / 10.0)).collect();
            cuts.dedup();
            v.iter()
                .map(
                    |&x| {
                        if x.is_nan() {
                            u32::MAX
                        } else {
                            cuts.partition_point(|&c| c < x) as u32
                        }
                    },
                )
                .collect()
        }
        ColumnData::Categorical { codes, .. } => {
            codes.iter().map(|&c| if c == MISSING_CODE { u32::MAX } else { c }).collect()
        }
    }
}

/// I(bin; y) in bits less the Miller–Madow chance level, over rows with a target.
fn mutual_information(bins: &[u32], y: &[Option<u8>]) -> f64 {
    let mut counts: std::collections::BTreeMap<u32, [f64; 2]> = Default::default();
    let mut n = 0.0;
    for (&b, y) in bins.iter().zip(y) {
        if let Some(y) = y {
            counts.entry(b).or_default()[*y as usize] += 1.0;
            n += 1.0;
        }
    }
    if n == 0.0 {
        return 0.0;
    }
    let class: [f64; 2] = counts.values().fold([0.0, 0.0], |a, c| [a[0] + c[0], a[1] + c[1]]);
    let mut mi = 0.0;
    for c in counts.values() {
        let bin = c[0] + c[1];
        for k in 0..2 {
            if c[k] > 0.0 {
                mi += c[k] / n * log2(c[k] * n / (bin * class[k]));
            }
        }
    }
    mi - (counts.len() as f64 - 1.0) / (2.0 * n * std::f64::consts::LN_2)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};
    use crate::engine::target::binary_target;

    #[test]
    fn mutual_information_by_hand() {
        // 2 × 2 table: bin 0 has y = 0, 0, 0, 1; bin 1 has y = 1, 1, 1, 0. n = 8,
        // I = 2 · [3/8·log2(3/8 / (1/2·1/2)) + 1/8·log2(1/8 / (1/4))] = 0.188722 bits;
        // chance level (2 − 1)/(2·8·ln 2) = 0.090168.
        let bins = [0, 0, 0, 0, 1, 1, 1, 1];
        let y = [0, 0, 0, 1, 1, 1, 1, 0].map(Some);
        let got = mutual_information(&bins, &y);
        assert!((got - (0.188_722_5 - 0.090_168_4)).abs() < 1e-6, "{got}");
        // Rows without a target do not count.
        let mut y2 = y.to_vec();
        y2.push(None);
        assert_eq!(mutual_information(&[0, 0, 0, 0, 1, 1, 1, 1, 1], &y2), got);
    }

    #[test]
    fn the_signal_ranks_first_and_row_numbers_not_at_all() {
        let mut csv = String::from("rownames,noise,age,city,y\n");
        for i in 0..300u64 {
            let h = i.wrapping_mul(2_654_435_761) % 1000;
            let age = 20 + h % 50;
            let y = (age > 45) ^ (h % 10 == 0);
            csv += &format!(
                "{},{},{age},{},{}\n",
                i + 1,
                (h * 7) % 13,
                ["A", "B"][(h % 2) as usize],
                y as u8
            );
        }
        let t = ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table;
        let y = binary_target(&t, "y", None).unwrap().y;
        let ranked = rank_by_association(&t, "y", &y);
        let names: Vec<&str> = ranked.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names[0], "age");
        assert!(!names.contains(&"rownames") && !names.contains(&"y"), "{names:?}");
        assert!(ranked[1].score < 0.05, "{ranked:?}");
    }

    #[test]
    fn importance_ranks_by_permutation_when_present() {
        let f = |name: &str, impurity, permutation| FeatureImportance {
            feature: name.into(),
            impurity,
            permutation,
        };
        let r =
            rank_by_importance(&[f("a", 0.7, Some((0.01, 0.0))), f("b", 0.3, Some((0.05, 0.0)))]);
        assert_eq!((r[0].name.as_str(), r[0].measure), ("b", Measure::PermutationImportance));
        let r = rank_by_importance(&[f("a", 0.7, None), f("b", 0.3, None)]);
        assert_eq!((r[0].name.as_str(), r[0].measure), ("a", Measure::ImpurityImportance));
    }
}

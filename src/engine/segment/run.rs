//! One entry point for every segment method: [`SegmentSpec`] (target, method, minimum support)
//! run on a table gives a [`SegmentRun`] — the assignment, the statistics, what the method
//! adds (gains, cluster profiles) and what tags new rows the same way ([`Tagging`], kept by the
//! segment definitions). The CLI, the worker and the report all call [`run`], so a method
//! behaves the same everywhere.

use serde::{Deserialize, Serialize};

use super::definitions::{DecileTagging, RuleSet, Tagging};
use super::method::{ValidDecileParams, ValidGridParams, ValidKMeansParams, ValidRulesParams};
use super::{
    decile_segments, gains, grid_fit, kmeans_fit, rule_fit, segment_stats, GainsTable, KMeansInfo,
    SegmentError, SegmentTable, Segmentation,
};
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::table::Table;
use crate::engine::target::{labelled, Labelled};

/// How segments are made.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentMethod {
    /// Every combination of bins of 1–3 columns.
    Grid(ValidGridParams),
    /// k-means++ clusters on standardized features.
    KMeans(ValidKMeansParams),
    /// Leaves of a shallow decision tree on the target, as readable rules.
    Rules(ValidRulesParams),
    /// Groups of the model's propensity ranking (needs model scores).
    Deciles(ValidDecileParams),
}

impl SegmentMethod {
    /// The method's short name (the CLI's `--method`, the page's option value).
    pub fn slug(&self) -> &'static str {
        match self {
            SegmentMethod::Grid(_) => "grid",
            SegmentMethod::KMeans(_) => "kmeans",
            SegmentMethod::Rules(_) => "tree",
            SegmentMethod::Deciles(_) => "deciles",
        }
    }

    /// How the segments are made, in words (tables, reports).
    pub fn describe(&self) -> String {
        match self {
            SegmentMethod::Grid(p) => format!(
                "Grid of {} ({} quantile bins per numeric column)",
                p.columns.join(" × "),
                p.bins
            ),
            SegmentMethod::KMeans(p) => match p.k {
                Some(k) => format!("k-means clusters (k = {k})"),
                None => "k-means clusters (k chosen by silhouette)".into(),
            },
            SegmentMethod::Rules(p) => format!("Leaves of a rule tree of depth {}", p.max_depth),
            SegmentMethod::Deciles(p) => {
                format!("{} groups of the model's predicted propensity", p.groups)
            }
        }
    }

    /// Whether the method ranks customers by a model's scores.
    pub fn needs_model(&self) -> bool {
        matches!(self, SegmentMethod::Deciles(_))
    }
}

/// What to segment and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentSpec {
    /// The binary target column.
    pub target: String,
    /// Its label counted as a purchase (None: guessed).
    pub positive: Option<String>,
    pub method: SegmentMethod,
    /// Segments with fewer rows are flagged `small_n`; also the rule tree's leaf size (≥ 1).
    pub min_support: u64,
}

/// A segmentation and its statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SegmentRun {
    /// Rows of the input table that were segmented (those with a target value), in order.
    pub rows: Vec<usize>,
    /// Segment of each of those rows.
    pub segmentation: Segmentation,
    pub table: SegmentTable,
    /// The gains table of a propensity ranking.
    pub gains: Option<GainsTable>,
    /// What k-means chose and the cluster profiles.
    pub kmeans: Option<KMeansInfo>,
    /// What tags any row as the method tagged these (cut points, rules, centres).
    pub tagging: Tagging,
}

/// Segments the rows of `table` that have a target value. `proba`, when given, holds a model's
/// honest P(positive) per row of `table` (out-of-bag or held-out): it fills `mean_proba` and is
/// what deciles rank.
pub fn run(
    table: &Table,
    spec: &SegmentSpec,
    proba: Option<&[f64]>,
) -> Result<SegmentRun, SegmentError> {
    if spec.min_support == 0 {
        return Err(SegmentError::MinSupport);
    }
    if let Some(p) = proba.filter(|p| p.len() != table.n_rows()) {
        return Err(SegmentError::Length { assignment: p.len(), target: table.n_rows() });
    }
    let Labelled { table: sub, y, rows, target } =
        labelled(table, &spec.target, spec.positive.as_deref())?;
    let proba: Option<Vec<f64>> = proba.map(|p| rows.iter().map(|&i| p[i]).collect());
    let mut kmeans = None;
    let mut gains_table = None;
    let (segmentation, tagging) = match &spec.method {
        SegmentMethod::Grid(p) => {
            let (seg, grid) = grid_fit(&sub, p)?;
            (seg, Tagging::Grid(grid))
        }
        SegmentMethod::KMeans(p) => {
            let (seg, info, centres) = kmeans_fit(&sub, p, &target.column)?;
            kmeans = Some(info);
            (seg, Tagging::KMeans(centres))
        }
        SegmentMethod::Rules(p) => {
            let target_spec = TargetSpec {
                target: target.column.clone(),
                positive: Some(target.labels[1].clone()),
                ..Default::default()
            };
            let data = Dataset::from_table(&sub, &target_spec)?;
            let (seg, rules) = rule_fit(&data, p, spec.min_support)?;
            (seg, Tagging::Rules(RuleSet { rules, overlapping: false }))
        }
        SegmentMethod::Deciles(p) => {
            let scores = proba.as_deref().ok_or(SegmentError::NeedsModel)?;
            gains_table = Some(gains(&y, scores, p.groups));
            let seg = decile_segments(scores, p.groups);
            let cuts = DecileTagging::new(scores, &seg.assignment, seg.labels.len());
            (seg, Tagging::Deciles(cuts))
        }
    };
    let table = segment_stats(&segmentation, &y, proba.as_deref(), spec.min_support)?;
    Ok(SegmentRun { rows, segmentation, table, gains: gains_table, kmeans, tagging })
}

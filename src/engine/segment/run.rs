//! One entry point for every segment method: [`SegmentSpec`] (target, method, minimum support)
//! run on a table gives a [`SegmentRun`] — the assignment, the statistics, what the method
//! adds (gains, cluster profiles) and what tags new rows the same way ([`Tagging`], kept by the
//! segment definitions). The CLI, the worker and the report all call [`run`], so a method
//! behaves the same everywhere.

use serde::{Deserialize, Serialize};

use super::definitions::{Bound, DecileTagging, Rule, RuleSet, Tagging};
use super::discover::{self, discover, Discovered, Discovery, ValidDiscoverParams};
use super::method::{ValidDecileParams, ValidGridParams, ValidKMeansParams, ValidRulesParams};
use super::stats::SegmentStats;
use super::{
    decile_segments, gains, grid_fit, kmeans_fit, rule_fit, segment_stats, GainsTable, KMeansInfo,
    SegmentError, SegmentTable, Segmentation,
};
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::forest::FitProgress;
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
    /// Rules found by searching every column, tested on rows the search did not see; the
    /// segments may overlap.
    Discover(ValidDiscoverParams),
}

impl SegmentMethod {
    /// The method's short name (the CLI's `--method`, the page's option value).
    pub fn slug(&self) -> &'static str {
        match self {
            SegmentMethod::Grid(_) => "grid",
            SegmentMethod::KMeans(_) => "kmeans",
            SegmentMethod::Rules(_) => "tree",
            SegmentMethod::Deciles(_) => "deciles",
            SegmentMethod::Discover(_) => "discover",
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
            SegmentMethod::Discover(p) => format!(
                "Discovered rules of up to {} conditions, tested on held-out rows (false discovery rate {})",
                p.max_conditions(),
                p.fdr()
            ),
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
    /// The target's `[negative, positive]` labels.
    pub labels: [String; 2],
    /// Segment of each of those rows.
    pub segmentation: Segmentation,
    pub table: SegmentTable,
    /// The gains table of a propensity ranking.
    pub gains: Option<GainsTable>,
    /// What k-means chose and the cluster profiles.
    pub kmeans: Option<KMeansInfo>,
    /// What discovery found and tested (its segments may overlap: `segmentation` then holds
    /// their labels and no assignment).
    pub discovery: Option<Discovery>,
    /// What tags any row as the method tagged these (cut points, rules, centres).
    pub tagging: Tagging,
}

impl SegmentRun {
    /// Positions in [`SegmentRun::rows`] of the members of `segment` (None: no such segment).
    pub fn members(&self, segment: usize) -> Option<Vec<usize>> {
        if let Some(d) = &self.discovery {
            return d
                .segments
                .get(segment)
                .map(|s| s.members.iter().map(|&m| m as usize).collect());
        }
        (segment < self.segmentation.labels.len()).then(|| {
            let a = &self.segmentation.assignment;
            (0..a.len()).filter(|&i| a[i] == segment).collect()
        })
    }
}

/// Segments the rows of `table` that have a target value. `proba`, when given, holds a model's
/// honest P(positive) per row of `table` (out-of-bag or held-out): it fills `mean_proba`, is
/// what deciles rank, and what discovery compares segments with. `progress` hears from long
/// methods between units of work (returning false cancels).
pub fn run(
    table: &Table,
    spec: &SegmentSpec,
    proba: Option<&[f64]>,
    progress: &mut dyn FnMut(FitProgress) -> bool,
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
    let target_spec = || TargetSpec {
        target: target.column.clone(),
        positive: Some(target.labels[1].clone()),
        ..Default::default()
    };
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
            let data = Dataset::from_table(&sub, &target_spec())?;
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
        SegmentMethod::Discover(p) => {
            let data = Dataset::from_table(&sub, &target_spec())?;
            let found = discover(&data, proba.as_deref(), p, progress)?;
            let table = held_out_table(&found, spec.min_support);
            let labels = found.segments.iter().map(|s| s.label.clone()).collect();
            let segmentation = Segmentation { assignment: Vec::new(), labels };
            let rules = found.segments.iter().map(|s| definition_rule(&s.rule)).collect();
            let tagging = Tagging::Rules(RuleSet { rules, overlapping: true });
            return Ok(SegmentRun {
                rows,
                labels: target.labels.clone(),
                segmentation,
                table,
                gains: None,
                kmeans: None,
                discovery: Some(found),
                tagging,
            });
        }
    };
    let table = segment_stats(&segmentation, &y, proba.as_deref(), spec.min_support)?;
    let labels = target.labels.clone();
    Ok(SegmentRun {
        rows,
        labels,
        segmentation,
        table,
        gains: gains_table,
        kmeans,
        discovery: None,
        tagging,
    })
}

/// A discovered rule as the segment definitions write it (the same meaning: a numeric range is
/// lower < x ≤ upper, labels are compared as text, a missing cell matches only `Missing`).
fn definition_rule(rule: &discover::Rule) -> Rule {
    use super::definitions::Condition as D;
    use discover::Condition as C;
    let conditions = rule
        .conditions
        .iter()
        .map(|c| match c {
            C::In { column, levels } => {
                D::In { column: column.clone(), labels: levels.clone(), missing: false }
            }
            C::NotIn { column, levels } => {
                D::NotIn { column: column.clone(), labels: levels.clone(), missing: false }
            }
            C::Range { column, lower, upper } => D::Range {
                column: column.clone(),
                lower: lower.map(Bound::open),
                upper: upper.map(Bound::closed),
                missing: false,
            },
            C::Missing { column } => D::Missing { column: column.clone() },
        })
        .collect();
    Rule { conditions }
}

/// The segment table of a discovery, on the held-out rows only (the search's own rows would
/// carry its winner's curse): n, positives, rate, interval, shrunk rate and lifts of each tested
/// segment's held-out members, in discovery order (most convincing first).
fn held_out_table(found: &Discovery, min_support: u64) -> SegmentTable {
    let stats = |s: &Discovered| SegmentStats {
        segment: s.segment,
        label: s.label.clone(),
        n: s.holdout.n,
        positives: s.holdout.positives,
        rate: s.holdout.rate,
        ci_low: s.ci_low,
        ci_high: s.ci_high,
        shrunk_rate: s.shrunk_rate,
        lift: s.lift,
        shrunk_lift: s.shrunk_lift,
        share_of_positives: s.holdout.positives as f64 / found.holdout.positives.max(1) as f64,
        small_n: s.small_n,
        mean_proba: s.model.as_ref().map(|m| m.expected_rate),
    };
    SegmentTable {
        segments: found.segments.iter().map(stats).collect(),
        overall_rate: found.holdout.rate,
        prior: found.prior.clone(),
        min_support,
        n: found.holdout.n,
        positives: found.holdout.positives,
    }
}

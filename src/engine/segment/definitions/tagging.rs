//! What a segmentation learnt from its training rows that tags any row the same way later: the
//! grid's cut points and kept labels, the rule tree's leaves, k-means' scaling and centres, the
//! deciles' probability cut points. [`crate::engine::segment::run`] returns it with every
//! segmentation ([`crate::engine::segment::SegmentRun::tagging`]); the definitions file keeps it.
//!
//! Invariants (checked by `validate` before a file is written or after it is read): segment `s`
//! of the segmentation is entry `s` of `cells`, `rules` or `centres`, or group `s` of the
//! deciles; numbers are finite.

use serde::{Deserialize, Serialize};

use super::condition::{ColumnKind, Rule};

/// How rows are tagged, per method.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Tagging {
    Grid(GridTagging),
    Rules(RuleSet),
    KMeans(KMeansTagging),
    Deciles(DecileTagging),
}

impl Tagging {
    /// The columns the tagging reads, in order of first use, with the kind it reads them as
    /// (`Any`: only whether a cell is missing).
    pub fn needs(&self) -> Vec<(String, ColumnKind)> {
        let mut out: Vec<(String, ColumnKind)> = Vec::new();
        let mut add = |name: &str, kind: ColumnKind| match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, k)) if *k == ColumnKind::Any => *k = kind,
            Some(_) => {}
            None => out.push((name.to_string(), kind)),
        };
        match self {
            Tagging::Grid(g) => g.columns.iter().for_each(|c| match c {
                GridColumn::Numeric { name, .. } => add(name, ColumnKind::Numeric),
                GridColumn::Categorical { name, .. } => add(name, ColumnKind::Categorical),
            }),
            Tagging::Rules(r) => {
                r.rules.iter().flat_map(|r| &r.conditions).for_each(|c| add(c.column(), c.kind()))
            }
            Tagging::KMeans(k) => k.columns.iter().for_each(|c| match c {
                KMeansColumn::Numeric { name, .. } => add(name, ColumnKind::Numeric),
                KMeansColumn::Categorical { name, .. } => add(name, ColumnKind::Categorical),
            }),
            Tagging::Deciles(_) => {}
        }
        out
    }
}

/// A grid: the bins of each column, and the bin of each column that makes each segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GridTagging {
    pub columns: Vec<GridColumn>,
    /// Per segment, its bin (index into the column's `labels`) in each column.
    pub cells: Vec<Vec<usize>>,
}

/// The bins of one grid column. A segment's label is its bins' labels joined by " × ".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GridColumn {
    /// Bin `b` holds the numbers in (edges[b − 1], edges[b]]; the last bin is "missing".
    Numeric {
        name: String,
        /// Inner cut points, strictly increasing (computed on the training rows).
        edges: Vec<f64>,
        /// `edges.len() + 1` bins, then "missing".
        labels: Vec<String>,
    },
    /// Bin `i` holds label `levels[i]`; then "other" (every other label, unseen ones included)
    /// and "missing".
    Categorical {
        name: String,
        /// The labels kept (the 29 most frequent in training).
        levels: Vec<String>,
        /// `levels.len()` bins, then "other", then "missing".
        labels: Vec<String>,
    },
}

impl GridColumn {
    /// The column's name.
    pub fn name(&self) -> &str {
        match self {
            GridColumn::Numeric { name, .. } | GridColumn::Categorical { name, .. } => name,
        }
    }

    /// The bins' labels, "missing" last.
    pub fn labels(&self) -> &[String] {
        match self {
            GridColumn::Numeric { labels, .. } | GridColumn::Categorical { labels, .. } => labels,
        }
    }
}

/// Rule segments. Leaves of a tree partition the rows (`overlapping: false`: a row takes the
/// first rule it meets); discovered segments may overlap (`overlapping: true`: a row takes every
/// rule it meets). A row that meets none is in no segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
    pub overlapping: bool,
}

/// k-means: the features as the clustering saw them, and the centres in that space.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KMeansTagging {
    /// The feature columns in order; a numeric one is one coordinate, a categorical one is one
    /// coordinate per label (one-hot).
    pub columns: Vec<KMeansColumn>,
    /// One centre per segment, each with one value per coordinate.
    pub centres: Vec<Vec<f64>>,
}

/// One k-means feature column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KMeansColumn {
    /// Coordinate (x − mean) / sd; a missing x gives 0.
    Numeric { name: String, mean: f64, sd: f64 },
    /// Coordinate i is 1 when the label is `levels[i]`, else 0 (missing and unseen labels: all 0).
    Categorical { name: String, levels: Vec<String> },
}

impl KMeansColumn {
    /// The column's name.
    pub fn name(&self) -> &str {
        match self {
            KMeansColumn::Numeric { name, .. } | KMeansColumn::Categorical { name, .. } => name,
        }
    }

    /// Number of coordinates.
    pub fn width(&self) -> usize {
        match self {
            KMeansColumn::Numeric { .. } => 1,
            KMeansColumn::Categorical { levels, .. } => levels.len(),
        }
    }
}

impl KMeansTagging {
    /// The tagging of a clustering on raw `columns` (a numeric column's mean is NaN when the
    /// training rows had no value in it) with `centres` (`k × width`, row-major). A numeric
    /// column with no training value gave every row the coordinate 0 and every centre 0 there,
    /// so it adds exactly +0 to every distance: it is left out, with its coordinate, and new
    /// rows never need it (as a text column without labels, which has no coordinate).
    pub fn new(columns: Vec<KMeansColumn>, centres: &[f64]) -> KMeansTagging {
        let width: usize = columns.iter().map(KMeansColumn::width).sum();
        let mut keep_coordinate = Vec::with_capacity(width);
        let mut kept = Vec::with_capacity(columns.len());
        for c in columns {
            let empty = match &c {
                KMeansColumn::Numeric { mean, .. } => mean.is_nan(),
                KMeansColumn::Categorical { levels, .. } => levels.is_empty(),
            };
            keep_coordinate.extend(std::iter::repeat_n(!empty, c.width()));
            if !empty {
                kept.push(c);
            }
        }
        let centres = centres
            .chunks(width.max(1))
            .map(|c| c.iter().zip(&keep_coordinate).filter(|(_, k)| **k).map(|(v, _)| *v).collect())
            .collect();
        KMeansTagging { columns: kept, centres }
    }
}

/// Deciles: group `g` (0-based, highest propensity first) holds the probabilities from
/// `cuts[g]` (included) up to `cuts[g − 1]` (excluded); the last group everything below.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DecileTagging {
    /// One fewer than the groups, non-increasing, each in [0, 1]: the lowest probability of
    /// each group but the last, in training.
    pub cuts: Vec<f64>,
}

impl DecileTagging {
    /// The cut points of a ranking: `group[i]` is the group of the row with probability
    /// `proba[i]`, and there are `groups` groups.
    pub fn new(proba: &[f64], group: &[usize], groups: usize) -> DecileTagging {
        let mut lowest = vec![f64::INFINITY; groups];
        for (&p, &g) in proba.iter().zip(group) {
            if let Some(l) = lowest.get_mut(g) {
                *l = l.min(p);
            }
        }
        lowest.pop();
        DecileTagging { cuts: lowest }
    }

    /// The group of probability `p`: the first whose cut it reaches.
    pub fn group(&self, p: f64) -> usize {
        self.cuts.iter().position(|&c| p >= c).unwrap_or(self.cuts.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deciles_cut_at_each_groups_lowest_probability() {
        // Three groups of a ranking: {0.9, 0.8}, {0.7, 0.6}, {0.2, 0.1}.
        let proba = [0.1, 0.9, 0.6, 0.8, 0.2, 0.7];
        let group = [2, 0, 1, 0, 2, 1];
        let d = DecileTagging::new(&proba, &group, 3);
        assert_eq!(d.cuts, vec![0.8, 0.6]);
        let again: Vec<usize> = proba.iter().map(|&p| d.group(p)).collect();
        assert_eq!(again, group);
        // New scores: 0.8 reaches the first cut, 0.79 only the second, 0.59 neither.
        assert_eq!([d.group(0.8), d.group(0.79), d.group(0.6), d.group(0.59)], [0, 1, 1, 2]);
    }

    #[test]
    fn kmeans_drops_columns_without_training_values() {
        let columns = vec![
            KMeansColumn::Numeric { name: "a".into(), mean: 2.0, sd: 1.0 },
            KMeansColumn::Numeric { name: "empty".into(), mean: f64::NAN, sd: 1.0 },
            KMeansColumn::Categorical { name: "g".into(), levels: vec!["x".into(), "y".into()] },
        ];
        // Two centres of width 4: (a, empty, g=x, g=y).
        let t = KMeansTagging::new(columns, &[1.0, 0.0, 0.5, 0.5, -1.0, 0.0, 1.0, 0.0]);
        assert_eq!(t.columns.iter().map(KMeansColumn::name).collect::<Vec<_>>(), ["a", "g"]);
        assert_eq!(t.centres, vec![vec![1.0, 0.5, 0.5], vec![-1.0, 1.0, 0.0]]);
    }
}

//! What discovery returns: overlapping segments (so not a [`super::super::Segmentation`], which
//! gives each row one segment), each with its rule, its member rows, its search-half numbers and
//! its honest held-out numbers; and the two CSV files of the CLI.
//!
//! segments.csv keeps the columns of [`crate::engine::segment::SegmentTable::to_csv`] and adds
//! `holdout_n,holdout_rate,p_value,q_value,significant,direction` (and, when a model gave
//! probabilities, `model_rate,model_p_value,model_q_value,differs_from_model`). `n` and
//! `positives` count every member row (the rows of members.csv); `rate`, `ci_low`, `ci_high`,
//! `shrunk_rate`, `lift` and `shrunk_lift` are measured on the held-out rows only, which the
//! search never saw (so `rate` = `holdout_rate`): rates of the whole file would carry the
//! search's winner's curse. members.csv is long: `segment,row`, one line per member, `row` being
//! the 0-based data record as in `segment --assignments`.

use std::io::{self, Write};

use serde::{Deserialize, Serialize};

use super::params::Correction;
use super::quality::Direction;
use super::rule::Rule;
use crate::engine::csv_out::{escape_cell, writer};
use crate::engine::segment::PriorFit;

/// Rows, buyers and rate of a group of rows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub n: u64,
    pub positives: u64,
    pub rate: f64,
}

impl Totals {
    pub fn new(n: u64, positives: u64) -> Totals {
        Totals { n, positives, rate: positives as f64 / n.max(1) as f64 }
    }
}

/// A segment's held-out rate against the rate the model expects for its held-out rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelCheck {
    /// Held-out members with a model probability.
    pub n: u64,
    /// Buyers among them.
    pub positives: u64,
    /// Mean model probability of those rows: the rate the model expects.
    pub expected_rate: f64,
    /// Two-sided Poisson-binomial test of `positives` against the model's probabilities.
    pub p_value: f64,
    /// `p_value` corrected like the main test, over all tested segments.
    pub q_value: f64,
    /// `q_value` ≤ fdr: the model misjudges this segment.
    pub differs: bool,
    /// Observed rate above or below the model's.
    pub direction: Direction,
}

/// One discovered segment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discovered {
    /// Index in [`Discovery::segments`] (the `segment` of both CSV files).
    pub segment: usize,
    pub rule: Rule,
    /// The rule in words.
    pub label: String,
    /// 0-based rows of the dataset that satisfy the rule, ascending.
    pub members: Vec<u32>,
    /// Every member row / buyer.
    pub n: u64,
    pub positives: u64,
    /// Members in the search half, and the search's quality score (generalization-aware z).
    pub search: Totals,
    pub quality: f64,
    /// Members in the held-out half: the honest numbers.
    pub holdout: Totals,
    /// Wilson 95% interval of the held-out rate.
    pub ci_low: f64,
    pub ci_high: f64,
    /// Held-out rate shrunk toward the tested segments' pooled rate (empirical Bayes).
    pub shrunk_rate: f64,
    /// Held-out rate / overall held-out rate, raw and shrunk.
    pub lift: f64,
    pub shrunk_lift: f64,
    /// Exact two-sided binomial test of the held-out buyers against the overall held-out rate.
    pub p_value: f64,
    pub q_value: f64,
    /// `q_value` ≤ fdr.
    pub significant: bool,
    /// Held-out rate above or below the overall held-out rate.
    pub direction: Direction,
    /// Fewer held-out rows than `min_support`.
    pub small_n: bool,
    /// Present when model probabilities were given.
    pub model: Option<ModelCheck>,
}

/// Everything discovery found and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Discovery {
    /// Tested segments, most convincing first (p-value ascending).
    pub segments: Vec<Discovered>,
    /// Conjunctions with at least `min_support` search rows that the search scored.
    pub candidates_searched: u64,
    /// Segments tested on the held-out rows: the number of tests the q-values correct for.
    pub candidates_tested: usize,
    /// The procedure used (never `Auto`).
    pub correction: Correction,
    pub fdr: f64,
    pub min_support: u64,
    pub max_conditions: usize,
    pub seed: u64,
    /// All rows, the search half and the held-out half.
    pub all: Totals,
    pub search: Totals,
    pub holdout: Totals,
    /// The Beta prior fitted to the tested segments' held-out counts.
    pub prior: PriorFit,
}

impl Discovery {
    /// The significant segments, in order.
    pub fn significant(&self) -> impl Iterator<Item = &Discovered> {
        self.segments.iter().filter(|s| s.significant)
    }

    /// segments.csv (see the module doc for what each column measures).
    pub fn to_csv(&self) -> String {
        let mut out = Vec::new();
        // Writing to a Vec cannot fail.
        let _ = self.write_csv(&mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    /// Writes segments.csv to `w`.
    pub fn write_csv<W: Write>(&self, w: W) -> io::Result<()> {
        let with_model = self.segments.iter().any(|s| s.model.is_some());
        let mut csv = writer(w);
        let mut header = vec![
            "segment",
            "label",
            "n",
            "positives",
            "rate",
            "ci_low",
            "ci_high",
            "shrunk_rate",
            "lift",
            "shrunk_lift",
            "small_n",
            "holdout_n",
            "holdout_rate",
            "p_value",
            "q_value",
            "significant",
            "direction",
        ];
        if with_model {
            header.extend(["model_rate", "model_p_value", "model_q_value", "differs_from_model"]);
        }
        csv.write_record(&header)?;
        for s in &self.segments {
            let mut row = vec![
                s.segment.to_string(),
                escape_cell(&s.label),
                s.n.to_string(),
                s.positives.to_string(),
                s.holdout.rate.to_string(),
                s.ci_low.to_string(),
                s.ci_high.to_string(),
                s.shrunk_rate.to_string(),
                s.lift.to_string(),
                s.shrunk_lift.to_string(),
                s.small_n.to_string(),
                s.holdout.n.to_string(),
                s.holdout.rate.to_string(),
                number(s.p_value),
                number(s.q_value),
                s.significant.to_string(),
                direction_text(s.direction).to_string(),
            ];
            if with_model {
                row.extend(match &s.model {
                    Some(m) => [
                        m.expected_rate.to_string(),
                        number(m.p_value),
                        number(m.q_value),
                        m.differs.to_string(),
                    ],
                    None => Default::default(),
                });
            }
            csv.write_record(&row)?;
        }
        csv.flush()
    }

    /// members.csv: `segment,row` per member, `row` = `row_ids[member]` (the dataset's
    /// [`crate::engine::dataset::Dataset::row_ids`], i.e. 0-based records of the input file).
    pub fn write_members_csv<W: Write>(&self, row_ids: &[usize], mut w: W) -> io::Result<()> {
        w.write_all(b"segment,row\n")?;
        for s in &self.segments {
            for &m in &s.members {
                let row = row_ids.get(m as usize).copied().unwrap_or(m as usize);
                writeln!(w, "{},{row}", s.segment)?;
            }
        }
        w.flush()
    }
}

/// A probability as CSV text: plain decimals, or exponent notation below 1e-4 ("2.5e-18", not
/// eighteen zeros).
fn number(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-4 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
}

/// "above" or "below".
pub fn direction_text(d: Direction) -> &'static str {
    match d {
        Direction::Above => "above",
        Direction::Below => "below",
    }
}

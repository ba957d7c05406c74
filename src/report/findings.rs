//! The plain-language summary: short sentences computed from the report's numbers.
//!
//! Every sentence is assembled from the inputs (counts, rates, intervals, importances); nothing
//! is claimed that the numbers do not show, and a topic without data says nothing. Rules:
//! - top segments are ranked by shrunk lift among segments with at least `min_support`
//!   customers; small-n segments are never named there, only counted as set aside;
//! - the accuracy is compared with the share of the most common class among the same evaluated
//!   rows (from the confusion matrix), with a Wilson 95% interval for the accuracy;
//! - only segments whose shrunk rate is above the overall rate are named as top segments;
//! - caveats name the small segment with the highest raw rate (the one most likely to mislead)
//!   and count the segments whose 95% interval is wider than [`WIDE_INTERVAL`].

use super::html::{num, pct};
use super::input::{DriftRow, EdaInput, ModelInput, ReportInput, SegmentsInput};
use super::summary::rows_removed;
use crate::engine::evaluate::Evaluation;
use crate::engine::segment::discover::{Direction, Discovery};
use crate::engine::segment::SegmentStats;
use crate::engine::stats::{wilson, Z95};

/// A 95% interval wider than this (in rate units, 0.25 = 25 points) is called wide.
pub const WIDE_INTERVAL: f64 = 0.25;
/// How many segments and features are named.
pub const TOP: usize = 3;

/// One sentence and what it is about (`data`, `accuracy`, `features`, `segments`,
/// `small-segments`, `intervals`, `drift`).
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub topic: &'static str,
    pub text: String,
}

fn finding(topic: &'static str, text: String) -> Finding {
    Finding { topic, text }
}

/// Every finding the inputs support, in reading order.
pub fn findings(input: &ReportInput) -> Vec<Finding> {
    let mut out = vec![data_finding(input)];
    match (&input.model, &input.eda) {
        (Some(m), _) => {
            out.push(accuracy_finding(m));
            out.extend(features_finding(m.evaluation));
        }
        (None, Some(eda)) => out.push(baseline_only(eda)),
        (None, None) => {}
    }
    if let Some(s) = &input.segments {
        out.extend(segment_findings(s));
    }
    if let Some(rows) = input.drift.filter(|r| !r.is_empty()) {
        out.push(drift_finding(rows));
    }
    out
}

fn data_finding(input: &ReportInput) -> Finding {
    let d = &input.data;
    let removed = rows_removed(input.cleaning);
    let mut text = if input.cleaning.is_empty() {
        format!(
            "{} rows of {} were analysed as read (no cleaning steps)",
            d.fingerprint.rows, input.file_name
        )
    } else {
        format!(
            "{} rows of {} were analysed; the {} cleaning steps removed {removed} of the {} rows read",
            d.fingerprint.rows,
            input.file_name,
            input.cleaning.len(),
            d.rows_read
        )
    };
    if let Some(eda) = &input.eda {
        let b = eda.balance;
        text += &format!(
            "; {} of the {} customers with a known {} have {} = \"{}\" ({})",
            b.counts[1],
            b.counts[0] + b.counts[1],
            d.target,
            d.target,
            b.labels[1],
            pct(b.positive_rate)
        );
    }
    finding("data", text + ".")
}

/// The most common class among the evaluated rows and its share (from the confusion matrix).
pub fn majority(e: &Evaluation) -> (&str, f64) {
    let [[tn, fp], [fn_, tp]] = e.metrics.confusion_matrix;
    let (neg, pos) = (tn + fp, fn_ + tp);
    let n = (neg + pos).max(1) as f64;
    if pos > neg {
        (&e.labels[1], pos as f64 / n)
    } else {
        (&e.labels[0], neg as f64 / n)
    }
}

fn accuracy_finding(m: &ModelInput) -> Finding {
    let e = m.evaluation;
    let [[tn, _], [_, tp]] = e.metrics.confusion_matrix;
    let n = e.metrics.n as u64;
    let (lo, hi) = wilson(tn + tp, n, Z95);
    let (label, share) = majority(e);
    let acc = e.metrics.accuracy;
    let points = (acc - share) * 100.0;
    let verdict = if points > 0.0 {
        format!("the forest is {:.1} points better", points)
    } else if points < 0.0 {
        format!("the forest does not beat it ({:.1} points worse)", -points)
    } else {
        "the forest is no better".to_string()
    };
    finding(
        "accuracy",
        format!(
            "On {n} evaluated rows the forest is right {} of the time (95% interval {}–{}); \
             always predicting the most common class, \"{label}\", would be right {} of the time, \
             so {verdict}.",
            pct(acc),
            pct(lo),
            pct(hi),
            pct(share)
        ),
    )
}

fn baseline_only(eda: &EdaInput) -> Finding {
    let b = eda.balance;
    let label = if b.counts[1] > b.counts[0] { &b.labels[1] } else { &b.labels[0] };
    finding(
        "accuracy",
        format!(
            "No model is part of this report; a model would have to beat {}, the share of the most \
             common class \"{label}\".",
            pct(b.majority_baseline)
        ),
    )
}

fn features_finding(e: &Evaluation) -> Option<Finding> {
    let total: f64 = e.importance.iter().map(|i| i.impurity).filter(|x| x.is_finite()).sum();
    if e.importance.is_empty() || total <= 0.0 {
        return None;
    }
    let mut sorted: Vec<_> = e.importance.iter().filter(|i| i.impurity.is_finite()).collect();
    sorted.sort_by(|a, b| b.impurity.total_cmp(&a.impurity));
    let named: Vec<String> = sorted
        .iter()
        .take(TOP)
        .map(|i| format!("{} ({})", i.feature, pct(i.impurity / total)))
        .collect();
    let mut text = format!(
        "The features that matter most, by share of the forest's impurity decrease: {}",
        named.join(", ")
    );
    let best_perm = e
        .importance
        .iter()
        .filter_map(|i| i.permutation.map(|(m, _)| (i, m)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, drop)) = best_perm {
        text += &format!(
            "; shuffling {} costs the most accuracy ({} points)",
            i.feature,
            num(drop * 100.0, 1)
        );
    }
    Some(finding("features", text + "."))
}

fn segment_findings(s: &SegmentsInput) -> Vec<Finding> {
    if let Some(found) = s.discovery {
        return discovery_findings(found);
    }
    let t = s.table;
    let total = t.segments.len();
    let small: Vec<&SegmentStats> = t.segments.iter().filter(|x| x.small_n).collect();
    let mut eligible: Vec<&SegmentStats> = t.segments.iter().filter(|x| !x.small_n).collect();
    eligible.sort_by(|a, b| b.shrunk_lift.total_cmp(&a.shrunk_lift));
    let mut out = Vec::new();
    let above: Vec<&SegmentStats> =
        eligible.iter().copied().filter(|x| x.shrunk_rate > t.overall_rate).collect();
    let top = if eligible.is_empty() {
        format!(
            "All {total} segments have fewer than {} customers, so none is named as a top segment.",
            t.min_support
        )
    } else if above.is_empty() {
        format!(
            "No segment with at least {} customers has a shrunk rate above the overall rate of {}.",
            t.min_support,
            pct(t.overall_rate)
        )
    } else {
        let named: Vec<String> = above.iter().take(TOP).map(|x| describe(x)).collect();
        format!(
            "Top segments by shrunk lift among those with at least {} customers (overall rate {}): {}.",
            t.min_support,
            pct(t.overall_rate),
            named.join("; ")
        )
    };
    out.push(finding("segments", top));
    let aside = if small.is_empty() {
        format!(
            "No segment was set aside as too small (all have at least {} customers).",
            t.min_support
        )
    } else {
        format!(
            "{} of {total} segments have fewer than {} customers and were set aside from this ranking.",
            small.len(),
            t.min_support
        )
    };
    out.push(finding("segments", aside));
    // The small segment most likely to mislead: the highest raw rate.
    if let Some(x) = small.iter().max_by(|a, b| a.rate.total_cmp(&b.rate)) {
        out.push(finding(
            "small-segments",
            format!(
                "The highest raw rate among the small segments, {} in \"{}\", rests on only {} \
                 customers ({} buyers): its 95% interval is {}–{} and its shrunk rate {}.",
                pct(x.rate),
                x.label,
                x.n,
                x.positives,
                pct(x.ci_low),
                pct(x.ci_high),
                pct(x.shrunk_rate)
            ),
        ));
    }
    out.push(finding("intervals", interval_caveat(&t.segments)));
    out
}

fn describe(x: &SegmentStats) -> String {
    format!(
        "\"{}\" buys at {} shrunk (raw {} of {} customers, 95% interval {}–{}), {}× the overall rate",
        x.label,
        pct(x.shrunk_rate),
        pct(x.rate),
        x.n,
        pct(x.ci_low),
        pct(x.ci_high),
        num(x.shrunk_lift, 2)
    )
}

fn interval_caveat(segments: &[SegmentStats]) -> String {
    let width = |x: &SegmentStats| x.ci_high - x.ci_low;
    let wide: Vec<&SegmentStats> = segments.iter().filter(|x| width(x) > WIDE_INTERVAL).collect();
    match wide.iter().max_by(|a, b| width(a).total_cmp(&width(b))) {
        None => format!(
            "Every segment's 95% interval is narrower than {:.0} points.",
            WIDE_INTERVAL * 100.0
        ),
        Some(w) => format!(
            "{} of {} segments have 95% intervals wider than {:.0} points; the widest is \"{}\" \
             ({}–{} with {} customers), so its rate could lie anywhere in that range.",
            wide.len(),
            segments.len(),
            WIDE_INTERVAL * 100.0,
            w.label,
            pct(w.ci_low),
            pct(w.ci_high),
            w.n
        ),
    }
}

fn drift_finding(rows: &[DriftRow]) -> Finding {
    let mut verdicts: Vec<(String, usize)> = Vec::new();
    for r in rows {
        match verdicts.iter_mut().find(|(v, _)| *v == r.verdict) {
            Some((_, k)) => *k += 1,
            None => verdicts.push((r.verdict.clone(), 1)),
        }
    }
    let counts: Vec<String> = verdicts.iter().map(|(v, k)| format!("{k} {v}")).collect();
    let mut text = format!("Drift over {} features: {}", rows.len(), counts.join(", "));
    if let Some(top) =
        rows.iter().filter(|r| r.psi.is_finite()).max_by(|a, b| a.psi.total_cmp(&b.psi))
    {
        text += &format!(
            "; the largest PSI is {} for {} ({})",
            num(top.psi, 3),
            top.feature,
            top.verdict
        );
    }
    finding("drift", text + ".")
}

#[cfg(test)]
#[path = "findings_tests.rs"]
mod tests;

/// Findings of discovered segments: how many rules were searched and tested, and only the
/// significant ones named (the rest could be chance, and a search always finds some).
fn discovery_findings(found: &Discovery) -> Vec<Finding> {
    let significant: Vec<_> = found.significant().collect();
    let mut out = vec![finding(
        "segments",
        format!(
            "Discovery searched {} rules on half of the rows and tested the best {} on the other \
             half, which the search never saw; {} are significant at a false discovery rate of {}, \
             the others could be chance.",
            found.candidates_searched,
            found.candidates_tested,
            significant.len(),
            found.fdr
        ),
    )];
    for (direction, word) in [(Direction::Above, "above"), (Direction::Below, "below")] {
        let named: Vec<String> = significant
            .iter()
            .filter(|s| s.direction == direction)
            .take(TOP)
            .map(|s| {
                format!(
                    "\"{}\" ({} on {} held-out customers, 95% interval {}–{})",
                    s.label,
                    pct(s.holdout.rate),
                    s.holdout.n,
                    pct(s.ci_low),
                    pct(s.ci_high)
                )
            })
            .collect();
        if !named.is_empty() {
            out.push(finding(
                "segments",
                format!(
                    "Significantly {word} the overall rate of {}: {}.",
                    pct(found.holdout.rate),
                    named.join("; ")
                ),
            ));
        }
    }
    out
}

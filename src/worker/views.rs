//! The text views of results the page only shows (see `protocol::view`): written here from the
//! engine's types, so the page needs no reader for them.

use crate::engine::baseline::BaselineReport;
use crate::engine::display::{fixed, percent};
use crate::engine::eda::{Association, AssociationMeasure};
use crate::engine::forest::Tuning;
use crate::engine::segment::definitions::SegmentMix;
use crate::engine::segment::discover::{direction_text, Correction, Discovery};
use crate::engine::session::{Segments, Stage};
use crate::protocol::{
    BaselineView, SegmentCharts, SegmentRequest, SegmentResult, TableView, TextTable,
};

/// A discovery: what was searched and tested, and each tested segment's held-out numbers,
/// q-value and verdict.
pub fn discovery(found: &Discovery) -> TableView {
    let correction = match found.correction {
        Correction::By => "Benjamini–Yekutieli, as segments share rows",
        _ => "Benjamini–Hochberg",
    };
    let significant = found.significant().count();
    let summary = format!(
        "{} rules searched on a seeded half of the rows ({} rows); the best {} tested on the other half ({} rows), which the search never saw. {significant} significant at a false discovery rate of {} ({correction}); the others could be chance.",
        found.candidates_searched,
        found.search.n,
        found.candidates_tested,
        found.holdout.n,
        found.fdr
    );
    let with_model = found.segments.iter().any(|s| s.model.is_some());
    let mut headers: Vec<String> = [
        "#",
        "Rule",
        "held-out n",
        "rate",
        "95% interval",
        "shrunk rate",
        "lift",
        "q-value",
        "verdict",
    ]
    .map(String::from)
    .into();
    if with_model {
        headers.push("model expects".into());
    }
    let mut table = TextTable { headers, ..TextTable::default() };
    for s in &found.segments {
        let verdict = match s.significant {
            true => format!("significant ({})", direction_text(s.direction)),
            false => "could be chance".to_string(),
        };
        let mut row = vec![
            (s.segment + 1).to_string(),
            s.label.clone(),
            s.holdout.n.to_string(),
            percent(s.holdout.rate, 1),
            format!("{}–{}", percent(s.ci_low, 1), percent(s.ci_high, 1)),
            percent(s.shrunk_rate, 1),
            fixed(s.lift, 2),
            format!("{:.2e}", s.q_value),
            verdict,
        ];
        if with_model {
            row.push(s.model.as_ref().map_or(String::new(), |m| {
                let differs = if m.differs { " — differs" } else { "" };
                format!("{}{differs}", percent(m.expected_rate, 1))
            }));
        }
        table.rows.push(row);
        let class = match (s.significant, s.small_n) {
            (true, _) => "significant",
            (false, true) => "small-n",
            _ => "",
        };
        table.classes.push(class.into());
    }
    TableView { summary, table }
}

/// A batch's shares of the segments against training's.
pub fn segment_mix(mix: &SegmentMix) -> TableView {
    let verdict = match (mix.psi, &mix.verdict) {
        (Some(psi), Some(v)) => format!("PSI {} ({} shift).", fixed(psi, 3), v.as_str()),
        _ => "Segments overlap: shares are compared one by one, without a PSI.".to_string(),
    };
    let summary =
        format!("{} training rows, {} batch rows. {verdict}", mix.training_rows, mix.batch_rows);
    let headers = ["Segment", "Training n", "Training share", "Batch n", "Batch share"];
    let rows = mix
        .segments
        .iter()
        .map(|r| {
            vec![
                r.label.clone(),
                r.training_n.to_string(),
                percent(r.training_share, 1),
                r.batch_n.to_string(),
                percent(r.batch_share, 1),
            ]
        })
        .collect();
    let table = TextTable { headers: headers.map(String::from).into(), rows, classes: Vec::new() };
    TableView { summary, table }
}

/// How `min_samples_leaf = auto` chose: each candidate's out-of-bag scores.
pub fn tuning(t: &Tuning) -> TableView {
    let trees = t.scores.first().map_or(0, |s| s.trees);
    let summary = format!(
        "min_samples_leaf = auto chose {}: the lowest out-of-bag Brier score of {} settings, each scored with {trees} trees on its out-of-bag rows (the error a forest of many trees would make, estimated without the few-tree bias).",
        t.chosen.min_samples_leaf,
        t.scores.len()
    );
    let headers = ["min_samples_leaf", "OOB Brier", "OOB accuracy", "OOB log loss"];
    let mut table = TextTable { headers: headers.map(String::from).into(), ..TextTable::default() };
    for s in &t.scores {
        table.rows.push(vec![
            s.candidate.min_samples_leaf.to_string(),
            fixed(s.brier, 5),
            fixed(s.accuracy, 4),
            fixed(s.log_loss, 4),
        ]);
        table.classes.push(if s.candidate == t.chosen { "chosen" } else { "" }.into());
    }
    TableView { summary, table }
}

/// The baseline comparison in words.
pub fn baseline(r: &BaselineReport) -> BaselineView {
    let m = &r.metrics;
    let c = &r.forest_minus_baseline;
    BaselineView {
        verdict: c.verdict(),
        metrics: format!(
            "Logistic regression (L2, C = {}; one-hot categories, standardized numbers, missing indicators) on the same test rows: accuracy {}, ROC AUC {}, F1 {}.{}",
            r.c,
            fixed(m.accuracy, 3),
            m.roc_auc.map_or("–".into(), |a| fixed(a, 3)),
            fixed(m.f1, 3),
            r.sample_note()
        ),
        auc: c.roc_auc.as_ref().map(|d| format!("ROC AUC, forest − baseline: {}.", d.text(1.0, ""))),
    }
}

/// What the page is sent of the segmentation `s` made for `request`, with its charts.
pub fn segment_result(
    s: &Segments,
    request: SegmentRequest,
    charts: SegmentCharts,
) -> SegmentResult {
    let csv = match &s.run.discovery {
        Some(d) => d.to_csv(),
        None => s.run.table.to_csv(),
    };
    SegmentResult {
        gen: s.gen,
        basis: s.basis,
        target: request.spec.target,
        labels: s.run.labels.clone(),
        table: s.run.table.clone(),
        gains: s.run.gains.clone(),
        kmeans: s.run.kmeans.clone(),
        discovery: s.run.discovery.as_ref().map(discovery),
        csv,
        charts,
        with_model: s.basis.stage == Stage::Model,
    }
}

/// Every feature column ranked by association with the target: measure, value, 95% interval,
/// rows and labels.
pub fn associations(ranking: &[Association]) -> TableView {
    let headers = ["#", "Column", "measure", "value", "95% interval", "n", "labels"];
    let mut table = TextTable { headers: headers.map(String::from).into(), ..TextTable::default() };
    for (i, a) in ranking.iter().enumerate() {
        let measure = match a.measure {
            AssociationMeasure::PointBiserial => "point-biserial r",
            AssociationMeasure::CramersV => "Cramér's V (chance-corrected)",
        };
        let interval = a
            .interval
            .map_or(String::new(), |(lo, hi)| format!("{} to {}", fixed(lo, 2), fixed(hi, 2)));
        table.rows.push(vec![
            (i + 1).to_string(),
            a.column.clone(),
            measure.into(),
            a.value.map_or("undefined".into(), |v| fixed(v, 3)),
            interval,
            a.n.to_string(),
            a.levels.map_or(String::new(), |k| k.to_string()),
        ]);
        table.classes.push(String::new());
    }
    let summary = format!(
        "{} columns ranked by association with the target, strongest first: point-biserial r for numbers (Fisher z interval), Cramér's V for labels, corrected for the association that many labels show by chance (approximate interval).",
        ranking.len()
    );
    TableView { summary, table }
}

//! The segments section (n, buyers, raw rate, Wilson interval, shrunk rate, lifts, small-n flag)
//! and the drift section (PSI and verdict per feature).

use super::figures;
use super::html::{esc, num, para, pct, section, table, table_html, tr};
use super::input::{DriftRow, SegmentsInput};
use crate::engine::display::Outcome;

/// At most this many segments are listed (the highest by shrunk lift); the note says how many.
pub const MAX_SEGMENT_ROWS: usize = 60;

/// The `report-segments` section.
pub fn segments_section(s: &SegmentsInput, outcome: &Outcome) -> String {
    let t = s.table;
    let small = t.segments.iter().filter(|x| x.small_n).count();
    let event = outcome.event();
    let mut body = para(&format!(
        "{}: {} segments over {} customers, {} {event} (overall {} {}). Segments with fewer than \
         {} customers are flagged small n ({small} of them).",
        s.method,
        t.segments.len(),
        t.n,
        t.positives,
        outcome.rate(),
        pct(t.overall_rate),
        t.min_support
    ));
    body += &para(&format!(
        "Shrinkage prior Beta({}, {}) ({}): shrunk rate = (positives + α) / (n + α + β).",
        num(t.prior.alpha, 2),
        num(t.prior.beta, 2),
        t.prior.method
    ));
    body += &figures::segment_rates(t, outcome);
    let with_proba = t.segments.iter().any(|x| x.mean_proba.is_some());
    let mut header = vec![
        "#",
        "Segment",
        "n",
        &event,
        "Raw rate",
        "95% interval",
        "Shrunk rate",
        "Lift",
        "Shrunk lift",
        "Share of positives",
        "Small n",
    ];
    if with_proba {
        header.push("Mean predicted");
    }
    let mut rows_html = String::new();
    for (i, x) in t.segments.iter().take(MAX_SEGMENT_ROWS).enumerate() {
        let mut cells = vec![
            (i + 1).to_string(),
            esc(&x.label),
            x.n.to_string(),
            x.positives.to_string(),
            pct(x.rate),
            format!("{} – {}", pct(x.ci_low), pct(x.ci_high)),
            pct(x.shrunk_rate),
            num(x.lift, 2),
            num(x.shrunk_lift, 2),
            pct(x.share_of_positives),
            if x.small_n { "<span class=\"flag\">small n</span>".into() } else { "no".into() },
        ];
        if with_proba {
            cells.push(x.mean_proba.map_or("–".into(), pct));
        }
        rows_html += &tr(&cells, if x.small_n { "small-n" } else { "" });
    }
    body += &format!(
        "<div class=\"table-wrap\">{}</div>",
        table_html("class=\"segments\" data-testid=\"segments-table\"", "", &header, &rows_html)
    );
    if t.segments.len() > MAX_SEGMENT_ROWS {
        body += &para(&format!(
            "Showing the {MAX_SEGMENT_ROWS} segments with the highest shrunk lift of {}.",
            t.segments.len()
        ));
    }
    section("report-segments", "Segments", &body)
}

/// The `report-drift` section.
pub fn drift_section(rows: &[DriftRow]) -> String {
    let body = if rows.is_empty() {
        para("No features were compared.")
    } else {
        let mut sorted: Vec<&DriftRow> = rows.iter().collect();
        sorted.sort_by(|a, b| b.psi.total_cmp(&a.psi));
        let cells: Vec<Vec<String>> =
            sorted.iter().map(|r| vec![esc(&r.feature), num(r.psi, 4), esc(&r.verdict)]).collect();
        para(
            "Population stability index (PSI) of each feature in the new batch against the \
              training bins: below 0.1 stable, 0.1–0.25 moderate, above 0.25 major drift.",
        ) + &table("drift", "", &["Feature", "PSI", "Verdict"], &cells)
    };
    section("report-drift", "Drift", &body)
}

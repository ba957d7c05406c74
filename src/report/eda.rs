//! The exploratory section: class balance and majority baseline, histograms by class, the
//! target's rate per category with Wilson intervals, the scatter and the correlation heatmap.

use super::figures;
use super::html::{esc, facts, pct, section, table};
use super::input::EdaInput;
use crate::engine::display::Outcome;

/// The `report-eda` section.
pub fn eda_section(eda: &EdaInput, outcome: &Outcome) -> String {
    let b = eda.balance;
    let total = b.counts[0] + b.counts[1];
    let mut body = facts(&[
        ("Customers with a target", total.to_string()),
        (
            "Class counts",
            format!("{}: {}, {}: {}", b.labels[0], b.counts[0], b.labels[1], b.counts[1]),
        ),
        ("Overall rate", format!("{} ({})", pct(b.positive_rate), outcome.rate())),
        ("Majority baseline", pct(b.majority_baseline)),
    ]);
    body += "<div class=\"charts\">";
    for (i, h) in eda.histograms.iter().enumerate() {
        body += &figures::histogram(i, h);
    }
    if let Some(s) = eda.scatter {
        body += &figures::scatter(s);
    }
    if !eda.correlation.names.is_empty() {
        body += &figures::correlation(eda.correlation);
    }
    body += "</div>";
    for (i, (column, rates)) in eda.rates.iter().enumerate() {
        body += &format!("<h3>{} by {}</h3>", esc(&outcome.rate()), esc(column));
        body += &figures::category_rates(i, column, rates, b.positive_rate, outcome);
        let rows: Vec<Vec<String>> = rates
            .iter()
            .map(|r| {
                vec![
                    esc(&r.label),
                    r.n.to_string(),
                    r.positives.to_string(),
                    pct(r.rate),
                    format!("{} – {}", pct(r.ci_low), pct(r.ci_high)),
                ]
            })
            .collect();
        let header =
            [esc(column), "n".into(), esc(&outcome.event()), "Rate".into(), "95% interval".into()];
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        body += &table("rates", "", &header, &rows);
    }
    section("report-eda", "Exploration", &body)
}

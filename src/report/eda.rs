//! The exploratory section: class balance and majority baseline, histograms by class, purchase
//! rate per category with Wilson intervals, the scatter and the correlation heatmap.

use super::figures;
use super::html::{esc, facts, pct, section, table};
use super::input::EdaInput;

/// The `report-eda` section.
pub fn eda_section(eda: &EdaInput) -> String {
    let b = eda.balance;
    let total = b.counts[0] + b.counts[1];
    let mut body = facts(&[
        ("Customers with a target", total.to_string()),
        (
            "Class counts",
            format!("{}: {}, {}: {}", b.labels[0], b.counts[0], b.labels[1], b.counts[1]),
        ),
        ("Positive rate", pct(b.positive_rate)),
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
        body += &format!("<h3>Purchase rate by {}</h3>", esc(column));
        body += &figures::category_rates(i, column, rates, b.positive_rate);
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
            [esc(column), "n".into(), "Buyers".into(), "Rate".into(), "95% interval".into()];
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        body += &table("rates", "", &header, &rows);
    }
    section("report-eda", "Exploration", &body)
}

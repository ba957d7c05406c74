//! Assembles the page: head (charset, a CSP that forbids every fetch and script, the inline
//! stylesheet), the title block, a table of contents, then the sections in reading order.

use super::css::CSS;
use super::eda::eda_section;
use super::explain::explain_section;
use super::findings::findings;
use super::html::{esc, section};
use super::input::ReportInput;
use super::model::model_section;
use super::segments::{drift_section, segments_section};
use super::summary::{cleaning_section, data_section};

/// The page's Content-Security-Policy: no scripts, no fetches, only the inline stylesheet.
pub const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'";

/// The report of `input` as one self-contained HTML document (no scripts, no external URLs).
pub fn build_report(input: &ReportInput) -> String {
    let outcome = input.outcome();
    let mut sections: Vec<(&str, &str, String)> = vec![
        ("report-findings", "Findings", findings_section(input)),
        ("report-summary", "Data", data_section(input)),
        ("report-cleaning", "Cleaning log", cleaning_section(input.cleaning, input.data.rows_read)),
    ];
    if let Some(eda) = &input.eda {
        sections.push(("report-eda", "Exploration", eda_section(eda, &outcome)));
    }
    if let Some(m) = &input.model {
        sections.push(("report-model", "Model", model_section(m)));
    }
    if let Some(e) = &input.explain {
        sections.push(("report-explain", "Why customers buy", explain_section(e)));
    }
    if let Some(s) = &input.segments {
        sections.push(("report-segments", "Segments", segments_section(s, &outcome)));
    }
    if let Some(d) = input.drift {
        sections.push(("report-drift", "Drift", drift_section(d)));
    }
    let toc: String = sections
        .iter()
        .map(|(id, name, _)| format!("<li><a href=\"#{id}\">{name}</a></li>"))
        .collect();
    let body: String = sections.into_iter().map(|(_, _, html)| html).collect();
    let title = esc(input.title);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"micronum {}\">\n\
         <title>{title} — {}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <header class=\"report-head\"><h1>{title}</h1>\
         <p class=\"meta\">File <strong>{}</strong> · created {} · micronum {}</p>\
         <nav aria-label=\"Contents\"><ol class=\"toc\">{toc}</ol></nav></header>\n\
         <main>\n{body}</main>\n</body>\n</html>\n",
        env!("CARGO_PKG_VERSION"),
        esc(input.file_name),
        esc(input.file_name),
        esc(input.created),
        env!("CARGO_PKG_VERSION"),
    )
}

/// The `report-findings` section: one list item per finding, tagged with its topic.
fn findings_section(input: &ReportInput) -> String {
    let items: String = findings(input)
        .iter()
        .map(|f| format!("<li data-finding=\"{}\">{}</li>", f.topic, esc(&f.text)))
        .collect();
    section("report-findings", "Findings", &format!("<ul class=\"findings\">{items}</ul>"))
}

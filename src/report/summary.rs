//! The data section (fingerprint, how the file was read, per-column summary) and the cleaning
//! section (each step of the log with the rows and cells it changed).

use super::html::{compact, esc, facts, para, section, table};
use super::input::{DataInput, ReportInput};
use crate::engine::clean::StepReport;
use crate::engine::eda::ColumnSummary;

/// The `report-summary` section.
pub fn data_section(input: &ReportInput) -> String {
    let d = &input.data;
    let mut body = facts(&data_facts(input.file_name, d, input.cleaning));
    if let Some(ing) = d.ingest {
        if !ing.warnings.is_empty() {
            body += "<h3>Warnings while reading</h3><ul>";
            for w in &ing.warnings {
                body += &format!("<li>{}</li>", esc(w));
            }
            body += "</ul>";
        }
    }
    body += "<h3>Columns</h3>";
    body += &column_table(d.summary);
    section("report-summary", "Data", &body)
}

fn data_facts(file_name: &str, d: &DataInput, steps: &[StepReport]) -> Vec<(&'static str, String)> {
    let mut out = vec![
        ("File", file_name.to_string()),
        ("Rows read", d.rows_read.to_string()),
        ("Columns read", d.columns_read.to_string()),
        ("Rows analysed (after cleaning)", d.fingerprint.rows.to_string()),
        ("Columns analysed", d.fingerprint.columns.to_string()),
        ("Target", d.target.to_string()),
        ("Fingerprint (FNV-1a 64 of every cell)", d.fingerprint.hash.clone()),
        ("Cleaning steps", steps.len().to_string()),
    ];
    if let Some(ing) = d.ingest {
        let delimiter = match ing.delimiter {
            '\t' => "tab".to_string(),
            c => format!("\"{c}\""),
        };
        out.push(("Encoding", ing.encoding.clone()));
        out.push(("Delimiter", delimiter));
        if ing.decimal_comma {
            out.push(("Decimal separator", "comma".into()));
        }
    }
    out
}

/// One row per column: kind, n, missing, mean, sd, quartiles, distinct, most frequent values.
fn column_table(summary: &[ColumnSummary]) -> String {
    let header = [
        "Column",
        "Kind",
        "n",
        "Missing",
        "Mean",
        "SD",
        "Min",
        "Q1",
        "Median",
        "Q3",
        "Max",
        "Distinct",
        "Most frequent",
    ];
    let rows: Vec<Vec<String>> = summary
        .iter()
        .map(|c| {
            let top: Vec<String> = c.top.iter().map(|(v, k)| format!("{} ({k})", esc(v))).collect();
            vec![
                esc(&c.name),
                esc(&format!("{:?}", c.kind).to_lowercase()),
                c.n.to_string(),
                c.missing.to_string(),
                compact(c.mean),
                compact(c.sd),
                compact(c.min),
                compact(c.q1),
                compact(c.median),
                compact(c.q3),
                compact(c.max),
                c.distinct.to_string(),
                top.join(", "),
            ]
        })
        .collect();
    format!("<div class=\"table-wrap\">{}</div>", table("summary", "", &header, &rows))
}

/// The `report-cleaning` section.
pub fn cleaning_section(steps: &[StepReport], rows_read: usize) -> String {
    let body = if steps.is_empty() {
        para(&format!("No cleaning steps were applied; the {rows_read} rows were used as read."))
    } else {
        let rows: Vec<Vec<String>> = steps
            .iter()
            .enumerate()
            .map(|(i, s)| {
                vec![
                    (i + 1).to_string(),
                    esc(&s.description),
                    s.rows_affected.to_string(),
                    s.cells_affected.to_string(),
                    s.rows_before.to_string(),
                    s.rows_after.to_string(),
                ]
            })
            .collect();
        let header = ["#", "Step", "Rows affected", "Cells affected", "Rows before", "Rows after"];
        let cells: usize = steps.iter().map(|s| s.cells_affected).sum();
        let first = steps.first().map_or(rows_read, |s| s.rows_before);
        let last = steps.last().map_or(rows_read, |s| s.rows_after);
        let intro = para(&format!(
            "{} steps, replayed in this order on every new batch; {cells} cells changed in total, \
             rows {first} → {last}.",
            steps.len()
        ));
        intro + &table("cleaning", "", &header, &rows)
    };
    section("report-cleaning", "Cleaning log", &body)
}

/// Rows removed by the cleaning log (first step's rows before minus last step's rows after).
pub fn rows_removed(steps: &[StepReport]) -> usize {
    match (steps.first(), steps.last()) {
        (Some(a), Some(b)) => a.rows_before.saturating_sub(b.rows_after),
        _ => 0,
    }
}

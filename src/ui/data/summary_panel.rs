//! What was read: encoding, delimiter, rows × columns, the target guess with its evidence, each
//! column's inferred kind and role (editable) with the evidence, and a preview of the first rows.

use leptos::prelude::*;

use super::role_select::RoleSelect;
use crate::protocol::DataSummary;
use crate::ui::common::{shown, PreviewTable, ShowAll, FIRST_ROWS};

/// What was read: facts, columns with inferred kinds, and the first rows.
#[component]
pub fn DataSummaryPanel(
    /// The worker's summary of the loaded file.
    summary: DataSummary,
) -> impl IntoView {
    let report = summary.report.clone();
    let headline = format!("{} rows × {} columns", summary.rows, summary.columns);
    let name = report.file_name.clone().unwrap_or_else(|| "data".into());
    let delimiter = match report.delimiter {
        '\t' => "tab".to_string(),
        c => format!("'{c}'"),
    };
    // A wide file lists and previews its first columns (500 role selects and a 500-column
    // preview block the page for half a second); the rest on request.
    let wide = report.columns.len() > FIRST_ROWS;
    let all = RwSignal::new(false);
    let columns = report.columns.clone();
    let kinds = move || {
        columns
            .iter()
            .take(shown(columns.len(), all.get()))
            .map(|c| {
                let evidence = match c.role_evidence.is_empty() {
                    true => c.evidence.clone(),
                    false => format!("{}; {}", c.evidence, c.role_evidence),
                };
                view! {
                    <tr data-column=c.name.clone()>
                        <td>{c.name.clone()}</td>
                        <td>{format!("{:?}", c.kind).to_ascii_lowercase()}</td>
                        <td><RoleSelect column=c.clone()/></td>
                        <td class="num">{c.missing}</td>
                        <td class="num">{c.distinct}</td>
                        <td class="muted">{evidence}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    let total = report.columns.len();
    let (headers, preview) = match wide {
        true => (
            summary.headers.iter().take(FIRST_ROWS).cloned().collect(),
            summary.preview.iter().map(|r| r.iter().take(FIRST_ROWS).cloned().collect()).collect(),
        ),
        false => (summary.headers.clone(), summary.preview.clone()),
    };
    let evidence = report.target_evidence.clone().unwrap_or_default();
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">{name}</h2>
            <p data-testid="data-summary"><strong>{headline}</strong></p>
            <dl class="facts">
                <dt>"Encoding"</dt><dd>{report.encoding.clone()}</dd>
                <dt>"Delimiter"</dt><dd>{delimiter}</dd>
                <dt>"Target (guessed)"</dt><dd data-testid="target-guess" title=evidence.clone()>{report.target_guess.clone().unwrap_or_else(|| "none found".into())}</dd>
                <dt>"Positive label"</dt><dd>{report.positive_guess.clone().unwrap_or_else(|| "—".into())}</dd>
            </dl>
            <p class="muted" data-testid="target-evidence">{evidence}</p>
            {report.positive_evidence.clone().map(|e| view! { <p class="muted">{e}</p> })}
            {report.warnings.iter().map(|w| view! { <p class="warning">{w.clone()}</p> }).collect_view()}
            <h3>"Columns"</h3>
            <div class="table-wrap">
                <table data-testid="column-kinds">
                    <thead><tr><th>"Column"</th><th>"Kind"</th><th>"Role"</th><th class="num">"Missing"</th><th class="num">"Distinct"</th><th>"Evidence"</th></tr></thead>
                    <tbody>{kinds}</tbody>
                </table>
            </div>
            <ShowAll total=total all=all what="columns"/>
            <h3>"First rows"</h3>
            {wide.then(|| view! { <p class="muted">{format!("The first {FIRST_ROWS} of {total} columns.")}</p> })}
            <PreviewTable headers=headers rows=preview caption="Preview of the first rows" testid="preview-table"/>
        </section>
    }
}

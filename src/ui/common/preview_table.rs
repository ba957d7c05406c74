//! A scrollable table of headers and rows of text. All text is rendered as text nodes, never
//! as HTML, so cells holding markup cannot run.

use leptos::prelude::*;

/// Headers and rows as display text.
#[component]
pub fn PreviewTable(
    /// Column headers.
    headers: Vec<String>,
    /// Rows of cells, each as long as `headers`.
    rows: Vec<Vec<String>>,
    /// Accessible caption.
    #[prop(into)]
    caption: String,
    /// `data-testid` of the `<table>`.
    #[prop(into)]
    testid: String,
) -> impl IntoView {
    let region_label = caption.clone();
    view! {
        <div class="table-wrap" tabindex="0" role="region" aria-label=region_label>
            <table data-testid=testid>
                <caption class="sr-only">{caption}</caption>
                <thead>
                    <tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|row| view! { <tr>{row.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr> })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

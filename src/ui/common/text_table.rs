//! A table the worker wrote as text (`protocol::TextTable`): headers, rows, a class per row.
//! Cells are text nodes, never HTML.

use leptos::prelude::*;

use super::show_all::{shown, ShowAll};
use crate::protocol::TextTable as Table;

/// A worker-written table.
#[component]
pub fn TextTable(
    /// The headers, rows and row classes.
    table: Table,
    /// `data-testid` of the `<table>`.
    #[prop(into)]
    testid: String,
    /// Called with a row's index when it is clicked (None: rows are not clickable).
    #[prop(optional)]
    on_row: Option<Callback<usize>>,
) -> impl IntoView {
    let Table { headers, rows, classes } = table;
    let total = rows.len();
    let all = RwSignal::new(false);
    let body = move || {
        rows.iter()
            .take(shown(total, all.get()))
            .enumerate()
            .map(|(i, row)| {
                let class = classes.get(i).cloned().unwrap_or_default();
                let click = move |_| {
                    if let Some(f) = on_row {
                        f.run(i)
                    }
                };
                let key = move |ev: web_sys::KeyboardEvent| {
                    if ev.key() == "Enter" {
                        if let Some(f) = on_row {
                            f.run(i)
                        }
                    }
                };
                let focus = on_row.is_some().then_some("0");
                view! {
                    <tr class=class tabindex=focus on:click=click on:keydown=key>
                        {row.iter().map(|c| view! { <td>{c.clone()}</td> }).collect_view()}
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <div class="table-wrap">
            <table data-testid=testid>
                <thead><tr>{headers.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}</tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
        <ShowAll total=total all=all what="rows"/>
    }
}

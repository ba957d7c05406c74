//! What the last Apply did: rows before and after, and rows/cells affected per step.

use leptos::prelude::*;

use crate::ui::state::AppState;

/// The cleaning report of the current cleaning.
#[component]
pub fn CleanReport() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.current(state.cleaned).map(|c| view! {
            <section class="panel" aria-labelledby="clean-report-title">
                <h2 id="clean-report-title">"Cleaning report"</h2>
                <p data-testid="clean-rows">{format!("{} rows before, {} rows after.", c.rows_before, c.rows_after)}</p>
                <div class="table-wrap">
                    <table data-testid="clean-report">
                        <thead><tr><th>"Step"</th><th class="num">"Rows affected"</th><th class="num">"Cells affected"</th><th class="num">"Rows after"</th></tr></thead>
                        <tbody>
                            {c.steps.into_iter().map(|s| view! {
                                <tr><td>{s.description}</td><td class="num">{s.rows_affected}</td><td class="num">{s.cells_affected}</td><td class="num">{s.rows_after}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })
    }
}

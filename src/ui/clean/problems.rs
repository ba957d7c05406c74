//! The problems detected in the data as read, each with its column and count.

use leptos::prelude::*;

use crate::ui::state::AppState;

/// The detected problems (nothing until the worker answered).
#[component]
pub fn ProblemList() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.current(state.problems).map(|(problems, _)| {
            if problems.is_empty() {
                view! { <p class="notice">"No problems found."</p> }.into_any()
            } else {
                view! {
                    <ul data-testid="problems">
                        {problems.into_iter().map(|p| view! {
                            <li><strong>{p.column.clone().unwrap_or_else(|| "All columns".into())}</strong>": " {p.message} " (" {p.count} ")"</li>
                        }).collect_view()}
                    </ul>
                }
                .into_any()
            }
        })
    }
}

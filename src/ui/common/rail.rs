//! The left rail of steps. Steps that need data are disabled until a file is loaded.

use leptos::prelude::*;

use crate::ui::state::{AppState, Step};

/// Navigation between the seven steps.
#[component]
pub fn StepRail() -> impl IntoView {
    let state = expect_context::<AppState>();
    let has_data = move || state.data.with(|d| d.is_some());
    view! {
        <nav class="rail" aria-label="Analysis steps">
            <ol>
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let needs_data = step != Step::Data;
                        view! {
                            <li>
                                <button
                                    type="button"
                                    data-testid=step.testid()
                                    aria-current=move || (state.step.get() == step).then_some("step")
                                    disabled=move || needs_data && !has_data()
                                    on:click=move |_| state.step.set(step)
                                >
                                    {step.label()}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}

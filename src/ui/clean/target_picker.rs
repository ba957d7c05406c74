//! The target column and the label that means "bought".

use leptos::prelude::*;

use crate::ui::state::AppState;

/// Target column and purchase label selectors.
#[component]
pub fn TargetPicker<F>(
    /// Called after the user picks another target.
    on_change: F,
) -> impl IntoView
where
    F: Fn() + Copy + 'static,
{
    let state = expect_context::<AppState>();
    let headers = move || {
        state.data.with(|d| d.as_ref().map(|d| d.value.headers.clone()).unwrap_or_default())
    };
    view! {
        <div class="form-grid">
            <div class="field">
                <label for="target-select">"Target column (purchased)"</label>
                <select id="target-select" data-testid="target-select"
                    on:change=move |ev| { state.target.set(Some(event_target_value(&ev))); on_change(); }>
                    {move || headers().into_iter().map(|h| {
                        let selected = state.target.with(|t| t.as_deref() == Some(h.as_str()));
                        view! { <option value=h.clone() selected=selected>{h.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="positive-input">"Label that means “bought”"</label>
                <input id="positive-input" data-testid="positive-input"
                    prop:value=move || state.positive.get().unwrap_or_default()
                    on:change=move |ev| state.positive.set(Some(event_target_value(&ev)))/>
                <small>"After cleaning, the target is 0/1 and 1 means bought."</small>
            </div>
        </div>
    }
}

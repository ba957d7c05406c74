//! The latest error, announced to screen readers; earlier results stay on screen below it.

use leptos::prelude::*;

use crate::ui::state::AppState;

/// The error banner with a dismiss button.
#[component]
pub fn ErrorBanner() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.error.get().map(|message| {
            view! {
                <div class="error" role="alert" data-testid="error-message">
                    <strong>"Could not finish: "</strong>
                    {message}
                    <button class="dismiss" on:click=move |_| state.error.set(None) aria-label="Dismiss error">"×"</button>
                </div>
            }
        })
    }
}

//! Progress bar and Cancel button for the worker's current job.

use leptos::prelude::*;

use crate::ui::app::Worker;
use crate::ui::state::AppState;

/// Shows the running job (phase, done/total) with a Cancel button that stops it at once.
#[component]
pub fn JobProgress() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let cancel = move |_| {
        worker.with_value(|w| w.cancel());
        state.job.set(None);
        state.notice.set(Some("Cancelled. Your previous data and results are unchanged.".into()));
    };
    view! {
        {move || state.job.get().map(|job| {
            let pct = if job.total > 0 { (job.done as f64 / job.total as f64 * 100.0).round() } else { 0.0 };
            let text = if job.total > 0 {
                format!("{} — {} ({} of {})", job.label, job.phase, job.done, job.total)
            } else {
                format!("{} — {}", job.label, job.phase)
            };
            view! {
                <div class="progress" data-testid="train-progress" role="status" aria-live="polite">
                    <span class="phase">{text}</span>
                    <progress max="100" value=pct aria-label="Progress"></progress>
                    <button type="button" class="danger" data-testid="cancel-button" on:click=cancel>"Cancel"</button>
                </div>
            }
        })}
        {move || state.notice.get().map(|n| view! {
            <div class="notice" role="status" data-testid="notice">{n}
                <button class="dismiss" aria-label="Dismiss" on:click=move |_| state.notice.set(None)>"×"</button>
            </div>
        })}
    }
}

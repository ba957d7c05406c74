//! The app shell: header, step rail, the current step's panel, and the worker wiring.

use leptos::prelude::*;

use super::clean_step::CleanStep;
use super::data_step::DataStep;
use super::dom::download_text;
use super::explore_step::ExploreStep;
use super::job_progress::JobProgress;
use super::model_step::ModelStep;
use super::rail::StepRail;
use super::segments_step::SegmentsStep;
use super::state::{AppState, Step};
use super::worker_handle::WorkerHandle;
use crate::protocol::Event;

/// Context handle on the worker (not `Send`, so stored locally).
pub type Worker = StoredValue<WorkerHandle, LocalStorage>;

/// The whole app. Provides [`AppState`] and the [`Worker`] as context.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let worker: Worker = StoredValue::new_local(WorkerHandle::new(move |msg| match &msg.event {
        // Downloads are the outside world: handled here, not in the state.
        Event::ModelJson { json } => {
            if let Err(e) = download_text("micronum_model.json", "application/json", json) {
                state.error.set(Some(e));
            }
        }
        _ => state.apply(msg),
    }));
    provide_context(worker);

    view! {
        <div class="app">
            <header class="app-header">
                <h1>"micronum"</h1>
                <span class="tagline">"Purchase prediction and micro-segments"</span>
                <span class="privacy" title="No data leaves this page: parsing, training and charts run locally in WebAssembly.">
                    "Local only · no uploads"
                </span>
            </header>
            <StepRail/>
            <main id="main" tabindex="-1">
                <JobProgress/>
                <ErrorBanner/>
                {move || match state.step.get() {
                    Step::Data => view! { <DataStep/> }.into_any(),
                    Step::Clean => view! { <CleanStep/> }.into_any(),
                    Step::Explore => view! { <ExploreStep/> }.into_any(),
                    Step::Model => view! { <ModelStep/> }.into_any(),
                    Step::Segments => view! { <SegmentsStep/> }.into_any(),
                    other => view! { <NotYet step=other/> }.into_any(),
                }}
            </main>
        </div>
    }
}

/// The latest error, announced to screen readers; earlier results stay on screen below it.
#[component]
fn ErrorBanner() -> impl IntoView {
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

/// Placeholder panel for steps that are not available in this build.
#[component]
fn NotYet(
    /// The step the user opened.
    step: Step,
) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="notyet-title">
            <h2 id="notyet-title">{step.label()}</h2>
            <p class="muted">"This step is not yet available in this build."</p>
        </section>
    }
}

//! The Monitor step: the current model, the model registry (save, use, rename, export, delete,
//! import), scoring a new batch with the current model, and the metric history, drift and
//! retraining of labelled batches.

use leptos::prelude::*;

use super::batch_panel::BatchPanel;
use super::current_model::CurrentModel;
use super::registry::Registry;
use super::storage::refresh_registry;
use crate::ui::common::StepHead;
use crate::ui::state::{AppState, Step};

/// The Monitor step.
#[component]
pub fn MonitorStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    refresh_registry(state);
    view! {
        <section class="panel" aria-labelledby="monitor-title">
            <StepHead step=Step::Monitor/>
            <p class="help">
                "Keep models in this browser, score new batches with the cleaning the model learnt, and watch its accuracy on labelled batches. Nothing leaves this page."
            </p>
            <CurrentModel/>
        </section>
        <Registry/>
        <BatchPanel/>
    }
}

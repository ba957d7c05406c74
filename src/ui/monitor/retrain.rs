//! Retraining on the data plus the labelled batches, and the choice between the two models.

use leptos::prelude::*;

use super::comparison::Comparison;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::state::{now_iso, AppState};

/// Retraining on the data plus the labelled batches, and the choice between the two models.
#[component]
pub fn RetrainPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let batches = move || state.current(state.batch).map_or(0, |b| b.labelled_batches);
    let retrain = move |_| {
        let Some(model) = state.lineage.get_untracked().model else { return };
        let request = Request::Retrain { model, created: now_iso() };
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Retraining");
    };
    view! {
        <h4>"Retrain"</h4>
        <p class="help">
            "Fits a new model on the loaded data plus the labelled batches scored in this session, with the current model's parameters and cleaning, and compares both on the newest batch."
        </p>
        <button type="button" data-testid="retrain-button" on:click=retrain
            disabled=move || batches() == 0 || state.job.get().is_some()>
            {move || match batches() {
                0 => "Retrain (score a labelled batch first)".to_string(),
                n => format!("Retrain with {n} labelled batch{}", if n == 1 { "" } else { "es" }),
            }}
        </button>
        {move || state.current(state.retrain).map(|r| view! { <Comparison result=r/> })}
    }
}

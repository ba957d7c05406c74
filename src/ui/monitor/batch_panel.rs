//! Scoring a new batch with the current model, and what came out of it.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::batch_view::BatchView;
use super::history::History;
use super::retrain::RetrainPanel;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::dom::read_file;
use crate::ui::state::AppState;

/// Scoring a new batch and what came out of it.
#[component]
pub fn BatchPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let on_batch = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            match read_file(&file).await {
                Ok(bytes) => {
                    // The model current once the file is read (not when it was chosen).
                    let Some(model) = state.lineage.get_untracked().model else { return };
                    let request = Request::ScoreBatch { model, file_name: file.name() };
                    let id = worker.with_value(|w| w.send(request, Some(bytes.into())));
                    state.start_job(id, &format!("Scoring {}", file.name()));
                }
                Err(e) => state.error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="batch-title">
            <h3 id="batch-title">"Score a new batch"</h3>
            <p class="help">"The model's cleaning log is replayed on the batch; columns the model needs must be present. With the target column, the batch's metrics join the history."</p>
            <div class="row">
                <label class="file-label" for="batch-input">"Choose a CSV batch "</label>
                <input id="batch-input" type="file" accept=".csv,.tsv,.txt,text/csv" data-testid="batch-input"
                    on:change=on_batch disabled=move || {
                        !state.has_current(state.model_info)
                            || state.pending_use.with(Option::is_some)
                            || state.job.with(Option::is_some)
                    }/>
            </div>
            {move || state.current(state.batch).map(|b| view! { <BatchView batch=b/> })}
            <History/>
            <RetrainPanel/>
        </section>
    }
}

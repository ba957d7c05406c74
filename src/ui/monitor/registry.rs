//! The saved models and importing a model file (checked by the worker before it is saved).

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::registry_row::RegistryRow;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::dom::read_file;
use crate::ui::state::AppState;

/// Saved models with their actions, and importing a model file.
#[component]
pub fn Registry() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let on_import = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            let bytes = match read_file(&file).await {
                Ok(b) => b.to_vec(),
                Err(e) => return state.error.set(Some(e)),
            };
            let Ok(json) = String::from_utf8(bytes) else {
                return state.error.set(Some(format!("{}: not a text (JSON) file", file.name())));
            };
            let name = file.name().trim_end_matches(".json").to_string();
            state.pending_import.set(Some((name, json.clone())));
            let id = worker.with_value(|w| w.send(Request::UseModel { json }, None));
            state.start_job(id, &format!("Checking {}", file.name()));
        });
    };
    view! {
        <section class="panel" aria-labelledby="registry-title">
            <h3 id="registry-title">"Saved models"</h3>
            <div class="row">
                <label class="file-label" for="model-import">"Import a model file (JSON) "</label>
                <input id="model-import" type="file" accept=".json,application/json" data-testid="model-import" on:change=on_import/>
            </div>
            {move || {
                let list = state.registry.get();
                if list.is_empty() {
                    view! { <p class="muted" data-testid="registry-list">"No saved models yet."</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" role="region" aria-label="Saved models" tabindex="0">
                            <table data-testid="registry-list">
                                <thead><tr>
                                    <th scope="col">"Name"</th><th scope="col">"Saved"</th><th scope="col">"Target"</th>
                                    <th scope="col">"Accuracy"</th><th scope="col">"Batches"</th><th scope="col">"Actions"</th>
                                </tr></thead>
                                <tbody>{list.into_iter().map(|e| view! { <RegistryRow entry=e/> }).collect_view()}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

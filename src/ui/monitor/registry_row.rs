//! One row of the registry: use, rename, export or delete a saved model.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::storage::refresh_registry;
use crate::engine::display::fixed;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::dom::download_text;
use crate::ui::idb::{self, Entry};
use crate::ui::state::AppState;

/// One saved model with its actions.
#[component]
pub fn RegistryRow(
    /// The saved model.
    entry: Entry,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let id = entry.id;
    let meta = entry.meta.clone();
    let accuracy = meta.info.metrics.accuracy.map_or("–".to_string(), |a| fixed(a, 3));
    let history = meta.history.clone();
    let use_it = move |_| {
        // Pending from the click on: a batch chosen meanwhile waits for this model.
        state.pending_use.set(Some((id, history.clone())));
        spawn_local(async move {
            match idb::get_model(id).await {
                Ok(json) => {
                    let job = worker.with_value(|w| w.send(Request::UseModel { json }, None));
                    state.start_job(job, "Loading the saved model");
                }
                Err(e) => {
                    state.pending_use.set(None);
                    state.error.set(Some(e));
                }
            }
        });
    };
    let meta_r = meta.clone();
    let rename = move |_| {
        let Some(w) = web_sys::window() else { return };
        let Ok(Some(new)) = w.prompt_with_message_and_default("New name", &meta_r.name) else {
            return;
        };
        let mut m = meta_r.clone();
        m.name = new.trim().to_string();
        if m.name.is_empty() {
            return;
        }
        spawn_local(async move {
            if let Err(e) = idb::set_meta(id, &m).await {
                state.error.set(Some(e));
            }
            refresh_registry(state);
        });
    };
    let name_e = meta.name.clone();
    let export = move |_| {
        let file = format!("{}.json", name_e.replace(['/', '\\', ':'], "_"));
        spawn_local(async move {
            let result = match idb::get_model(id).await {
                Ok(json) => download_text(&file, "application/json", &json),
                Err(e) => Err(e),
            };
            if let Err(e) = result {
                state.error.set(Some(e));
            }
        });
    };
    let name_d = meta.name.clone();
    let delete = move |_| {
        let ok = web_sys::window()
            .and_then(|w| w.confirm_with_message(&format!("Delete “{name_d}”?")).ok())
            .unwrap_or(false);
        if !ok {
            return;
        }
        spawn_local(async move {
            if let Err(e) = idb::delete(id).await {
                state.error.set(Some(e));
            }
            if state.model_entry.get_untracked().is_some_and(|(_, e)| e == id) {
                state.model_entry.set(None);
            }
            refresh_registry(state);
        });
    };
    let current = move || state.saved_entry() == Some(id);
    view! {
        <tr class:current=current>
            <td>{meta.name.clone()}{move || current().then_some(" (current)")}</td>
            <td>{meta.saved.get(..16).unwrap_or(&meta.saved).replace('T', " ")}</td>
            <td>{format!("{} = {}", meta.info.target, meta.info.labels[1])}</td>
            <td>{accuracy}</td>
            <td>{meta.history.len()}</td>
            <td class="actions">
                <button type="button" on:click=use_it data-testid="registry-use">"Use"</button>
                <button type="button" on:click=rename>"Rename"</button>
                <button type="button" on:click=export data-testid="registry-export">"Export"</button>
                <button type="button" on:click=delete data-testid="registry-delete">"Delete"</button>
            </td>
        </tr>
    }
}

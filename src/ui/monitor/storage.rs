//! The registry in browser storage, as the Monitor step uses it: listing, saving the current
//! model with its history, and keeping that history up to date.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::ui::idb::{self, ModelMeta};
use crate::ui::state::{now_iso, AppState};

/// Reloads the registry list into the state.
pub fn refresh_registry(state: AppState) {
    spawn_local(async move {
        match idb::list().await {
            Ok(list) => state.registry.set(list),
            Err(e) => state.error.set(Some(e)),
        }
    });
}

/// Saves `json` (the current model) to the registry under `name`.
pub fn save_model(state: AppState, name: String, json: String) {
    let Some(info) = state.model_info.get_untracked() else { return };
    let gen = info.basis.gen;
    let history = state.history.with_untracked(|h| h.as_ref().map(|h| h.value.clone()));
    let meta = ModelMeta {
        name,
        saved: now_iso(),
        info: info.value,
        history: history.unwrap_or_default(),
    };
    spawn_local(async move {
        match idb::add_model(&meta, &json).await {
            Ok(id) => {
                state.model_entry.set(Some((gen, id)));
                state.notice.set(Some(format!("Saved “{}” in this browser.", meta.name)));
                refresh_registry(state);
            }
            Err(e) => state.error.set(Some(e)),
        }
    });
}

/// Stores the current history in the current model's registry entry, if it is saved.
pub fn persist_history(state: AppState) {
    let Some(id) = state.model_entry.get_untracked().map(|(_, id)| id) else { return };
    let Some(mut entry) = state.registry.get_untracked().into_iter().find(|e| e.id == id) else {
        return;
    };
    let history = state.history.with_untracked(|h| h.as_ref().map(|h| h.value.clone()));
    entry.meta.history = history.unwrap_or_default();
    spawn_local(async move {
        if let Err(e) = idb::set_meta(id, &entry.meta).await {
            state.error.set(Some(e));
        }
        refresh_registry(state);
    });
}

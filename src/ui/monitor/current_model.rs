//! The current model, its Save button and its SQL export.

use leptos::prelude::*;

use super::onnx_export::OnnxExport;
use super::sql_export::SqlExport;
use crate::engine::display::fixed;
use crate::protocol::{ModelInfo, Request};
use crate::ui::app::Worker;
use crate::ui::state::AppState;

/// The current model and the Save button.
#[component]
pub fn CurrentModel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let name = RwSignal::new(String::new());
    let save = move |_| {
        let Some(model) = state.lineage.get_untracked().model else { return };
        let fallback = state
            .model_info
            .with_untracked(|i| {
                i.as_ref().map(|i| {
                    let i = &i.value;
                    format!("{} model {}", i.target, i.created.get(..16).unwrap_or(""))
                })
            })
            .unwrap_or_default();
        let n = name.get_untracked().trim().to_string();
        state.pending_save.set(Some(if n.is_empty() { fallback } else { n }));
        let id = worker.with_value(|w| w.send(Request::ExportModel { model }, None));
        state.start_job(id, "Saving the model");
    };
    move || {
        match state.current(state.model_info) {
        None => view! {
            <p class="muted" data-testid="no-model">"No current model: train one in the Model step, or use or import a saved one below."</p>
        }
        .into_any(),
        Some(info) => view! {
            <div class="model-info" data-testid="current-model">
                <p>{describe(&info)}</p>
                <div class="row">
                    <label for="model-name">"Name"</label>
                    <input id="model-name" type="text" placeholder="e.g. Q3 purchase model" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                    <button type="button" class="primary" data-testid="save-model" on:click=save disabled=move || state.saved_entry().is_some()>
                        {move || if state.saved_entry().is_some() { "Saved" } else { "Save to this browser" }}
                    </button>
                </div>
                <SqlExport/>
                <OnnxExport/>
            </div>
        }
        .into_any(),
    }
    }
}

fn describe(info: &ModelInfo) -> String {
    let metric = |v: Option<f64>| v.map(|v| fixed(v, 3));
    let m = &info.metrics;
    format!(
        "Predicts {} = {} from {} features with {} trees; trained {} on {} rows (fingerprint {}). Test accuracy {}, F1 {}, ROC AUC {}.",
        info.target,
        info.labels[1],
        info.features.len(),
        info.n_trees,
        info.created,
        info.fingerprint.rows,
        info.fingerprint.hash,
        metric(m.accuracy).unwrap_or_else(|| "–".into()),
        metric(m.f1).unwrap_or_else(|| "–".into()),
        metric(m.roc_auc).unwrap_or_else(|| "–".into()),
    )
}

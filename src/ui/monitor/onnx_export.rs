//! The current model as an ONNX file (a standard TreeEnsemble graph with the model's cleaning),
//! for onnxruntime and every system that scores ONNX.

use leptos::prelude::*;

use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::state::AppState;

/// The "Download ONNX" button.
#[component]
pub fn OnnxExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let export = move |_| {
        let Some(model) = state.lineage.get_untracked().model else { return };
        let id = worker.with_value(|w| w.send(Request::ExportOnnx { model }, None));
        state.start_job(id, "Writing the ONNX file");
    };
    view! {
        <div class="row">
            <button type="button" data-testid="export-onnx" on:click=export
                disabled=move || state.job.with(|j| j.is_some())>"Download ONNX"</button>
            <small class="muted">"Scores in onnxruntime (Python, C#, Java, JavaScript) exactly as this page does; inputs are the model's columns, output `probability`."</small>
        </div>
    }
}

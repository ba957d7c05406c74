//! The Report step: builds the self-contained HTML report of the session in the worker (the same
//! builder as `micronum report`), previews it in a sandboxed frame, downloads or prints it.

use leptos::html::Iframe;
use leptos::prelude::*;

use super::app::Worker;
use super::dom::download_text;
use super::help_link::HelpLink;
use super::state::{now_iso, AppState, Step};
use crate::protocol::{ReportRequest, Request};

/// The Report step.
#[component]
pub fn ReportStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let frame = NodeRef::<Iframe>::new();
    let build = move |_| {
        let target = state
            .target
            .get_untracked()
            .or_else(|| state.model_info.get_untracked().map(|m| m.target));
        let Some(target) = target else {
            return state
                .error
                .set(Some("choose the target column in the Clean step first".into()));
        };
        let request = Request::Report(ReportRequest {
            target,
            positive: state.positive.get_untracked(),
            created: now_iso(),
        });
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Building the report");
    };
    let download = move |_| {
        if let Some(html) = state.report.get_untracked() {
            if let Err(e) = download_text("micronum_report.html", "text/html", &html) {
                state.error.set(Some(e));
            }
        }
    };
    let print = move |_| {
        if let Some(w) = frame.get_untracked().and_then(|f| f.content_window()) {
            let _ = w.print();
        }
    };
    view! {
        <section class="panel" aria-labelledby="report-title">
            <div class="step-head">
                <h2 id="report-title">"7 · Report"</h2>
                <HelpLink step=Step::Report/>
            </div>
            <p class="help">
                "One self-contained HTML page with the data summary, the cleaning log, the charts, the model's metrics, the segments with their intervals, and a plain-language summary computed from the numbers. It opens anywhere, offline, and prints cleanly."
            </p>
            <div class="row">
                <button type="button" class="primary" data-testid="build-report" on:click=build disabled=move || state.data.get().is_none()>
                    {move || if state.report.get().is_some() { "Rebuild report" } else { "Build report" }}
                </button>
                <button type="button" data-testid="download-report" on:click=download disabled=move || state.report.get().is_none()>"Download HTML"</button>
                <button type="button" on:click=print disabled=move || state.report.get().is_none()>"Print / PDF"</button>
            </div>
            {move || state.data.get().is_none().then(|| view! { <p class="muted">"Load data first (and train a model and compute segments for those sections)."</p> })}
            {move || state.report.get().map(|html| view! {
                // No scripts may run in the frame; same origin only so that Print can reach it.
                <iframe node_ref=frame class="report-frame" title="Report preview" data-testid="report-preview"
                    sandbox="allow-same-origin allow-modals" srcdoc=html></iframe>
            })}
        </section>
    }
}

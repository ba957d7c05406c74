//! The Report step: builds the self-contained HTML report of the session in the worker (the same
//! builder as `micronum report`), previews it in a sandboxed frame, downloads or prints it.

use leptos::html::Iframe;
use leptos::prelude::*;

use crate::engine::session::Freshness;
use crate::protocol::{ReportRequest, Request};
use crate::ui::app::Worker;
use crate::ui::common::{StaleNote, StepHead};
use crate::ui::dom::download_text;
use crate::ui::state::{now_iso, AppState, Step};

/// The Report step.
#[component]
pub fn ReportStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let frame = NodeRef::<Iframe>::new();
    let build = move |_| {
        let target = state.target.get_untracked().or_else(|| {
            state.model_info.with_untracked(|m| m.as_ref().map(|m| m.value.target.clone()))
        });
        let Some(target) = target else {
            return state
                .error
                .set(Some("choose the target column in the Clean step first".into()));
        };
        let request = Request::Report(ReportRequest {
            cleaning: state.lineage.get_untracked().cleaning,
            target,
            positive: state.positive.get_untracked(),
            created: now_iso(),
            // The profit panel's value and cost when it was used for the current model.
            profit: state
                .profit
                .with_untracked(|p| p.as_ref().map(|p| (p.value.value, p.value.cost))),
        });
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Building the report");
    };
    let report = move || state.shown(state.report);
    let stale = move || report().is_none_or(|(_, f)| f != Freshness::Current);
    let download = move |_| {
        if let Some((html, _)) = report() {
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
            <StepHead step=Step::Report/>
            <p class="help">
                "One self-contained HTML page with the data summary, the cleaning log, the charts, the model's metrics, the segments with their intervals, and a plain-language summary computed from the numbers. It opens anywhere, offline, and prints cleanly."
            </p>
            <div class="row">
                <button type="button" class="primary" data-testid="build-report" on:click=build disabled=move || state.data.with(|d| d.is_none())>
                    {move || if report().is_some() { "Rebuild report" } else { "Build report" }}
                </button>
                <button type="button" data-testid="download-report" on:click=download disabled=stale>"Download HTML"</button>
                <button type="button" on:click=print disabled=stale>"Print / PDF"</button>
            </div>
            {move || state.data.with(|d| d.is_none()).then(|| view! { <p class="muted">"Load data first (and train a model and compute segments for those sections)."</p> })}
            {move || report().map(|(_, f)| view! { <StaleNote freshness=f action="rebuild the report"/> })}
            {move || report().map(|(html, _)| view! {
                // No scripts may run in the frame; same origin only so that Print can reach it.
                <iframe node_ref=frame class="report-frame" title="Report preview" data-testid="report-preview"
                    sandbox="allow-same-origin allow-modals" srcdoc=html></iframe>
            })}
        </section>
    }
}

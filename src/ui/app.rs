//! The app shell: header, step rail, the current step's panel, and the worker wiring.

use leptos::prelude::*;

use super::clean::CleanStep;
use super::common::{ErrorBanner, JobProgress, StepRail};
use super::data::DataStep;
use super::dom::{download_bytes, download_text};
use super::explore::ExploreStep;
use super::idb;
use super::model::ModelStep;
use super::monitor::{persist_history, save_model, MonitorStep};
use super::report::ReportStep;
use super::segments::SegmentsStep;
use super::state::{AppState, Step};
use super::worker_handle::{Kind, WorkerHandle};
use crate::protocol::{Event, FromWorker, PROTOCOL_VERSION};
use leptos::task::spawn_local;

/// Context handle on the worker (not `Send`, so stored locally).
pub type Worker = StoredValue<WorkerHandle, LocalStorage>;

/// The whole app. Provides [`AppState`] and the [`Worker`] as context.
#[component]
pub fn App() -> impl IntoView {
    let state = AppState::new();
    provide_context(state);
    let worker: Worker = StoredValue::new_local(WorkerHandle::new(move |mut msg: FromWorker| {
        // Downloads and browser storage are the outside world: handled here, not in the state.
        // What they need is taken out first, so the message is never cloned.
        match &msg.event {
            Event::Sql { dialect, sql, notes } => sql_downloaded(state, dialect, sql, notes.len()),
            Event::Onnx { notes, bytes } => onnx_downloaded(state, bytes, notes.len()),
            Event::SegmentDefinitions { json } => {
                let file = "micronum_segments.json";
                if let Err(e) = download_text(file, "application/json", json) {
                    state.error.set(Some(e));
                }
            }
            _ => {}
        }
        let model_json = match &mut msg.event {
            Event::ModelJson { json } => Some(std::mem::take(json)),
            _ => None,
        };
        let imported = matches!(msg.event, Event::ModelInfo(_));
        let labelled = matches!(&msg.event, Event::BatchScored(b) if b.metrics.is_some());
        state.apply(msg);
        if let Some(json) = model_json {
            if let Some(name) = state.pending_save.try_update(Option::take).flatten() {
                save_model(state, name, json);
            } else if let Err(e) = download_text("micronum_model.json", "application/json", &json) {
                state.error.set(Some(e));
            }
        }
        if imported {
            if let Some((name, json)) = state.pending_import.try_update(Option::take).flatten() {
                save_model(state, name, json);
            }
        }
        if labelled {
            persist_history(state);
        }
    }));
    provide_context(worker);
    worker.with_value(|w| {
        w.on_session(move |requests, bytes| {
            let session = idb::Session {
                v: PROTOCOL_VERSION,
                requests,
                target: state.target.get_untracked(),
                positive: state.positive.get_untracked(),
            };
            spawn_local(async move {
                // Storage can be unavailable (private mode, quota): the app works without it.
                if let Err(e) = idb::save_session(&session, bytes.as_ref()).await {
                    state.notice.set(Some(format!("This session will not survive a reload: {e}")));
                }
            });
        })
    });
    restore_session(state, worker);

    view! {
        <div class="app">
            <header class="app-header">
                <h1>"micronum"</h1>
                <span class="tagline">"Purchase prediction and micro-segments"</span>
                <span class="privacy" title="No data leaves this page: parsing, training and charts run locally in WebAssembly.">
                    "Local only · no uploads"
                </span>
            </header>
            <StepRail/>
            <main id="main" tabindex="-1">
                <JobProgress/>
                <ErrorBanner/>
                {move || match state.step.get() {
                    Step::Data => view! { <DataStep/> }.into_any(),
                    Step::Clean => view! { <CleanStep/> }.into_any(),
                    Step::Explore => view! { <ExploreStep/> }.into_any(),
                    Step::Model => view! { <ModelStep/> }.into_any(),
                    Step::Segments => view! { <SegmentsStep/> }.into_any(),
                    Step::Monitor => view! { <MonitorStep/> }.into_any(),
                    Step::Report => view! { <ReportStep/> }.into_any(),
                }}
            </main>
        </div>
    }
}

/// Offers the model's SQL (`notes` cleaning notes in its header) as a download.
fn sql_downloaded(state: AppState, dialect: &str, sql: &str, notes: usize) {
    let file = format!("micronum_model_{dialect}.sql");
    match download_text(&file, "application/sql", sql) {
        Ok(()) => state.notice.set(Some(format!(
            "Downloaded {file}: one SELECT scoring the table in {dialect}.{}",
            if notes == 0 {
                String::new()
            } else {
                format!(" Its header explains {notes} cleaning step(s).")
            }
        ))),
        Err(e) => state.error.set(Some(e)),
    }
}

/// Offers the model's ONNX file (`notes` cleaning steps handled) as a download.
fn onnx_downloaded(state: AppState, bytes: &[u8], notes: usize) {
    match download_bytes("micronum_model.onnx", "application/octet-stream", bytes) {
        Ok(()) => state.notice.set(Some(format!(
            "Downloaded micronum_model.onnx: one TreeEnsemble graph (ai.onnx.ml opset 5) with {notes} cleaning step(s) inside; inputs are the model's columns, output `probability`."
        ))),
        Err(e) => state.error.set(Some(e)),
    }
}

/// Shown when the stored session came from another version of micronum.
const OUTDATED_SESSION: &str =
    "Your previous session was saved by an older version of micronum and \
     cannot be replayed by this one, so it was discarded: load your file again.";

/// Replays the stored session (file, cleaning, model) into the worker, once at start-up.
fn restore_session(state: AppState, worker: Worker) {
    spawn_local(async move {
        let (session, bytes) = match idb::load_session().await {
            Ok(idb::Stored::Session(session, bytes)) => (session, bytes),
            Ok(idb::Stored::Outdated) => {
                return state.notice.set(Some(OUTDATED_SESSION.into()));
            }
            Ok(idb::Stored::Nothing) | Err(_) => return,
        };
        // The user may have started something before storage answered: theirs wins.
        if state.data.with_untracked(|d| d.is_some()) || state.job.get_untracked().is_some() {
            return;
        }
        state.pending_target.set(Some((session.target.clone(), session.positive.clone())));
        state.notice.set(Some(
            "Restored your previous session (data, cleaning and model) from this browser.".into(),
        ));
        for stored in session.requests {
            let saved = &stored.request;
            let label = match (saved.kind, &saved.file) {
                (Kind::Load, Some(file_name)) => format!("Restoring {file_name}"),
                (Kind::Load, None) => "Restoring the demo data".into(),
                (Kind::Clean, _) => "Restoring the cleaning".into(),
                (Kind::Segment, _) => "Restoring the segments".into(),
                _ => "Restoring the model".into(),
            };
            let file = if saved.kind == Kind::Load { bytes.clone() } else { None };
            let id = worker.with_value(|w| w.send_stored(stored, file));
            state.start_job(id, &label);
        }
    });
}

//! The Clean step: choose the target, review detected problems, toggle and edit the suggested
//! fixes, apply them in the worker, and see rows/cells affected per step. The log can be
//! downloaded as JSON and loaded again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::problems::ProblemList;
use super::report::CleanReport;
use super::step_editor::StepEditor;
use super::target_picker::TargetPicker;
use crate::engine::clean::{log_to_pretty_json, CleaningLog};
use crate::engine::session::Gen;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::common::StepHead;
use crate::ui::dom::{download_text, read_file};
use crate::ui::state::{AppState, Step};

/// Problems, fixes, and the cleaning report.
#[component]
pub fn CleanStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();

    let detect = move || {
        let request = Request::Detect {
            data: state.lineage.get_untracked().data,
            target: state.target.get_untracked(),
            positive: state.positive.get_untracked(),
        };
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Looking for problems");
    };
    // Detect when the step shows data whose problems are not known for the chosen target (the
    // worker is the outside world here); once per data and target, so a failure is not retried
    // in a loop.
    let asked = StoredValue::new(None::<(Gen, Option<String>)>);
    Effect::new(move |_| {
        let key = (state.lineage.get().data, state.target.get());
        let known = state.has_current(state.problems);
        if state.data.with(|d| d.is_some()) && !known && asked.get_value() != Some(key.clone()) {
            asked.set_value(Some(key));
            detect();
        }
    });

    let apply = move |_| {
        let on = state.log_enabled.get_untracked();
        let positions: Vec<usize> = (0..state.log.with_untracked(|l| l.len()))
            .filter(|&i| on.get(i).copied().unwrap_or(true))
            .collect();
        let log: CleaningLog = state
            .log
            .with_untracked(|log| positions.iter().filter_map(|&i| log.get(i).cloned()).collect());
        state.clean_positions.set(positions);
        let data = state.lineage.get_untracked().data;
        let id = worker.with_value(|w| w.send(Request::Clean { data, log }, None));
        state.start_job(id, "Cleaning");
    };
    let download = move |_| {
        let text = state.log.with_untracked(log_to_pretty_json);
        if let Err(e) = download_text("cleaning_log.json", "application/json", &text) {
            state.error.set(Some(e));
        }
    };
    let load_log = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            let parsed = read_file(&file).await.and_then(|bytes| {
                // Text first: `from_str` is the reader the page links already (`from_slice`
                // would add a second copy of the JSON parser).
                let text = String::from_utf8(bytes.to_vec()).map_err(|_| {
                    format!("{}: not a micronum cleaning log (not UTF-8 text)", file.name())
                })?;
                serde_json::from_str::<CleaningLog>(&text)
                    .map_err(|e| format!("{}: not a micronum cleaning log ({e})", file.name()))
            });
            match parsed {
                Ok(log) => state.set_log(log),
                Err(e) => state.error.set(Some(e)),
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="clean-title">
            <StepHead step=Step::Clean/>
            <p class="help">"Each fix is a step in a cleaning log: it is saved with the model and replayed on every new batch you score."</p>
            <TargetPicker on_change=move || { state.problems.set(None); }/>
            <h3>"Detected problems"</h3>
            <ProblemList/>
            <h3>"Suggested fixes"</h3>
            <ol class="steps" data-testid="clean-steps">
                {move || (0..state.log.with(|l| l.len())).map(|i| view! { <StepEditor index=i/> }).collect_view()}
            </ol>
            <div class="actions">
                <button type="button" class="primary" data-testid="clean-apply" on:click=apply
                    disabled=move || state.job.with(|j| j.is_some())>"Apply"</button>
                <button type="button" on:click=download>"Download log (JSON)"</button>
                <label class="button" for="log-input">"Load a log…"</label>
                <input id="log-input" class="sr-only" type="file" accept=".json,application/json" on:change=load_log/>
            </div>
        </section>
        <CleanReport/>
    }
}

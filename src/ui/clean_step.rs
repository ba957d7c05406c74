//! The Clean step: choose the target, review detected problems, toggle and edit the suggested
//! fixes, apply them in the worker, and see rows/cells affected per step. The log can be
//! downloaded as JSON and loaded again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::app::Worker;
use super::dom::{download_text, read_file};
use super::help_link::HelpLink;
use super::state::{AppState, Step};
use super::step_editor::StepEditor;
use crate::engine::clean::{log_to_pretty_json, CleaningLog};
use crate::protocol::Request;

/// Problems, fixes, and the cleaning report.
#[component]
pub fn CleanStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let enabled = RwSignal::new(Vec::<bool>::new());

    let detect = move || {
        let target = state.target.get_untracked();
        let id = worker.with_value(|w| w.send(Request::Detect { target }, None));
        state.start_job(id, "Looking for problems");
    };
    // Detect once when the step opens on fresh data (the worker is the outside world here).
    Effect::new(move |_| {
        if state.data.with(|d| d.is_some()) && state.problems.with(|p| p.is_none()) {
            detect();
        }
    });
    // A new suggestion enables every step.
    Effect::new(move |_| {
        let n = state.log.with(|l| l.len());
        if enabled.with_untracked(|e| e.len()) != n {
            enabled.set(vec![true; n]);
        }
    });

    let apply = move |_| {
        let on = enabled.get_untracked();
        let positions: Vec<usize> = (0..state.log.with_untracked(|l| l.len()))
            .filter(|&i| on.get(i).copied().unwrap_or(true))
            .collect();
        let log: CleaningLog = state
            .log
            .with_untracked(|log| positions.iter().filter_map(|&i| log.get(i).cloned()).collect());
        state.clean_positions.set(positions);
        let id = worker.with_value(|w| w.send(Request::Clean { log }, None));
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
                Ok(log) => state.log.set(log),
                Err(e) => state.error.set(Some(e)),
            }
        });
    };

    view! {
        <section class="panel" aria-labelledby="clean-title">
            <div class="step-head">
                <h2 id="clean-title">"2 · Clean"</h2>
                <HelpLink step=Step::Clean/>
            </div>
            <p class="help">"Each fix is a step in a cleaning log: it is saved with the model and replayed on every new batch you score."</p>
            <TargetPicker on_change=move || { state.problems.set(None); }/>
            <h3>"Detected problems"</h3>
            {move || state.problems.get().map(|(problems, _)| {
                if problems.is_empty() {
                    view! { <p class="notice">"No problems found."</p> }.into_any()
                } else {
                    view! {
                        <ul data-testid="problems">
                            {problems.into_iter().map(|p| view! {
                                <li><strong>{p.column.clone().unwrap_or_else(|| "All columns".into())}</strong>": " {p.message} " (" {p.count} ")"</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }
            })}
            <h3>"Suggested fixes"</h3>
            <ol class="steps" data-testid="clean-steps">
                {move || (0..state.log.with(|l| l.len())).map(|i| view! { <StepEditor index=i enabled=enabled/> }).collect_view()}
            </ol>
            <div class="actions">
                <button type="button" class="primary" data-testid="clean-apply" on:click=apply>"Apply"</button>
                <button type="button" on:click=download>"Download log (JSON)"</button>
                <label class="button" for="log-input">"Load a log…"</label>
                <input id="log-input" class="sr-only" type="file" accept=".json,application/json" on:change=load_log/>
            </div>
        </section>
        {move || state.cleaned.get().map(|c| view! {
            <section class="panel" aria-labelledby="clean-report-title">
                <h2 id="clean-report-title">"Cleaning report"</h2>
                <p>{format!("{} rows before, {} rows after.", c.rows_before, c.rows_after)}</p>
                <div class="table-wrap">
                    <table data-testid="clean-report">
                        <thead><tr><th>"Step"</th><th class="num">"Rows affected"</th><th class="num">"Cells affected"</th><th class="num">"Rows after"</th></tr></thead>
                        <tbody>
                            {c.steps.into_iter().map(|s| view! {
                                <tr><td>{s.description}</td><td class="num">{s.rows_affected}</td><td class="num">{s.cells_affected}</td><td class="num">{s.rows_after}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
        })}
    }
}

/// Target column and purchase label selectors.
#[component]
pub fn TargetPicker<F>(
    /// Called after the user picks another target.
    on_change: F,
) -> impl IntoView
where
    F: Fn() + Copy + 'static,
{
    let state = expect_context::<AppState>();
    let headers =
        move || state.data.with(|d| d.as_ref().map(|d| d.headers.clone()).unwrap_or_default());
    view! {
        <div class="form-grid">
            <div class="field">
                <label for="target-select">"Target column (purchased)"</label>
                <select id="target-select" data-testid="target-select"
                    on:change=move |ev| { state.target.set(Some(event_target_value(&ev))); on_change(); }>
                    {move || headers().into_iter().map(|h| {
                        let selected = state.target.with(|t| t.as_deref() == Some(h.as_str()));
                        view! { <option value=h.clone() selected=selected>{h.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="positive-input">"Label that means “bought”"</label>
                <input id="positive-input" data-testid="positive-input"
                    prop:value=move || state.positive.get().unwrap_or_default()
                    on:change=move |ev| state.positive.set(Some(event_target_value(&ev)))/>
                <small>"After cleaning, the target is 0/1 and 1 means bought."</small>
            </div>
        </div>
    }
}

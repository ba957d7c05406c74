//! The Monitor step: the model registry (save, use, rename, export, delete, import), scoring a
//! new batch with the current model, and the metric history of labelled batches (drift and
//! retraining in `monitor_drift`).

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::HtmlInputElement;

use super::app::Worker;
use super::chart_canvas::ChartCanvas;
use super::dom::{download_text, read_file};
use super::help_link::HelpLink;
use super::idb::{self, Entry, HistoryPoint, ModelMeta};
use super::monitor_drift::{DriftView, RetrainPanel, SqlExport};
use super::preview_table::PreviewTable;
use super::state::{now_iso, AppState, Step};
use crate::charts::{draw_curves, Curve, Curves};
use crate::engine::display::fixed;
use crate::protocol::{BatchResult, ModelInfo, Request};

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
    let meta = ModelMeta { name, saved: now_iso(), info, history: state.history.get_untracked() };
    spawn_local(async move {
        match idb::add_model(&meta, &json).await {
            Ok(id) => {
                state.model_entry.set(Some(id));
                state.notice.set(Some(format!("Saved “{}” in this browser.", meta.name)));
                refresh_registry(state);
            }
            Err(e) => state.error.set(Some(e)),
        }
    });
}

/// Stores the current history in the current model's registry entry, if it is saved.
pub fn persist_history(state: AppState) {
    let Some(id) = state.model_entry.get_untracked() else { return };
    let Some(mut entry) = state.registry.get_untracked().into_iter().find(|e| e.id == id) else {
        return;
    };
    entry.meta.history = state.history.get_untracked();
    spawn_local(async move {
        if let Err(e) = idb::set_meta(id, &entry.meta).await {
            state.error.set(Some(e));
        }
        refresh_registry(state);
    });
}

/// The Monitor step.
#[component]
pub fn MonitorStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    refresh_registry(state);
    view! {
        <section class="panel" aria-labelledby="monitor-title">
            <div class="step-head">
                <h2 id="monitor-title">"6 · Monitor"</h2>
                <HelpLink step=Step::Monitor/>
            </div>
            <p class="help">
                "Keep models in this browser, score new batches with the cleaning the model learnt, and watch its accuracy on labelled batches. Nothing leaves this page."
            </p>
            <CurrentModel/>
        </section>
        <Registry/>
        <BatchPanel/>
    }
}

/// The current model and the Save button.
#[component]
fn CurrentModel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let name = RwSignal::new(String::new());
    let save = move |_| {
        let fallback = state
            .model_info
            .get_untracked()
            .map(|i| format!("{} model {}", i.target, i.created.get(..16).unwrap_or("")))
            .unwrap_or_default();
        let n = name.get_untracked().trim().to_string();
        state.pending_save.set(Some(if n.is_empty() { fallback } else { n }));
        let id = worker.with_value(|w| w.send(Request::ExportModel, None));
        state.start_job(id, "Saving the model");
    };
    move || {
        match state.model_info.get() {
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
                    <button type="button" class="primary" data-testid="save-model" on:click=save disabled=move || state.model_entry.get().is_some()>
                        {move || if state.model_entry.get().is_some() { "Saved" } else { "Save to this browser" }}
                    </button>
                </div>
                <SqlExport/>
            </div>
        }
        .into_any(),
    }
    }
}

fn describe(info: &ModelInfo) -> String {
    let metric = |k: &str| info.metrics.get(k).and_then(|v| v.as_f64()).map(|v| fixed(v, 3));
    format!(
        "Predicts {} = {} from {} features with {} trees; trained {} on {} rows (fingerprint {}). Test accuracy {}, F1 {}, ROC AUC {}.",
        info.target,
        info.labels[1],
        info.features.len(),
        info.n_trees,
        info.created,
        info.fingerprint.rows,
        info.fingerprint.hash,
        metric("accuracy").unwrap_or_else(|| "–".into()),
        metric("f1").unwrap_or_else(|| "–".into()),
        metric("roc_auc").unwrap_or_else(|| "–".into()),
    )
}

/// Saved models with their actions, and importing a model file.
#[component]
fn Registry() -> impl IntoView {
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

#[component]
fn RegistryRow(entry: Entry) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let id = entry.id;
    let meta = entry.meta.clone();
    let accuracy = meta
        .info
        .metrics
        .get("accuracy")
        .and_then(|v| v.as_f64())
        .map_or("–".to_string(), |a| fixed(a, 3));
    let history = meta.history.clone();
    let use_it = move |_| {
        let history = history.clone();
        spawn_local(async move {
            match idb::get_model(id).await {
                Ok(json) => {
                    let job = worker.with_value(|w| w.send(Request::UseModel { json }, None));
                    state.start_job(job, "Loading the saved model");
                    state.model_entry.set(Some(id));
                    state.history.set(history);
                }
                Err(e) => state.error.set(Some(e)),
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
            if state.model_entry.get_untracked() == Some(id) {
                state.model_entry.set(None);
            }
            refresh_registry(state);
        });
    };
    let current = move || state.model_entry.get() == Some(id);
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

/// Scoring a new batch and what came out of it.
#[component]
fn BatchPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let on_batch = move |ev: web_sys::Event| {
        let input: HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        spawn_local(async move {
            match read_file(&file).await {
                Ok(bytes) => {
                    let request = Request::ScoreBatch { file_name: file.name() };
                    let id = worker.with_value(|w| w.send(request, Some(bytes)));
                    state.start_job(id, &format!("Scoring {}", file.name()));
                }
                Err(e) => state.error.set(Some(e)),
            }
        });
    };
    view! {
        <section class="panel" aria-labelledby="batch-title">
            <h3 id="batch-title">"Score a new batch"</h3>
            <p class="help">"The model's cleaning log is replayed on the batch; columns the model needs must be present. With the target column, the batch's metrics join the history."</p>
            <div class="row">
                <label class="file-label" for="batch-input">"Choose a CSV batch "</label>
                <input id="batch-input" type="file" accept=".csv,.tsv,.txt,text/csv" data-testid="batch-input"
                    on:change=on_batch disabled=move || state.model_info.get().is_none()/>
            </div>
            {move || state.batch.get().map(|b| view! { <BatchView batch=b/> })}
            <History/>
            <RetrainPanel/>
        </section>
    }
}

#[component]
fn BatchView(batch: BatchResult) -> impl IntoView {
    let state = expect_context::<AppState>();
    let csv = batch.predictions_csv.clone();
    let file = format!("predictions_{}", batch.file_name.trim_end_matches(".csv"));
    let download = move |_| {
        if let Err(e) = download_text(&format!("{file}.csv"), "text/csv", &csv) {
            state.error.set(Some(e));
        }
    };
    let metrics = batch.metrics.clone().map(|m| {
        format!(
            "Labelled batch: {} rows, accuracy {:.3}, F1 {:.3}, ROC AUC {}.",
            m.n,
            m.accuracy,
            m.f1,
            m.roc_auc.map_or("–".to_string(), |a| fixed(a, 3))
        )
    });
    view! {
        <div data-testid="batch-result">
            <p data-testid="batch-summary">{format!("{}: {} rows scored.", batch.file_name, batch.rows)}</p>
            {(!batch.warnings.is_empty()).then(|| view! {
                <ul class="warnings" data-testid="batch-warnings">
                    {batch.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}
                </ul>
            })}
            {metrics.map(|m| view! { <p data-testid="batch-metrics">{m}</p> })}
            <DriftView batch=batch.clone()/>
            <PreviewTable headers=batch.headers.clone() rows=batch.preview.clone() caption="First predictions of the batch" testid="batch-preview"/>
            <button type="button" data-testid="download-batch-predictions" on:click=download>"Download predictions (CSV)"</button>
        </div>
    }
}

/// Accuracy, F1 and AUC of each labelled batch, against the model's test accuracy.
#[component]
fn History() -> impl IntoView {
    let state = expect_context::<AppState>();
    let reference = move || {
        state.model_info.get().and_then(|i| i.metrics.get("accuracy").and_then(|v| v.as_f64()))
    };
    move || {
        let points = state.history.get();
        if points.is_empty() {
            return None;
        }
        let rows: Vec<Vec<String>> = points.iter().map(history_row).collect();
        Some(view! {
            <h4>"Metric history"</h4>
            <ChartCanvas testid="metric-history" label="Accuracy, F1 and ROC AUC of each labelled batch, oldest to newest, with the model's test accuracy as a dashed line" file_name="metric_history"
                draw=move |area, style| draw_curves(area, &history_curves(&state.history.get(), reference()), style)/>
            <PreviewTable headers=vec!["Scored".into(), "File".into(), "Rows".into(), "Accuracy".into(), "F1".into(), "ROC AUC".into()]
                rows=rows caption="Metric history" testid="metric-history-table"/>
        })
    }
}

fn history_row(p: &HistoryPoint) -> Vec<String> {
    vec![
        p.date.get(..16).unwrap_or(&p.date).replace('T', " "),
        p.file_name.clone(),
        p.metrics.n.to_string(),
        fixed(p.metrics.accuracy, 3),
        fixed(p.metrics.f1, 3),
        p.metrics.roc_auc.map_or("–".into(), |a| fixed(a, 3)),
    ]
}

/// The history as curves over [0, 1]: batch k of n sits at x = k / (n − 1).
fn history_curves(points: &[HistoryPoint], reference: Option<f64>) -> Curves {
    let n = points.len();
    let x = |k: usize| if n > 1 { k as f64 / (n - 1) as f64 } else { 0.5 };
    let curve = |name: &str, f: &dyn Fn(&HistoryPoint) -> Option<f64>| Curve {
        name: name.into(),
        points: points.iter().enumerate().filter_map(|(k, p)| f(p).map(|v| (x(k), v))).collect(),
    };
    Curves {
        title: format!("{n} labelled batch{}", if n == 1 { "" } else { "es" }),
        x_label: "batches, oldest → newest".into(),
        y_label: "metric".into(),
        curves: vec![
            curve("accuracy", &|p| Some(p.metrics.accuracy)),
            curve("F1", &|p| Some(p.metrics.f1)),
            curve("ROC AUC", &|p| p.metrics.roc_auc),
        ],
        diagonal: None,
        baseline: reference.map(|r| ("test accuracy at training".to_string(), r)),
        markers: true,
    }
}

//! The Monitor step's judgement of a scored batch — drift against the training data (PSI per
//! feature and of the scores), the "retrain recommended" signal — and the actions it leads to:
//! retraining with the old/new comparison, and exporting the model as SQL.

use leptos::prelude::*;

use super::app::Worker;
use super::chart_canvas::ChartCanvas;
use super::preview_table::PreviewTable;
use super::state::{now_iso, AppState};
use crate::charts::{draw_psi, psi_bars};
use crate::engine::display::fixed;
use crate::engine::drift::{FeatureDrift, PREDICTION_LABEL};
use crate::protocol::{BatchMetrics, BatchResult, Request, RetrainResult};

/// The retrain signal and the drift table and chart of `batch`.
#[component]
pub fn DriftView(batch: BatchResult) -> impl IntoView {
    let signal = (!batch.retrain_reasons.is_empty()).then(|| {
        view! {
            <div class="callout warn" role="status" data-testid="retrain-signal">
                <strong>"Retrain recommended: "</strong>
                {batch.retrain_reasons.join("; ")}
                "."
            </div>
        }
    });
    let drift = batch.drift.map(|d| {
        let mut rows: Vec<Vec<String>> = d.features.iter().map(drift_row).collect();
        rows.extend(d.prediction.iter().map(|p| {
            let mut row = drift_row(p);
            row[0] = PREDICTION_LABEL.to_string();
            row
        }));
        let verdict = format!(
            "Overall: {} drift on {} rows{}.",
            d.verdict.as_str(),
            d.rows,
            if d.training_data { " (this is the training data: score drift not judged)" } else { "" }
        );
        let bars = psi_bars(&d);
        view! {
            <h4>"Drift against the training data"</h4>
            <p class="help">
                "Population stability index (PSI) per feature, with the training bins: under 0.1 stable, 0.1–0.25 moderate, over 0.25 major. "
                <a href="guide.html#drift" target="_blank" rel="noopener">"What PSI means"</a>
            </p>
            <p data-testid="drift-verdict">{verdict}</p>
            <PreviewTable headers=vec!["Feature".into(), "PSI".into(), "Verdict".into(), "Largest shift".into(), "Unseen labels".into()]
                rows=rows caption="Drift per feature" testid="drift-table"/>
            <ChartCanvas testid="chart-drift" label="PSI of each feature and of the predicted scores, coloured stable, moderate or major, with the 0.1 and 0.25 thresholds" file_name="drift"
                draw=move |area, style| draw_psi(area, "Population stability index", &bars, style)/>
        }
    });
    view! { {signal} {drift} }
}

/// One row of the drift table.
fn drift_row(f: &FeatureDrift) -> Vec<String> {
    let shift = f
        .bins
        .iter()
        .max_by(|a, b| (a.actual - a.expected).abs().total_cmp(&(b.actual - b.expected).abs()))
        .filter(|b| (b.actual - b.expected).abs() >= 0.0005)
        .map(|b| format!("{}: {:.1}% → {:.1}%", b.bin, b.expected * 100.0, b.actual * 100.0))
        .unwrap_or_else(|| "–".to_string());
    let unseen = if f.unseen_rows == 0 {
        String::new()
    } else {
        format!("{} rows ({})", f.unseen_rows, f.unseen_labels.join(", "))
    };
    vec![f.name.clone(), fixed(f.psi, 3), f.verdict.as_str().to_string(), shift, unseen]
}

/// Retraining on the data plus the labelled batches, and the choice between the two models.
#[component]
pub fn RetrainPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let batches = move || state.batch.get().map_or(0, |b| b.labelled_batches);
    let retrain = move |_| {
        let id = worker.with_value(|w| w.send(Request::Retrain { created: now_iso() }, None));
        state.start_job(id, "Retraining");
    };
    view! {
        <h4>"Retrain"</h4>
        <p class="help">
            "Fits a new model on the loaded data plus the labelled batches scored in this session, with the current model's parameters and cleaning, and compares both on the newest batch."
        </p>
        <button type="button" data-testid="retrain-button" on:click=retrain
            disabled=move || batches() == 0 || state.job.get().is_some()>
            {move || match batches() {
                0 => "Retrain (score a labelled batch first)".to_string(),
                n => format!("Retrain with {n} labelled batch{}", if n == 1 { "" } else { "es" }),
            }}
        </button>
        {move || state.retrain.get().map(|r| view! { <Comparison result=r/> })}
    }
}

/// Current and candidate side by side on the newest batch, with the choice.
#[component]
fn Comparison(result: RetrainResult) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let rows = vec![
        compare_row("Accuracy", &result.current, &result.candidate, |m| Some(m.accuracy)),
        compare_row("F1", &result.current, &result.candidate, |m| Some(m.f1)),
        compare_row("ROC AUC", &result.current, &result.candidate, |m| m.roc_auc),
        vec!["Rows".into(), result.current.n.to_string(), result.candidate.n.to_string()],
    ];
    let parts = result
        .parts
        .iter()
        .map(|(name, n)| format!("{name} ({n} rows)"))
        .collect::<Vec<_>>()
        .join(" + ");
    let summary = format!(
        "Candidate: {} trees on {parts}, {} rows after cleaning. Compared on {}.",
        result.model.n_trees, result.rows, result.newest
    );
    let keep_new = {
        let json = result.json.clone();
        let name =
            format!("{} retrained {}", result.model.target, now_iso().get(..10).unwrap_or(""));
        move |_| {
            state.pending_import.set(Some((name.clone(), json.clone())));
            let id = worker.with_value(|w| w.send(Request::UseModel { json: json.clone() }, None));
            state.start_job(id, "Switching to the retrained model");
        }
    };
    let keep_current = move |_| {
        state.retrain.set(None);
        state.notice.set(Some("Kept the current model; the candidate was discarded.".into()));
    };
    view! {
        <div data-testid="retrain-compare">
            <p>{summary}</p>
            <PreviewTable headers=vec!["Metric".into(), "Current model".into(), "Retrained candidate".into()]
                rows=rows caption=format!("Both models on {}", result.newest) testid="retrain-table"/>
            <ul class="help">{result.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view()}</ul>
            <div class="row">
                <button type="button" class="primary" data-testid="keep-candidate" on:click=keep_new>"Use and save the retrained model"</button>
                <button type="button" data-testid="keep-current" on:click=keep_current>"Keep the current model"</button>
            </div>
        </div>
    }
}

fn compare_row(
    name: &str,
    current: &BatchMetrics,
    candidate: &BatchMetrics,
    f: fn(&BatchMetrics) -> Option<f64>,
) -> Vec<String> {
    let fmt = |m: &BatchMetrics| f(m).map_or("–".to_string(), |v| fixed(v, 3));
    vec![name.to_string(), fmt(current), fmt(candidate)]
}

/// The current model as one SQL query, for scoring where the data lives.
#[component]
pub fn SqlExport() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let dialect = RwSignal::new("sqlite".to_string());
    let table = RwSignal::new("customers".to_string());
    let export = move |_| {
        let request =
            Request::ExportSql { dialect: dialect.get_untracked(), table: table.get_untracked() };
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Writing SQL");
    };
    view! {
        <div class="row">
            <label for="sql-dialect">"SQL dialect"</label>
            <select id="sql-dialect" data-testid="sql-dialect" on:change=move |ev| dialect.set(event_target_value(&ev))>
                <option value="sqlite" selected>"SQLite"</option>
                <option value="postgres">"PostgreSQL"</option>
                <option value="duckdb">"DuckDB"</option>
            </select>
            <label for="sql-table">"Table"</label>
            <input id="sql-table" type="text" data-testid="sql-table" prop:value=move || table.get()
                on:input=move |ev| table.set(event_target_value(&ev))/>
            <button type="button" data-testid="export-sql" on:click=export>"Download as SQL"</button>
        </div>
    }
}

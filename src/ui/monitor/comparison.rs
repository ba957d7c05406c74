//! The current model and a retrained candidate side by side on the newest batch, with the
//! choice between them.

use leptos::prelude::*;

use crate::engine::display::fixed;
use crate::protocol::{BatchMetrics, Request, RetrainResult};
use crate::ui::app::Worker;
use crate::ui::common::PreviewTable;
use crate::ui::state::{now_iso, AppState};

/// Current and candidate side by side on the newest batch, with the choice.
#[component]
pub fn Comparison(
    /// The candidate and both models' metrics.
    result: RetrainResult,
) -> impl IntoView {
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

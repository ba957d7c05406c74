//! The metric history of the current model: accuracy, F1 and ROC AUC of each labelled batch,
//! against the model's test accuracy.

use leptos::prelude::*;

use crate::engine::display::fixed;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::common::{Figure, PreviewTable};
use crate::ui::idb::HistoryPoint;
use crate::ui::state::AppState;

/// Accuracy, F1 and AUC of each labelled batch, against the model's test accuracy.
#[component]
pub fn History() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let reference = move || state.current(state.model_info).and_then(|i| i.metrics.accuracy);
    let current = move || state.current(state.history).unwrap_or_default();
    // The worker draws the chart (the page links no drawing code): asked again when the history
    // changes, without a progress bar.
    Effect::new(move |_| {
        let points: Vec<_> = current().into_iter().map(|p| p.metrics).collect();
        if !points.is_empty() {
            let request = Request::HistoryChart { points, reference: reference() };
            worker.with_value(|w| w.send(request, None));
        }
    });
    move || {
        let points = current();
        if points.is_empty() {
            return None;
        }
        let rows: Vec<Vec<String>> = points.iter().map(history_row).collect();
        Some(view! {
            <h4>"Metric history"</h4>
            {move || state.history_chart.get().map(|svg| view! {
                <Figure testid="metric-history" label="Accuracy, F1 and ROC AUC of each labelled batch, oldest to newest, with the model's test accuracy as a dashed line" file_name="metric_history" svg=svg/>
            })}
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

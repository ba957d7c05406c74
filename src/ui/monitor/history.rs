//! The metric history of the current model: accuracy, F1 and ROC AUC of each labelled batch,
//! against the model's test accuracy.

use leptos::prelude::*;

use crate::charts::{draw_curves, Curve, Curves};
use crate::engine::display::fixed;
use crate::ui::common::{ChartCanvas, PreviewTable};
use crate::ui::idb::HistoryPoint;
use crate::ui::state::AppState;

/// Accuracy, F1 and AUC of each labelled batch, against the model's test accuracy.
#[component]
pub fn History() -> impl IntoView {
    let state = expect_context::<AppState>();
    let reference = move || state.current(state.model_info).and_then(|i| i.metrics.accuracy);
    let current = move || state.current(state.history).unwrap_or_default();
    move || {
        let points = current();
        if points.is_empty() {
            return None;
        }
        let rows: Vec<Vec<String>> = points.iter().map(history_row).collect();
        Some(view! {
            <h4>"Metric history"</h4>
            <ChartCanvas testid="metric-history" label="Accuracy, F1 and ROC AUC of each labelled batch, oldest to newest, with the model's test accuracy as a dashed line" file_name="metric_history"
                draw=move |area, style| draw_curves(area, &history_curves(&current(), reference()), style)/>
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

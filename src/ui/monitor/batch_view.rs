//! A scored batch: warnings, metrics when labelled, drift, and the predictions.

use leptos::prelude::*;

use super::drift::DriftView;
use super::segment_mix::SegmentMixView;
use crate::engine::display::fixed;
use crate::protocol::BatchResult;
use crate::ui::common::PreviewTable;
use crate::ui::dom::download_text;
use crate::ui::state::AppState;

/// A scored batch: its warnings, metrics, drift and predictions.
#[component]
pub fn BatchView(
    /// The scored batch.
    batch: BatchResult,
) -> impl IntoView {
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
            {batch.segment_mix.clone().map(|m| view! { <SegmentMixView mix=m/> })}
            <PreviewTable headers=batch.headers.clone() rows=batch.preview.clone() caption="First predictions of the batch" testid="batch-preview"/>
            <button type="button" data-testid="download-batch-predictions" on:click=download>"Download predictions (CSV)"</button>
        </div>
    }
}

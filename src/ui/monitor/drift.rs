//! A scored batch's drift against the training data (PSI per feature and of the scores) and the
//! "retrain recommended" signal.

use leptos::prelude::*;

use crate::engine::display::fixed;
use crate::engine::drift::{FeatureDrift, PREDICTION_LABEL};
use crate::protocol::BatchResult;
use crate::ui::common::{Figure, PreviewTable};

/// The retrain signal and the drift table and chart of `batch`.
#[component]
pub fn DriftView(
    /// The scored batch.
    batch: BatchResult,
) -> impl IntoView {
    let signal = (!batch.retrain_reasons.is_empty()).then(|| {
        view! {
            <div class="callout warn" role="status" data-testid="retrain-signal">
                <strong>"Retrain recommended: "</strong>
                {batch.retrain_reasons.join("; ")}
                "."
            </div>
        }
    });
    let chart = batch.drift_chart;
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
        view! {
            <h4>"Drift against the training data"</h4>
            <p class="help">
                "Population stability index (PSI) per feature, with the training bins: under 0.1 stable, 0.1–0.25 moderate, over 0.25 major. "
                <a href="guide.html#drift" target="_blank" rel="noopener">"What PSI means"</a>
            </p>
            <p data-testid="drift-verdict">{verdict}</p>
            <PreviewTable headers=vec!["Feature".into(), "PSI".into(), "Verdict".into(), "Largest shift".into(), "Unseen labels".into()]
                rows=rows caption="Drift per feature" testid="drift-table"/>
            {chart.clone().map(|svg| view! {
                <Figure testid="chart-drift" label="PSI of each feature and of the predicted scores, coloured stable, moderate or major, with the 0.1 and 0.25 thresholds" file_name="drift" svg=svg/>
            })}
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

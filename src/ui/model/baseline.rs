//! The honest baseline beside the forest: a regularized logistic regression on the same split,
//! and by how much the forest beats it, with a paired bootstrap interval.

use leptos::prelude::*;

use crate::engine::baseline::BaselineReport;
use crate::engine::display::fixed;

/// The baseline's metrics and the forest's margin over it.
#[component]
pub fn BaselinePanel(
    /// The comparison on the test rows.
    report: BaselineReport,
) -> impl IntoView {
    let m = &report.metrics;
    let c = &report.forest_minus_baseline;
    let metrics = format!(
        "Logistic regression (L2, C = {}; one-hot categories, standardized numbers, missing indicators) on the same test rows: accuracy {}, ROC AUC {}, F1 {}.",
        report.c,
        fixed(m.accuracy, 3),
        m.roc_auc.map_or("–".into(), |a| fixed(a, 3)),
        fixed(m.f1, 3)
    );
    let auc =
        c.roc_auc.as_ref().map(|d| format!("ROC AUC, forest − baseline: {}.", d.text(1.0, "")));
    view! {
        <div class="callout" data-testid="baseline-panel">
            <p><strong data-testid="baseline-verdict">{c.verdict()}</strong></p>
            <p class="muted">{metrics}</p>
            {auc.map(|a| view! { <p class="muted">{a}</p> })}
        </div>
    }
}

//! The honest baseline beside the forest: a regularized logistic regression on the same split,
//! and by how much the forest beats it, with a paired bootstrap interval (words from the worker).

use leptos::prelude::*;

use crate::protocol::BaselineView;

/// The baseline's metrics and the forest's margin over it.
#[component]
pub fn BaselinePanel(
    /// The comparison on the test rows, in words.
    report: BaselineView,
) -> impl IntoView {
    view! {
        <div class="callout" data-testid="baseline-panel">
            <p><strong data-testid="baseline-verdict">{report.verdict}</strong></p>
            <p class="muted">{report.metrics}</p>
            {report.auc.map(|a| view! { <p class="muted">{a}</p> })}
        </div>
    }
}

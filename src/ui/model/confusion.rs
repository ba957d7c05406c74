//! The confusion matrix at the current threshold, with counts and row rates.

use leptos::prelude::*;

use crate::engine::display::percent;
use crate::engine::metrics::BinaryMetrics;

/// The confusion matrix at the current threshold, with counts and row rates.
#[component]
pub fn ConfusionTable(
    /// Metrics and report at the current threshold.
    live: Memo<(Option<BinaryMetrics>, String)>,
    /// `[negative, positive]` labels.
    labels: [String; 2],
) -> impl IntoView {
    let cell = move |t: usize, p: usize| {
        move || {
            live.with(|(m, _)| {
                m.as_ref().map(|m| {
                    let row = m.confusion_matrix[t];
                    let n = (row[0] + row[1]).max(1) as f64;
                    format!("{} ({})", row[p], percent(row[p] as f64 / n, 1))
                })
            })
        }
    };
    let [neg, pos] = labels;
    view! {
        <div>
            <h3>"Confusion matrix"</h3>
            <table class="confusion" data-testid="confusion-matrix">
                <thead><tr><th scope="col">"true \\ predicted"</th><th scope="col">{neg.clone()}</th><th scope="col">{pos.clone()}</th></tr></thead>
                <tbody>
                    <tr><th scope="row">{neg}</th><td data-testid="cm-tn">{cell(0, 0)}</td><td data-testid="cm-fp">{cell(0, 1)}</td></tr>
                    <tr><th scope="row">{pos}</th><td data-testid="cm-fn">{cell(1, 0)}</td><td data-testid="cm-tp">{cell(1, 1)}</td></tr>
                </tbody>
            </table>
        </div>
    }
}

//! One explained customer: its probability as the average plus the contributions, the worker's
//! waterfall, and the contributions as a table (largest first).

use leptos::prelude::*;

use crate::engine::display::fixed;
use crate::protocol::{CustomerExplanation, TextTable as Table};
use crate::ui::common::{Figure, TextTable};

/// The explanation of one customer.
#[component]
pub fn CustomerView(
    /// What the worker sent.
    e: CustomerExplanation,
) -> impl IntoView {
    let outcome = if e.bought { "bought" } else { "did not buy" };
    let what_if = (!e.changed.is_empty()).then(|| {
        format!(
            "What if {} changed: the customer's own probability is {}. ",
            e.changed.join(", "),
            fixed(e.original, 4)
        )
    });
    let table = Table {
        headers: ["Feature", "Value", "Contribution"].map(String::from).into(),
        rows: e.contributions.into_iter().map(|(f, v, c)| vec![f, v, format!("{c:+.4}")]).collect(),
        classes: Vec::new(),
    };
    view! {
        <p data-testid="explain-summary">
            {format!("Test row {} of {} (record {}, {outcome}): probability ", e.row + 1, e.rows, e.record)}
            <strong data-testid="explain-proba">{fixed(e.proba, 4)}</strong>
            " = average "
            <span data-testid="explain-base">{fixed(e.base, 4)}</span>
            " + the contributions below."
        </p>
        <p class="muted">{what_if}{format!("Computed in {:.0} ms.", e.elapsed_ms)}</p>
        <Figure testid="chart-waterfall" label="How each feature moves this customer's probability from the average" file_name="waterfall" svg=e.waterfall/>
        <TextTable table=table testid="explain-table"/>
    }
}

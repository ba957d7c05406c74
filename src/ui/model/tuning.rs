//! How `min_samples_leaf = auto` chose the leaf size: each candidate's out-of-bag scores, the
//! chosen one marked (written by the worker).

use leptos::prelude::*;

use crate::protocol::TableView;
use crate::ui::common::TextTable;

/// The out-of-bag table of a tuning.
#[component]
pub fn TuningTable(
    /// The summary and the table.
    tuning: TableView,
) -> impl IntoView {
    view! {
        <details class="tuning" data-testid="tuning">
            <summary>{tuning.summary}</summary>
            <TextTable table=tuning.table testid="tuning-table"/>
        </details>
    }
}

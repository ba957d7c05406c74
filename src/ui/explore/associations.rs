//! Every feature column ranked by association with the target (written by the worker), so a
//! user with hundreds of columns knows where to look; the charts above open on the strongest.

use leptos::prelude::*;

use crate::protocol::TableView;
use crate::ui::common::TextTable;

/// The ranked list of columns, folded under its summary.
#[component]
pub fn AssociationTable(
    /// The summary and the ranked table.
    ranking: TableView,
) -> impl IntoView {
    view! {
        <details class="panel associations" data-testid="associations" open>
            <summary>{ranking.summary}</summary>
            <TextTable table=ranking.table testid="association-table"/>
        </details>
    }
}

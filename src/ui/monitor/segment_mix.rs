//! A scored batch's shares of the current segments against training's, with their PSI: whether
//! tomorrow's customers still fall into today's segments in the same proportions.

use leptos::prelude::*;

use crate::protocol::TableView;
use crate::ui::common::TextTable;

/// The mix table and its verdict (written by the worker).
#[component]
pub fn SegmentMixView(
    /// The batch's segment shares against training's.
    mix: TableView,
) -> impl IntoView {
    view! {
        <h4>"Segment mix against training"</h4>
        <p data-testid="segment-mix-verdict">{mix.summary}</p>
        <TextTable table=mix.table testid="segment-mix"/>
    }
}

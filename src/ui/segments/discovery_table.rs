//! What discovery found (written by the worker): how many rules were searched and tested, and
//! each tested segment with its held-out numbers, q-value and a plain verdict — "significant" or
//! "could be chance". A click on a row summarises the segment's customers.

use leptos::prelude::*;

use crate::engine::session::Gen;
use crate::protocol::{Request, TableView};
use crate::ui::app::Worker;
use crate::ui::common::TextTable;
use crate::ui::state::AppState;

/// The discovered segments.
#[component]
pub fn DiscoveryTable(
    /// The summary and the table.
    found: TableView,
    /// The segmentation's generation; None when it is stale (rows do not open).
    segments: Option<Gen>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let open = Callback::new(move |segment: usize| {
        let Some(segments) = segments else { return };
        let id = worker.with_value(|w| w.send(Request::SegmentRows { segments, segment }, None));
        state.start_job(id, "Summarising the segment");
    });
    view! {
        <p class="notice" data-testid="discovery-summary">{found.summary}</p>
        <TextTable table=found.table testid="discovery-table" on_row=open/>
    }
}

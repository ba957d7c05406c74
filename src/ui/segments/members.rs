//! The customers of the clicked segment, summarised column by column — shown only while the
//! segmentation they came from is the current one.

use leptos::prelude::*;

use crate::ui::common::SummaryTable;
use crate::ui::state::AppState;

/// The clicked segment's summary.
#[component]
pub fn SegmentMembers() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let current = state.current(state.segments).map(|s| s.gen);
        let rows = state.segment_rows.get().filter(|(gen, ..)| Some(*gen) == current);
        rows.map(|(_, _, label, summary)| {
            view! {
                <h3>{format!("Customers in “{label}”")}</h3>
                <SummaryTable rows=summary/>
            }
        })
    }
}

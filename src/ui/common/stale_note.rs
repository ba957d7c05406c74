//! The mark on a result computed before the data it describes changed: what changed, and that
//! the result must be run again. Its actions are disabled by the component that shows it.

use leptos::prelude::*;

use crate::engine::session::{Freshness, Stage};

/// "Computed before the last cleaning — run again", or nothing for a current result.
#[component]
pub fn StaleNote(
    /// How the result stands against the worker's state.
    freshness: Freshness,
    /// What to do to get a current one ("find segments again").
    #[prop(into)]
    action: String,
) -> impl IntoView {
    let Freshness::Stale(stage) = freshness else { return None };
    let change = match stage {
        Stage::Data => "the file was replaced",
        Stage::Cleaning => "the last cleaning",
        Stage::Model => "the model changed",
    };
    Some(view! {
        <p class="callout warn stale-note" role="status" data-testid="stale-note">
            {format!("Computed before {change} — {action}. This result is shown for reference; its actions are disabled.")}
        </p>
    })
}

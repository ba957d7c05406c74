//! The "? Help" link beside each step's heading. It opens the step's section of the user guide,
//! `guide.html#<step>`, which the build writes into dist/ beside the app (from `docs/guide.md`,
//! by `scripts/guide.mjs`): same origin, relative URL, so it works offline and from any sub-path.

use leptos::prelude::*;

use crate::ui::state::Step;

/// A link to the guide section of one step, in a new tab so the work in this one stays in view.
#[component]
pub fn HelpLink(
    /// The step whose section of the guide opens.
    step: Step,
) -> impl IntoView {
    let label = format!("Help: the {} step in the user guide (opens in a new tab)", step.label());
    view! {
        <a class="help-link" href=format!("guide.html#{}", step.slug()) target="_blank" rel="noopener"
            data-testid=format!("help-{}", step.slug()) aria-label=label.clone() title=label>
            <span aria-hidden="true">"?"</span>" Help"
        </a>
    }
}

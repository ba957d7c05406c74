//! A step's heading: its number and name (`2 · Clean`, the `aria-labelledby` target of the
//! step's section, id `<step>-title`) and its Help link. One place, so the rail's order, the
//! headings and the guide's section ids cannot drift apart.

use leptos::prelude::*;

use super::HelpLink;
use crate::ui::state::Step;

/// The heading of `step`'s section.
#[component]
pub fn StepHead(
    /// The step whose heading this is.
    step: Step,
) -> impl IntoView {
    let number = Step::ALL.iter().position(|s| *s == step).map_or(0, |i| i + 1);
    view! {
        <div class="step-head">
            <h2 id=format!("{}-title", step.slug())>{format!("{number} · {}", step.label())}</h2>
            <HelpLink step=step/>
        </div>
    }
}

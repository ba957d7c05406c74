//! One cleaning step in the Clean step's list: a toggle, its description, and inputs for the
//! parameters a user may want to change (bounds, fill values).

use leptos::prelude::*;

use super::state::AppState;
use crate::engine::clean::{describe, CleaningStep};

/// A toggle plus editable bounds for step `index` of the app's cleaning log.
#[component]
pub fn StepEditor(
    /// Position of the step in `AppState::log`.
    index: usize,
    /// Which steps are switched on (same length as the log).
    enabled: RwSignal<Vec<bool>>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let step = move || state.log.with(|l| l.get(index).cloned());
    let id = format!("step-{index}");
    let toggle = move |ev: web_sys::Event| {
        let on = event_target_checked(&ev);
        enabled.update(|e| {
            if let Some(slot) = e.get_mut(index) {
                *slot = on;
            }
        });
    };
    let set_bound = move |which: usize, text: String| {
        let Ok(x) = text.trim().parse::<f64>() else { return };
        state.log.update(|l| match l.get_mut(index) {
            Some(CleaningStep::FlagImpossible { min, max, .. }) => *[min, max][which] = x,
            Some(CleaningStep::ClipOutliers { lo, hi, .. }) => *[lo, hi][which] = x,
            _ => {}
        });
    };
    let bounds = move || match step() {
        Some(CleaningStep::FlagImpossible { min: a, max: b, .. })
        | Some(CleaningStep::ClipOutliers { lo: a, hi: b, .. }) => Some((a, b)),
        _ => None,
    };
    view! {
        <li>
            <input type="checkbox" id=id.clone() prop:checked=move || enabled.with(|e| e.get(index).copied().unwrap_or(true)) on:change=toggle/>
            <label for=id>{move || step().map(|s| describe(&s)).unwrap_or_default()}</label>
            {move || bounds().map(|(a, b)| view! {
                <span class="bounds">
                    " " <label>"from " <input type="number" step="any" class="short" prop:value=a.to_string()
                        on:change=move |ev| set_bound(0, event_target_value(&ev))/></label>
                    " " <label>"to " <input type="number" step="any" class="short" prop:value=b.to_string()
                        on:change=move |ev| set_bound(1, event_target_value(&ev))/></label>
                </span>
            })}
        </li>
    }
}

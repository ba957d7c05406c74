//! One cleaning step in the Clean step's list: a toggle, its description, and inputs for the
//! parameters a user may want to change (bounds, fill values).

use leptos::prelude::*;

use crate::engine::clean::{describe, CleaningStep, ImputeStrategy, OutlierMethod};
use crate::ui::dom::parse_number;
use crate::ui::state::AppState;

/// A toggle plus editable bounds for step `index` of the app's cleaning log.
#[component]
pub fn StepEditor(
    /// Position of the step in `AppState::log`.
    index: usize,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let enabled = state.log_enabled;
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
        let Some(x) = parse_number(&text) else { return };
        state.log.update(|l| match l.get_mut(index) {
            Some(CleaningStep::FlagImpossible { min, max, .. }) => *[min, max][which] = x,
            Some(CleaningStep::ClipOutliers { lo, hi, method, relearn, .. }) => {
                *[lo, hi][which] = x;
                *method = OutlierMethod::Manual;
                *relearn = false;
            }
            _ => {}
        });
    };
    // A new strategy or method: the step learns its values again on Apply.
    let set_strategy = move |v: String| {
        let strategy = match v.as_str() {
            "mean" => ImputeStrategy::Mean,
            "mode" => ImputeStrategy::Mode,
            "constant" => ImputeStrategy::Constant,
            _ => ImputeStrategy::Median,
        };
        state.log.update(|l| {
            if let Some(CleaningStep::Impute { strategy: s, relearn, .. }) = l.get_mut(index) {
                *s = strategy;
                *relearn = strategy != ImputeStrategy::Constant;
            }
        });
    };
    let set_method = move |v: String| {
        let method = match v.as_str() {
            "z_score" => OutlierMethod::ZScore,
            "manual" => OutlierMethod::Manual,
            _ => OutlierMethod::Iqr,
        };
        state.log.update(|l| {
            if let Some(CleaningStep::ClipOutliers { method: m, relearn, .. }) = l.get_mut(index) {
                *m = method;
                *relearn = method != OutlierMethod::Manual;
            }
        });
    };
    let set_constant = move |v: String| {
        state.log.update(|l| {
            if let Some(CleaningStep::Impute {
                value, strategy: ImputeStrategy::Constant, ..
            }) = l.get_mut(index)
            {
                *value = v;
            }
        });
    };
    let choice = move || match step() {
        Some(CleaningStep::Impute { strategy, value, .. }) => {
            let cur = format!("{strategy:?}").to_ascii_lowercase();
            let constant = strategy == ImputeStrategy::Constant;
            Some(view! {
                <span class="bounds">
                    " " <select aria-label="Imputation strategy" on:change=move |ev| set_strategy(event_target_value(&ev))>
                        {["median", "mean", "mode", "constant"].into_iter().map(|o| view! { <option value=o selected={cur == o}>{o}</option> }).collect_view()}
                    </select>
                    {constant.then(|| view! { " " <input class="short" aria-label="Fill value" prop:value=value.clone() on:change=move |ev| set_constant(event_target_value(&ev))/> })}
                </span>
            }.into_any())
        }
        Some(CleaningStep::ClipOutliers { method, .. }) => {
            let cur = match method {
                OutlierMethod::Iqr => "iqr",
                OutlierMethod::ZScore => "z_score",
                OutlierMethod::Manual => "manual",
            };
            Some(view! {
                <span class="bounds">
                    " " <select aria-label="Outlier method" on:change=move |ev| set_method(event_target_value(&ev))>
                        {[("iqr", "3×IQR fences"), ("z_score", "mean ± 3 SD"), ("manual", "manual bounds")].into_iter().map(|(o, t)| view! { <option value=o selected={cur == o}>{t}</option> }).collect_view()}
                    </select>
                </span>
            }.into_any())
        }
        _ => None,
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
            {choice}
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

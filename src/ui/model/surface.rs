//! The decision surface of the current model over two chosen numeric features.

use leptos::prelude::*;

use crate::engine::session::Gen;
use crate::engine::table::Kind;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::common::Figure;
use crate::ui::state::AppState;

/// Feature pickers and the surface chart.
#[component]
pub fn SurfacePanel(
    /// The model's features, most important first (only numeric ones can be axes; the two
    /// first numeric ones are the default).
    features: Vec<String>,
    /// The model's generation.
    model: Gen,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let is_numeric = |name: &String| {
        state.data.with_untracked(|d| {
            d.as_ref().is_some_and(|d| {
                d.value.report.columns.iter().any(|c| &c.name == name && c.kind == Kind::Numeric)
            })
        })
    };
    let numeric: Vec<String> = features.into_iter().filter(is_numeric).collect();
    let x = RwSignal::new(numeric.first().cloned().unwrap_or_default());
    let y = RwSignal::new(numeric.get(1).cloned().unwrap_or_default());
    let request = move || {
        let (x, y) = (x.get_untracked(), y.get_untracked());
        let shown = state.surface.with_untracked(|s| {
            s.as_ref().is_some_and(|s| s.basis.gen == model && s.value.0 == x && s.value.1 == y)
        });
        if !shown && !x.is_empty() && !y.is_empty() && x != y {
            let id = worker.with_value(|w| w.send(Request::Surface { model, x, y }, None));
            state.start_job(id, "Drawing the decision surface");
        }
    };
    // Ask for the default pair when the panel appears (unless that surface is shown already).
    Effect::new(move |_| request());
    let select = move |id: &'static str,
                       label: &'static str,
                       value: RwSignal<String>,
                       options: Vec<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| { value.set(event_target_value(&ev)); request(); }>
                    {options.into_iter().map(|o| { let sel = value.get_untracked() == o; view! { <option value=o.clone() selected=sel>{o.clone()}</option> } }).collect_view()}
                </select>
            </div>
        }
    };
    (numeric.len() >= 2).then(|| view! {
        <section class="panel" aria-labelledby="surface-title">
            <h2 id="surface-title">"Decision surface"</h2>
            <div class="form-grid">
                {select("surface-x", "Horizontal feature", x, numeric.clone())}
                {select("surface-y", "Vertical feature", y, numeric.clone())}
            </div>
            {move || match state.current(state.surface) {
                Some((_, _, svg)) => view! {
                    <Figure testid="chart-surface" label="The model's probability of buying over two features, with customers as dots" file_name="decision_surface" svg=svg/>
                }.into_any(),
                None => view! { <p class="muted">"Computing…"</p> }.into_any(),
            }}
        </section>
    })
}

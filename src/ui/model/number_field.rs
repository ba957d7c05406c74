//! One labelled text input for a numeric parameter, bound to a signal.

use leptos::prelude::*;

/// One labelled number input bound to a signal.
#[component]
pub fn NumberField(
    /// Parameter name as in scikit-learn.
    label: &'static str,
    /// One-line help shown under the input.
    help: &'static str,
    /// `data-testid` of the input.
    testid: &'static str,
    /// The value as typed (empty allowed where "none" makes sense).
    value: RwSignal<String>,
) -> impl IntoView {
    let id = format!("param-{label}");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type="text" inputmode="numeric" data-testid=testid prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
            <small>{help}</small>
        </div>
    }
}

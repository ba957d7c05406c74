//! The what-if form: the explained customer's values, one field per model feature; changing one
//! asks the worker for the edited customer's probability and contributions. The fields keep the
//! user's edits while answers for the same customer arrive.

use leptos::prelude::*;

use super::asker;
use crate::engine::session::Gen;
use crate::protocol::{Request, WhatIfField};
use crate::ui::state::AppState;

/// The form of the explained customer (nothing before one is explained).
#[component]
pub fn WhatIfForm(
    /// The model's generation.
    model: Gen,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    // Changes only with another customer: what-if answers carry the same row and form.
    let customer = Memo::new(move |_| state.current(state.explained).map(|e| (e.row, e.form)));
    move || customer.get().map(|(row, form)| view! { <Fields model=model row=row form=form/> })
}

/// The fields of held-out row `row`.
#[component]
fn Fields(
    /// The model's generation.
    model: Gen,
    /// The customer's held-out row.
    row: usize,
    /// Its own values.
    form: Vec<WhatIfField>,
) -> impl IntoView {
    let ask = asker();
    let own: Vec<String> = form.iter().map(|f| f.value.clone()).collect();
    let values: Vec<RwSignal<String>> = own.iter().map(|v| RwSignal::new(v.clone())).collect();
    let edits = StoredValue::new((own, values.clone()));
    let apply = move || {
        let values = edits.with_value(|(own, now)| {
            let now = now.iter().map(|s| s.get_untracked());
            now.zip(own)
                .enumerate()
                .filter(|(_, (n, o))| n != *o)
                .map(|(i, (n, _))| (i, n))
                .collect()
        });
        ask(Request::WhatIf { model, row, values }, "What if");
    };
    let reset = move |_| {
        edits.with_value(|(own, now)| now.iter().zip(own).for_each(|(s, o)| s.set(o.clone())));
        apply();
    };
    let fields = form.into_iter().zip(values).enumerate().map(|(i, (f, value))| {
        let id = format!("whatif-{i}");
        let input = match f.levels {
            Some(levels) => view! {
                <select id=id.clone() data-testid=id.clone() on:change=move |ev| { value.set(event_target_value(&ev)); apply(); }>
                    {levels.into_iter().chain(["missing".to_string()]).map(|l| { let sel = value.get_untracked() == l; view! { <option value=l.clone() selected=sel>{l.clone()}</option> } }).collect_view()}
                </select>
            }.into_any(),
            None => view! {
                <input id=id.clone() data-testid=id.clone() prop:value=move || value.get()
                    on:change=move |ev| { value.set(event_target_value(&ev)); apply(); }/>
            }.into_any(),
        };
        view! { <div class="field"><label for=id>{f.name}</label>{input}</div> }
    }).collect_view();
    view! {
        <form data-testid="whatif-form" on:submit=move |ev| { ev.prevent_default(); apply(); }>
            <h3>"What if?"</h3>
            <p class="help">"Change a value (empty = missing) and the probability and contributions above follow."</p>
            <div class="form-grid">{fields}</div>
            <div class="actions">
                <button type="submit" data-testid="whatif-apply">"Update"</button>
                <button type="button" data-testid="whatif-reset" on:click=reset>"The customer's own values"</button>
            </div>
        </form>
    }
}

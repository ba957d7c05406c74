//! The customer picker (a held-out row by number, or the highest/lowest scored), the chosen
//! customer's explanation and the what-if form.

use leptos::prelude::*;

use super::asker;
use super::customer_view::CustomerView;
use super::whatif::WhatIfForm;
use crate::engine::session::Gen;
use crate::protocol::{Customer, Request};
use crate::ui::dom::parse_number;
use crate::ui::state::AppState;

/// Picker, waterfall, contributions and what-if form of one customer.
#[component]
pub fn ExplainPanel(
    /// The model's generation.
    model: Gen,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ask = asker();
    let row = RwSignal::new("1".to_string());
    let explain =
        move |customer| ask(Request::Explain { model, customer }, "Explaining a customer");
    let by_row = move |_| match parse_number(&row.get_untracked()) {
        Some(n) if n >= 1.0 && n.fract() == 0.0 => explain(Customer::Row(n as usize - 1)),
        _ => state
            .error
            .set(Some(format!("{:?} is not a test row number (1, 2, …)", row.get_untracked()))),
    };
    let busy = move || state.job.with(Option::is_some);
    view! {
        <section class="panel" data-testid="explain-panel" aria-labelledby="explain-title">
            <h2 id="explain-title">"Why this customer?"</h2>
            <p class="help">"Exact TreeSHAP on a held-out customer: the model's average probability plus one contribution per feature is the customer's probability."</p>
            <div class="actions">
                <label for="explain-row">"Test row"</label>
                <input id="explain-row" type="number" min="1" data-testid="explain-row"
                    prop:value=move || row.get() on:input=move |ev| row.set(event_target_value(&ev))/>
                <button type="button" data-testid="explain-row-button" on:click=by_row disabled=busy>"Explain"</button>
                <button type="button" data-testid="explain-highest" on:click=move |_| explain(Customer::Highest) disabled=busy>"Highest scored"</button>
                <button type="button" data-testid="explain-lowest" on:click=move |_| explain(Customer::Lowest) disabled=busy>"Lowest scored"</button>
            </div>
            {move || state.current(state.explained).map(|e| view! { <CustomerView e=e/> })}
            <WhatIfForm model=model/>
        </section>
    }
}

//! The profit panel: value of a purchase and cost of a contact → expected profit of contacting
//! the held-out customers from the highest score down, the best threshold (with a button that
//! sets the Model step's threshold to it), and lift by decile.

use leptos::prelude::*;

use super::asker;
use crate::engine::display::fixed;
use crate::engine::explain::{DEFAULT_CONTACT_COST, DEFAULT_PURCHASE_VALUE};
use crate::engine::session::Gen;
use crate::protocol::Request;
use crate::ui::common::{Figure, TextTable};
use crate::ui::dom::parse_number;
use crate::ui::state::AppState;

/// Inputs, best point, curves and gains.
#[component]
pub fn ProfitPanel(
    /// The model's generation.
    model: Gen,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ask = asker();
    let value = RwSignal::new(DEFAULT_PURCHASE_VALUE.to_string());
    let cost = RwSignal::new(DEFAULT_CONTACT_COST.to_string());
    let compute =
        move || match (parse_number(&value.get_untracked()), parse_number(&cost.get_untracked())) {
            (Some(value), Some(cost)) => {
                ask(Request::Profit { model, value, cost }, "Computing the profit curve")
            }
            _ => state
                .error
                .set(Some("value of a purchase and cost of a contact must be numbers".into())),
        };
    let input = move |id: &'static str, label: &'static str, s: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id data-testid=id inputmode="decimal" prop:value=move || s.get()
                    on:change=move |ev| { s.set(event_target_value(&ev)); compute(); }/>
            </div>
        }
    };
    view! {
        <section class="panel" data-testid="profit-panel" aria-labelledby="profit-title">
            <h2 id="profit-title">"Whom to contact"</h2>
            <div class="form-grid">
                {input("profit-value", "Value of a purchase", value)}
                {input("profit-cost", "Cost of a contact", cost)}
            </div>
            <button type="button" data-testid="profit-button" on:click=move |_| compute()>"Compute the profit"</button>
            {move || state.current(state.profit).map(|p| {
                let best = p.best;
                view! {
                    <p data-testid="profit-words">{p.words}</p>
                    <p>"Best threshold: "<strong data-testid="profit-best">{best.map_or("contact nobody".into(), |b| fixed(b, 4))}</strong>" "
                        {best.map(|b| view! { <button type="button" data-testid="profit-use" on:click=move |_| state.threshold.set(b)>"Use this threshold"</button> })}
                    </p>
                    <div class="grid2">
                        <Figure testid="chart-profit-share" label="Expected profit against the share of customers contacted" file_name="profit_share" svg=p.by_share/>
                        <Figure testid="chart-profit-threshold" label="Expected profit against the threshold" file_name="profit_threshold" svg=p.by_threshold/>
                    </div>
                    <TextTable table=p.gains testid="profit-gains"/>
                }
            })}
        </section>
    }
}

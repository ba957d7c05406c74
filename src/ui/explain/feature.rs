//! One feature's dependence plot (contribution against value, coloured by its strongest
//! partner) and partial dependence with ICE lines.

use leptos::prelude::*;

use super::asker;
use crate::engine::session::Gen;
use crate::protocol::Request;
use crate::ui::common::Figure;
use crate::ui::state::AppState;

/// Feature picker and its two charts.
#[component]
pub fn FeaturePanel(
    /// The model's generation.
    model: Gen,
    /// (index among the model's features, name), most influential first.
    features: Vec<(usize, String)>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ask = asker();
    let pick = move |ev| {
        if let Ok(feature) = event_target_value(&ev).parse::<usize>() {
            ask(Request::ExplainFeature { model, feature }, "Drawing the dependence");
        }
    };
    view! {
        <div class="field">
            <label for="explain-feature">"Dependence on"</label>
            <select id="explain-feature" data-testid="explain-feature" on:change=pick>
                <option value="" selected>"choose a feature"</option>
                {features.into_iter().map(|(i, name)| view! { <option value=i.to_string()>{name}</option> }).collect_view()}
            </select>
        </div>
        {move || state.current(state.feature).map(|f| view! {
            <div class="grid2">
                <Figure testid="chart-dependence" label=format!("Contribution of {} against its value{}", f.name, f.partner.map(|p| format!(", coloured by {p}")).unwrap_or_default()) file_name="dependence" svg=f.dependence/>
                <Figure testid="chart-pdp" label=format!("Partial dependence on {} with ICE lines", f.name) file_name="partial_dependence" svg=f.pdp/>
            </div>
        })}
    }
}

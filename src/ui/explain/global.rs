//! The global explanation: mean |contribution| per feature over a seeded sample of held-out
//! customers (bars, table, summary plot), then one feature's dependence.

use leptos::prelude::*;

use super::asker;
use super::feature::FeaturePanel;
use crate::engine::session::Gen;
use crate::protocol::{GlobalExplanation, Request};
use crate::ui::common::{Figure, TextTable};
use crate::ui::state::AppState;

/// What moves the model's probability over many customers.
#[component]
pub fn GlobalPanel(
    /// The model's generation.
    model: Gen,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let ask = asker();
    let explain = move |_| ask(Request::ExplainGlobal { model }, "Explaining the model");
    view! {
        <section class="panel" data-testid="explain-global" aria-labelledby="global-title">
            <h2 id="global-title">"What moves the probability"</h2>
            <button type="button" data-testid="explain-global-button" on:click=explain
                disabled=move || state.job.with(Option::is_some)>"Explain the model"</button>
            {move || state.current(state.global).map(|g| view! {
                <p class="muted" data-testid="explain-global-detail">{detail(&g)}</p>
                <p data-testid="explain-global-words">{g.words}</p>
                <div class="grid2">
                    <Figure testid="chart-shap-bars" label="Mean |contribution| per feature" file_name="mean_abs_shap" svg=g.bars/>
                    <Figure testid="chart-shap-summary" label="Each customer's contribution per feature, coloured by the feature's value" file_name="shap_summary" svg=g.summary/>
                </div>
                <TextTable table=g.table testid="explain-global-table"/>
                <FeaturePanel model=model features=g.features/>
            })}
        </section>
    }
}

/// How many customers were explained, how long it took and in how many workers.
fn detail(g: &GlobalExplanation) -> String {
    let workers = match g.workers {
        0 | 1 => String::new(),
        n => format!(" by {n} workers"),
    };
    format!(
        "{} of {} held-out customers explained in {:.0} ms{workers}.",
        g.rows, g.held_out, g.elapsed_ms
    )
}

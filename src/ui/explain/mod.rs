//! The Model step's explanations of a model trained here: why one held-out customer scores as
//! it does (and what if its values changed), what moves the probability over many customers,
//! one feature's dependence, and whom to contact for a given value and cost. The worker computes
//! and draws everything (SVG charts, text tables); these components only ask and show.

mod customer;
mod customer_view;
mod feature;
mod global;
mod profit;
mod whatif;

use leptos::prelude::*;

use crate::engine::session::Gen;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::state::AppState;

pub use customer::ExplainPanel;
pub use global::GlobalPanel;
pub use profit::ProfitPanel;

/// A sender of requests to the worker, each a job labelled as given (made while a component is
/// set up: event handlers run outside its context).
fn asker() -> impl Fn(Request, &str) + Copy + 'static {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    move |request, label| {
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, label);
    }
}

/// The explanation panels of model `model`.
#[component]
pub fn ExplainSection(
    /// The model's generation (trained in this session: explanations use its held-out rows).
    model: Gen,
) -> impl IntoView {
    view! {
        <ExplainPanel model=model/>
        <GlobalPanel model=model/>
        <ProfitPanel model=model/>
    }
}

//! The Explore step: class balance with the majority baseline, the column pickers, the charts
//! (`charts`) and the summary table. Statistics come from the worker; a cleaning made since they
//! were computed recomputes them when the step is shown.

use leptos::prelude::*;

use super::associations::AssociationTable;
use super::charts::ExploreCharts;
use crate::engine::display::Outcome;
use crate::engine::session::Gen;
use crate::protocol::{ExploreRequest, Request};
use crate::ui::app::Worker;
use crate::ui::common::{StepHead, SummaryTable};
use crate::ui::state::{AppState, Step};

/// Charts and tables of the working data.
#[component]
pub fn ExploreStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let hist_col = RwSignal::new(None::<String>);
    let cat_col = RwSignal::new(None::<String>);
    let heatmap = RwSignal::new(Vec::<String>::new());

    let request = move || {
        let (Some(target), positive) =
            (state.target.get_untracked(), state.positive.get_untracked())
        else {
            state.error.set(Some("Choose the target column in the Clean step first.".into()));
            return;
        };
        let req = ExploreRequest {
            cleaning: state.lineage.get_untracked().cleaning,
            target,
            positive: positive.unwrap_or_else(|| "1".into()),
            histogram_column: hist_col.get_untracked(),
            category_column: cat_col.get_untracked(),
            scatter: None,
            bins: 20,
            heatmap_columns: heatmap.get_untracked(),
        };
        let id = worker.with_value(|w| w.send(Request::Explore(req), None));
        state.start_job(id, "Computing statistics");
    };
    // Compute when the step shows a cleaning that has not been explored yet (once per cleaning).
    let asked = StoredValue::new(None::<Gen>);
    Effect::new(move |_| {
        let cleaning = state.lineage.get().cleaning;
        let known = state.has_current(state.explore);
        if state.data.with(|d| d.is_some()) && !known && asked.get_value() != Some(cleaning) {
            asked.set_value(Some(cleaning));
            request();
        }
    });
    let x = move || state.current(state.explore);

    view! {
        <section class="panel" aria-labelledby="explore-title">
            <StepHead step=Step::Explore/>
            <p class="help">"How the customers are distributed and how buying relates to each attribute. Rates carry 95% Wilson intervals."</p>
            {move || x().map(|x| {
                let b = x.balance.clone();
                let rate = state.target.with(|t| Outcome::new(t.as_deref().unwrap_or(""), &b.labels[1]).rate());
                let text = format!(
                    "{}: {} · {}: {} · {rate} {:.1}% · majority baseline {:.1}% (a model must beat this accuracy)",
                    b.labels[0], b.counts[0], b.labels[1], b.counts[1], b.positive_rate * 100.0, b.majority_baseline * 100.0
                );
                view! { <p class="notice" data-testid="class-balance">{text}</p> }
            })}
            <div class="form-grid">
                <div class="field">
                    <label for="hist-col">"Histogram column"</label>
                    <select id="hist-col" on:change=move |ev| { hist_col.set(Some(event_target_value(&ev))); request(); }>
                        {move || x().map(|x| x.numeric_columns.iter().map(|c| {
                            let selected = x.histogram_column.as_ref() == Some(c);
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="heatmap-cols">"Heatmap columns (up to 25; Ctrl-click to pick)"</label>
                    <select id="heatmap-cols" multiple size="6" data-testid="heatmap-columns"
                        on:change=move |ev| { heatmap.set(selected_values(&ev)); request(); }>
                        {move || x().map(|x| x.numeric_columns.iter().map(|c| {
                            let selected = x.heatmap_columns.contains(c);
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="cat-col">"Rate by category of"</label>
                    <select id="cat-col" on:change=move |ev| { cat_col.set(Some(event_target_value(&ev))); request(); }>
                        {move || x().map(|x| x.category_columns.iter().map(|c| {
                            let selected = x.category_column.as_ref() == Some(c);
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </div>
        </section>
        {move || x().map(|x| view! {
            <ExploreCharts charts=x.charts/>
            <AssociationTable ranking=x.associations/>
            <SummaryTable rows=x.summary/>
        })}
    }
}

/// The values of a multiple `<select>`'s chosen options.
fn selected_values(ev: &web_sys::Event) -> Vec<String> {
    let select: web_sys::HtmlSelectElement = event_target(ev);
    let options = select.selected_options();
    (0..options.length())
        .filter_map(|i| options.item(i))
        .filter_map(|o| o.get_attribute("value"))
        .collect()
}

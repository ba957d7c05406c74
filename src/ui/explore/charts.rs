//! The Explore step's four charts: histogram by class, purchase rate by category with Wilson
//! whiskers, scatter coloured by class, and the correlation heatmap.

use leptos::prelude::*;

use crate::charts::{self, Heatmap, RateBars};
use crate::protocol::ExploreResult;
use crate::ui::common::ChartCanvas;
use crate::ui::state::AppState;

/// The charts of the current Explore result.
#[component]
pub fn ExploreCharts() -> impl IntoView {
    let state = expect_context::<AppState>();
    let x = move || state.current(state.explore);
    view! {
        <div class="grid2">
            <ChartCanvas testid="chart-histogram" label="Histogram of the chosen column, stacked by class" file_name="histogram"
                draw=move |area, style| match x().and_then(|x| x.histogram) {
                    Some(h) => charts::draw_histogram(area, &h, style),
                    None => style.no_data(area, "No numeric column"),
                }/>
            <ChartCanvas testid="chart-rate-by-category" label="Purchase rate by category with 95% Wilson intervals" file_name="rate_by_category"
                draw=move |area, style| charts::draw_rate_bars(area, &rate_bars(x().as_ref()), style)/>
            <ChartCanvas testid="chart-scatter" label="Scatter of two numeric columns coloured by class" file_name="scatter"
                draw=move |area, style| match x().and_then(|x| x.scatter) {
                    Some(s) => charts::draw_scatter(area, &s, style),
                    None => style.no_data(area, "Needs two numeric columns"),
                }/>
            <ChartCanvas testid="chart-correlation" label="Pearson correlation between numeric columns" file_name="correlation"
                draw=move |area, style| charts::draw_heatmap(area, &correlation(x().as_ref()), style)/>
        </div>
    }
}

fn rate_bars(x: Option<&ExploreResult>) -> RateBars {
    let Some(x) = x else { return RateBars::default() };
    let Some((column, rates)) = &x.rates else { return RateBars::default() };
    charts::category_rate_bars(column, rates, x.balance.positive_rate, 30)
}

fn correlation(x: Option<&ExploreResult>) -> Heatmap {
    x.map(|x| charts::correlation_heatmap(&x.correlation)).unwrap_or_default()
}

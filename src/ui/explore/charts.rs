//! The Explore step's four charts (drawn by the worker): histogram by class, purchase rate by
//! category with Wilson whiskers, scatter coloured by class, and the correlation heatmap.

use leptos::prelude::*;

use crate::protocol::ExploreCharts as Charts;
use crate::ui::common::Figure;

/// The charts of the current Explore result.
#[component]
pub fn ExploreCharts(
    /// The worker's SVGs.
    charts: Charts,
) -> impl IntoView {
    view! {
        <div class="grid2">
            <Figure testid="chart-histogram" label="Histogram of the chosen column, stacked by class" file_name="histogram" svg=charts.histogram/>
            <Figure testid="chart-rate-by-category" label="The target's rate by category with 95% Wilson intervals" file_name="rate_by_category" svg=charts.rates/>
            <Figure testid="chart-scatter" label="Scatter of two numeric columns coloured by class" file_name="scatter" svg=charts.scatter/>
            <Figure testid="chart-correlation" label="Pearson correlation between the numeric columns most associated with the target (at most 25)" file_name="correlation" svg=charts.correlation/>
        </div>
    }
}

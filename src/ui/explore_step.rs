//! The Explore step: summary table, class balance with the majority baseline, histogram by
//! class, purchase rate by category with Wilson whiskers, scatter coloured by class, and the
//! correlation heatmap. Statistics come from the worker; charts are drawn on canvases.

use leptos::prelude::*;

use super::app::Worker;
use super::chart_canvas::ChartCanvas;
use super::help_link::HelpLink;
use super::state::{AppState, Step};
use crate::charts::{self, Heatmap, RateBars};
use crate::engine::display::fixed;
use crate::engine::eda::ColumnSummary;
use crate::protocol::{ExploreRequest, ExploreResult, Request};

/// Charts and tables of the working data.
#[component]
pub fn ExploreStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let hist_col = RwSignal::new(None::<String>);
    let cat_col = RwSignal::new(None::<String>);

    let request = move || {
        let (Some(target), positive) =
            (state.target.get_untracked(), state.positive.get_untracked())
        else {
            state.error.set(Some("Choose the target column in the Clean step first.".into()));
            return;
        };
        let req = ExploreRequest {
            target,
            positive: positive.unwrap_or_else(|| "1".into()),
            histogram_column: hist_col.get_untracked(),
            category_column: cat_col.get_untracked(),
            scatter: None,
            bins: 20,
        };
        let id = worker.with_value(|w| w.send(Request::Explore(req), None));
        state.start_job(id, "Computing statistics");
    };
    // Compute once when the step opens on data that has not been explored yet.
    Effect::new(move |_| {
        if state.data.with(|d| d.is_some()) && state.explore.with(|e| e.is_none()) {
            request();
        }
    });
    let x = move || state.explore.get();

    view! {
        <section class="panel" aria-labelledby="explore-title">
            <div class="step-head">
                <h2 id="explore-title">"3 · Explore"</h2>
                <HelpLink step=Step::Explore/>
            </div>
            <p class="help">"How the customers are distributed and how buying relates to each attribute. Rates carry 95% Wilson intervals."</p>
            {move || x().map(|x| {
                let b = x.balance.clone();
                let text = format!(
                    "{}: {} · {}: {} · positive rate {:.1}% · majority baseline {:.1}% (a model must beat this accuracy)",
                    b.labels[0], b.counts[0], b.labels[1], b.counts[1], b.positive_rate * 100.0, b.majority_baseline * 100.0
                );
                view! { <p class="notice" data-testid="class-balance">{text}</p> }
            })}
            <div class="form-grid">
                <div class="field">
                    <label for="hist-col">"Histogram column"</label>
                    <select id="hist-col" on:change=move |ev| { hist_col.set(Some(event_target_value(&ev))); request(); }>
                        {move || x().map(|x| x.numeric_columns.iter().map(|c| {
                            let selected = x.histogram.as_ref().is_some_and(|h| &h.column == c);
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
                <div class="field">
                    <label for="cat-col">"Rate by category of"</label>
                    <select id="cat-col" on:change=move |ev| { cat_col.set(Some(event_target_value(&ev))); request(); }>
                        {move || x().map(|x| x.category_columns.iter().map(|c| {
                            let selected = x.rates.as_ref().is_some_and(|(n, _)| n == c);
                            view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                        }).collect_view())}
                    </select>
                </div>
            </div>
        </section>
        <div class="grid2">
            <ChartCanvas testid="chart-histogram" label="Histogram of the chosen column, stacked by class" file_name="histogram"
                draw=move |area, style| match state.explore.with(|x| x.as_ref().and_then(|x| x.histogram.clone())) {
                    Some(h) => charts::draw_histogram(area, &h, style),
                    None => style.no_data(area, "No numeric column"),
                }/>
            <ChartCanvas testid="chart-rate-by-category" label="Purchase rate by category with 95% Wilson intervals" file_name="rate_by_category"
                draw=move |area, style| charts::draw_rate_bars(area, &rate_bars(&state.explore.get()), style)/>
            <ChartCanvas testid="chart-scatter" label="Scatter of two numeric columns coloured by class" file_name="scatter"
                draw=move |area, style| match state.explore.with(|x| x.as_ref().and_then(|x| x.scatter.clone())) {
                    Some(s) => charts::draw_scatter(area, &s, style),
                    None => style.no_data(area, "Needs two numeric columns"),
                }/>
            <ChartCanvas testid="chart-correlation" label="Pearson correlation between numeric columns" file_name="correlation"
                draw=move |area, style| charts::draw_heatmap(area, &correlation(&state.explore.get()), style)/>
        </div>
        {move || x().map(|x| view! { <SummaryTable rows=x.summary/> })}
    }
}

fn rate_bars(x: &Option<ExploreResult>) -> RateBars {
    let Some(x) = x.as_ref() else { return RateBars::default() };
    let Some((column, rates)) = &x.rates else { return RateBars::default() };
    charts::category_rate_bars(column, rates, x.balance.positive_rate, 30)
}

fn correlation(x: &Option<ExploreResult>) -> Heatmap {
    let Some(x) = x else { return Heatmap::default() };
    Heatmap {
        title: "Correlation (Pearson)".into(),
        rows: x.correlation.names.clone(),
        cols: x.correlation.names.clone(),
        values: x.correlation.values.clone(),
        diverging: true,
        cell_text: None,
    }
}

/// The per-column summary table.
#[component]
pub fn SummaryTable(
    /// One summary per column.
    rows: Vec<ColumnSummary>,
) -> impl IntoView {
    let num = |x: Option<f64>| {
        x.map(|v| if v.abs() >= 100.0 { fixed(v, 0) } else { fixed(v, 2) }).unwrap_or_default()
    };
    view! {
        <section class="panel" aria-labelledby="summary-title">
            <h2 id="summary-title">"Summary"</h2>
            <div class="table-wrap">
                <table data-testid="summary-table">
                    <thead><tr>
                        <th>"Column"</th><th>"Kind"</th><th class="num">"n"</th><th class="num">"Missing"</th><th class="num">"Mean"</th>
                        <th class="num">"SD"</th><th class="num">"Min"</th><th class="num">"Q1"</th><th class="num">"Median"</th>
                        <th class="num">"Q3"</th><th class="num">"Max"</th><th class="num">"Distinct"</th><th>"Top values"</th>
                    </tr></thead>
                    <tbody>
                        {rows.into_iter().map(|r| {
                            let top = r.top.iter().map(|(l, k)| format!("{l} ({k})")).collect::<Vec<_>>().join(", ");
                            view! { <tr>
                                <td>{r.name}</td><td>{format!("{:?}", r.kind).to_ascii_lowercase()}</td><td class="num">{r.n}</td><td class="num">{r.missing}</td>
                                <td class="num">{num(r.mean)}</td><td class="num">{num(r.sd)}</td><td class="num">{num(r.min)}</td><td class="num">{num(r.q1)}</td>
                                <td class="num">{num(r.median)}</td><td class="num">{num(r.q3)}</td><td class="num">{num(r.max)}</td>
                                <td class="num">{r.distinct}</td><td>{top}</td>
                            </tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}

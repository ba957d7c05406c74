//! The Segments step: choose a segmenter and its settings, run it in the worker, then read the
//! segment table (with n, intervals, shrunk rates and small-n flags), the rate chart, the grid
//! heatmap, the gains curve or the cluster profiles.

use leptos::prelude::*;

use super::app::Worker;
use super::chart_canvas::ChartCanvas;
use super::dom::download_text;
use super::explore_step::SummaryTable;
use super::help_link::HelpLink;
use super::segment_table::SegmentTable;
use super::state::{AppState, Step};
use crate::charts::{self, Bubble, Bubbles, Curve, Curves, Heatmap};
use crate::engine::display::{fixed, percent};
use crate::protocol::{Request, SegmentRequest, SegmentResult};

/// Settings, results and charts of micro-segments.
#[component]
pub fn SegmentsStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let headers =
        move || state.data.with(|d| d.as_ref().map(|d| d.headers.clone()).unwrap_or_default());
    let method = RwSignal::new("grid".to_string());
    let by1 = RwSignal::new(String::new());
    let by2 = RwSignal::new(String::new());
    let bins = RwSignal::new("4".to_string());
    let k = RwSignal::new("auto".to_string());
    let min_support = RwSignal::new("30".to_string());
    // Default grid columns: the first two numeric-looking non-target, non-id columns.
    Effect::new(move |_| {
        if by1.with_untracked(|b| b.is_empty()) {
            let cols = state.data.with(|d| {
                d.as_ref()
                    .map(|d| {
                        d.report
                            .columns
                            .iter()
                            .filter(|c| matches!(c.kind, crate::engine::table::Kind::Numeric))
                            .map(|c| c.name.clone())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            });
            if let Some(a) = cols.first() {
                by1.set(a.clone());
            }
            if let Some(b) = cols.get(1) {
                by2.set(b.clone());
            }
        }
    });
    let run = move |_| {
        let Some(target) = state.target.get_untracked() else {
            state.error.set(Some("Choose the target column in the Clean step first.".into()));
            return;
        };
        let by: Vec<String> = [by1.get_untracked(), by2.get_untracked()]
            .into_iter()
            .filter(|b| !b.is_empty())
            .collect();
        let req = SegmentRequest {
            target,
            positive: state.positive.get_untracked(),
            method: method.get_untracked(),
            by: if method.get_untracked() == "grid" { by } else { Vec::new() },
            bins: bins.get_untracked().trim().parse().unwrap_or(4),
            k: k.get_untracked().trim().parse().ok(),
            min_support: min_support.get_untracked().trim().parse().unwrap_or(30),
            max_depth: 3,
            random_state: 42,
        };
        let id = worker.with_value(|w| w.send(Request::Segment(req), None));
        state.start_job(id, "Segmenting");
    };
    let column_select = move |id: &'static str, label: &'static str, value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                    <option value="">"(none)"</option>
                    {move || headers().into_iter().map(|h| { let sel = value.get() == h; view! { <option value=h.clone() selected=sel>{h.clone()}</option> } }).collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <section class="panel" aria-labelledby="segments-title">
            <div class="step-head">
                <h2 id="segments-title">"5 · Segments"</h2>
                <HelpLink step=Step::Segments/>
            </div>
            <p class="help">"Every segment shows its size n, a 95% Wilson interval and a shrunk rate: small segments are pulled towards the overall rate because 5 buyers out of 7 is weak evidence. Segments under the minimum support are flagged."</p>
            <div class="form-grid">
                <div class="field">
                    <label for="segment-method">"Method"</label>
                    <select id="segment-method" data-testid="segment-method" on:change=move |ev| method.set(event_target_value(&ev))>
                        <option value="grid">"Grid of bins"</option>
                        <option value="tree">"Tree rules"</option>
                        <option value="kmeans">"k-means clusters"</option>
                        <option value="deciles">"Propensity deciles (needs a model)"</option>
                    </select>
                </div>
                {move || (method.get() == "grid").then(|| view! {
                    {column_select("segment-by-1", "Grid column 1", by1)}
                    {column_select("segment-by-2", "Grid column 2", by2)}
                    <div class="field"><label for="segment-bins">"Bins per numeric column"</label>
                        <input id="segment-bins" prop:value=move || bins.get() on:input=move |ev| bins.set(event_target_value(&ev))/></div>
                })}
                {move || (method.get() == "kmeans").then(|| view! {
                    <div class="field"><label for="segment-k">"k (or auto)"</label>
                        <input id="segment-k" prop:value=move || k.get() on:input=move |ev| k.set(event_target_value(&ev))/></div>
                })}
                <div class="field"><label for="min-support">"Minimum support"</label>
                    <input id="min-support" data-testid="min-support" prop:value=move || min_support.get() on:input=move |ev| min_support.set(event_target_value(&ev))/>
                    <small>"Segments with fewer customers are flagged small n."</small></div>
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="segment-run" on:click=run disabled=move || state.job.with(|j| j.is_some())>"Find segments"</button>
            </div>
        </section>
        {move || state.segments.get().map(|r| view! { <SegmentResults result=r/> })}
        {move || state.segment_rows.get().map(|(_, label, summary)| view! {
            <h3>{format!("Customers in “{label}”")}</h3>
            <SummaryTable rows=summary/>
        })}
    }
}

/// Table, charts and downloads of one segmentation.
#[component]
fn SegmentResults(
    /// What the worker returned.
    result: SegmentResult,
) -> impl IntoView {
    let t = result.table.clone();
    let prior = format!(
        "{} segments · overall rate {:.1}% · prior Beta({:.2}, {:.2}) — {}",
        t.segments.len(),
        t.overall_rate * 100.0,
        t.prior.alpha,
        t.prior.beta,
        t.prior.method
    );
    let csv = t.to_csv();
    let download = move |_| {
        let _ = download_text("segments.csv", "text/csv", &csv);
    };
    let rates = charts::segment_rate_bars(
        "Segment rates by shrunk lift (bars numbered as in the table)",
        &t,
        30,
    );
    let bubbles = Bubbles {
        title: "Segment size against purchase rate".into(),
        bubbles: t
            .segments
            .iter()
            .map(|s| Bubble { n: s.n as f64, rate: s.rate, muted: s.small_n })
            .collect(),
        overall: Some(t.overall_rate),
    };
    let heat = grid_heatmap(&result);
    let gains = result.gains.clone().map(|g| Curves {
        title: "Gains: buyers captured by contacting the top-ranked customers".into(),
        x_label: "share of customers (by predicted propensity)".into(),
        y_label: "share of buyers captured".into(),
        curves: vec![Curve { name: "model".into(), points: g.curve.clone() }],
        diagonal: Some("random order".into()),
        markers: true,
        ..Curves::default()
    });
    let profiles = result.kmeans.clone();
    view! {
        <section class="panel" aria-labelledby="segtable-title">
            <h2 id="segtable-title">"Segments"</h2>
            <p class="muted">{prior}</p>
            <SegmentTable table=t.clone() with_model=result.with_model/>
            <div class="actions">
                <button type="button" data-testid="download-segments" on:click=download>"Download segments (CSV)"</button>
            </div>
        </section>
        <div class="grid2">
            <ChartCanvas testid="chart-segment-rates" label="Segment rates with 95% Wilson intervals and shrunk rates" file_name="segment_rates" draw=move |a, s| charts::draw_rate_bars(a, &rates, s)/>
            <ChartCanvas testid="chart-segment-bubbles" label="Bubble chart: segment size n against purchase rate; faded bubbles are small-n segments" file_name="segment_bubbles" draw=move |a, s| charts::draw_bubbles(a, &bubbles, s)/>
            {heat.map(|h| view! { <ChartCanvas testid="chart-segment-heatmap" label="Shrunk purchase rate of each grid cell, with its n" file_name="segment_heatmap" draw=move |a, s| charts::draw_heatmap(a, &h, s)/> })}
            {gains.map(|g| view! { <ChartCanvas testid="chart-gains" label="Gains curve of the model's propensity ranking" file_name="gains" draw=move |a, s| charts::draw_curves(a, &g, s)/> })}
        </div>
        {result.gains.map(|g| view! {
            <section class="panel"><h2>"Gains table"</h2>
            <div class="table-wrap"><table data-testid="gains-table">
                <thead><tr><th>"Decile"</th><th class="num">"n"</th><th class="num">"Buyers"</th><th class="num">"Rate"</th><th class="num">"Cumulative capture"</th><th class="num">"Lift"</th><th class="num">"Cumulative lift"</th></tr></thead>
                <tbody>{g.rows.into_iter().map(|r| view! { <tr><td>{r.decile}</td><td class="num">{r.n}</td><td class="num">{r.buyers}</td><td class="num">{percent(r.rate, 1)}</td><td class="num">{percent(r.cumulative_capture, 1)}</td><td class="num">{fixed(r.lift, 2)}</td><td class="num">{fixed(r.cumulative_lift, 2)}</td></tr> }).collect_view()}</tbody>
            </table></div></section>
        })}
        {profiles.map(|info| view! {
            <section class="panel"><h2>{format!("Cluster profiles (k = {}, chosen by silhouette)", info.k)}</h2>
            <p class="muted">{info.silhouette_by_k.iter().map(|(k, s)| format!("k={k}: {s:.3}")).collect::<Vec<_>>().join(" · ")}</p>
            <div class="table-wrap"><table data-testid="cluster-profiles">
                <thead><tr><th>"Cluster"</th><th class="num">"Size"</th><th>"Means (cluster vs overall)"</th></tr></thead>
                <tbody>{info.profiles.into_iter().map(|p| view! { <tr><td>{p.segment + 1}</td><td class="num">{p.size}</td><td>{p.means.iter().map(|(n, m, o)| format!("{n}: {} vs {}", crate::engine::segment::short(*m), crate::engine::segment::short(*o))).collect::<Vec<_>>().join(" · ")}</td></tr> }).collect_view()}</tbody>
            </table></div></section>
        })}
    }
}

/// For a grid of two columns: shrunk rates as a heatmap with n in each cell.
fn grid_heatmap(r: &SegmentResult) -> Option<Heatmap> {
    if r.request.method != "grid" || r.request.by.len() != 2 {
        return None;
    }
    let mut segs = r.table.segments.clone();
    segs.sort_by_key(|s| s.segment);
    let split = |l: &str| l.split_once(" × ").map(|(a, b)| (a.to_string(), b.to_string()));
    let mut rows: Vec<String> = Vec::new();
    let mut cols: Vec<String> = Vec::new();
    for s in &segs {
        let (a, b) = split(&s.label)?;
        if !rows.contains(&a) {
            rows.push(a);
        }
        if !cols.contains(&b) {
            cols.push(b);
        }
    }
    let mut values = vec![vec![None; cols.len()]; rows.len()];
    let mut text = vec![vec![String::new(); cols.len()]; rows.len()];
    for s in &segs {
        let (a, b) = split(&s.label)?;
        let (i, j) = (rows.iter().position(|x| *x == a)?, cols.iter().position(|x| *x == b)?);
        values[i][j] = Some(s.shrunk_rate);
        text[i][j] = format!("{:.0}% n={}", s.shrunk_rate * 100.0, s.n);
    }
    // The axis names go in the title, so cells keep only their ranges.
    let (a, b) = (&r.request.by[0], &r.request.by[1]);
    let strip = |labels: Vec<String>, name: &str| {
        labels
            .into_iter()
            .map(|l| l.strip_prefix(name).map(|x| x.trim().to_string()).unwrap_or(l))
            .collect()
    };
    let title = format!("Shrunk purchase rate: {a} (rows) × {b} (columns)");
    Some(Heatmap {
        title,
        rows: strip(rows, a),
        cols: strip(cols, b),
        values,
        diverging: false,
        cell_text: Some(text),
    })
}

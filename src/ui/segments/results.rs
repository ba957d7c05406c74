//! Table, charts and downloads of one segmentation: the segment table, rates with intervals, a
//! bubble chart, the grid heatmap, the gains curve or the cluster profiles.

use leptos::prelude::*;

use super::discovery_table::DiscoveryTable;
use super::table::SegmentTable;
use crate::engine::display::Outcome;
use crate::engine::display::{fixed, percent};
use crate::engine::session::Freshness;
use crate::protocol::{Request, SegmentResult};
use crate::ui::app::Worker;
use crate::ui::common::{Figure, StaleNote};
use crate::ui::dom::download_text;
use crate::ui::state::{now_iso, AppState};

/// Table, charts and downloads of one segmentation.
#[component]
pub fn SegmentResults(
    /// What the worker returned.
    result: SegmentResult,
    /// Whether it is still the current segmentation's data.
    freshness: Freshness,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let stale = freshness != Freshness::Current;
    let t = result.table.clone();
    let prior = format!(
        "{} segments · overall rate {:.1}% · prior Beta({:.2}, {:.2}) — {}",
        t.segments.len(),
        t.overall_rate * 100.0,
        t.prior.alpha,
        t.prior.beta,
        t.prior.method
    );
    // Written by the worker (a discovery's table has its own columns).
    let csv = result.csv.clone();
    let download = move |_| {
        let _ = download_text("segments.csv", "text/csv", &csv);
    };
    let gen = result.gen;
    let download_definitions = move |_| {
        let request = Request::ExportSegments { segments: gen, created: now_iso() };
        let id = worker.with_value(|w| w.send(request, None));
        state.start_job(id, "Writing the segment definitions");
    };
    let discovery = result.discovery.clone();
    let figures = result.charts.clone();
    let positive = result.labels[1].clone();
    let event = Outcome::new(&result.target, &positive).event();
    let profiles = result.kmeans.clone();
    view! {
        <section class="panel" aria-labelledby="segtable-title">
            <h2 id="segtable-title">"Segments"</h2>
            <StaleNote freshness=freshness action="find segments again"/>
            <p class="muted">{prior}</p>
            {match discovery {
                Some(found) => view! { <DiscoveryTable found=found segments=(!stale).then_some(result.gen)/> }.into_any(),
                None => view! { <SegmentTable table=t.clone() with_model=result.with_model segments=(!stale).then_some(result.gen) event=event/> }.into_any(),
            }}
            <div class="actions">
                <button type="button" data-testid="download-segments" on:click=download disabled=stale>"Download segments (CSV)"</button>
                <button type="button" data-testid="download-definitions" on:click=download_definitions disabled=stale
                    title="A JSON file that tags new batches with these segments (micronum assign, export-sql --segments)">"Download segment definitions"</button>
            </div>
        </section>
        <div class="grid2">
            <Figure testid="chart-segment-rates" label="Segment rates with 95% Wilson intervals and shrunk rates" file_name="segment_rates" svg=figures.rates/>
            <Figure testid="chart-segment-bubbles" label="Bubble chart: segment size n against the target's rate; faded bubbles are small-n segments" file_name="segment_bubbles" svg=figures.bubbles/>
            {figures.heatmap.map(|h| view! { <Figure testid="chart-segment-heatmap" label="Shrunk rate of each grid cell, with its n" file_name="segment_heatmap" svg=h/> })}
            {figures.gains.map(|g| view! { <Figure testid="chart-gains" label="Gains curve of the model's propensity ranking" file_name="gains" svg=g/> })}
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

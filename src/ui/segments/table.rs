//! The segment table: every statistic of every segment, sortable, small-n rows flagged, a click
//! on a row summarises that segment's customers.

use leptos::prelude::*;

use crate::engine::display::{fixed, percent};
use crate::engine::segment::{SegmentStats, SegmentTable as Table};
use crate::engine::session::Gen;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::state::AppState;

type Key = fn(&SegmentStats) -> f64;

const COLUMNS: [(&str, Key); 8] = [
    ("n", |s| s.n as f64),
    ("positives", |s| s.positives as f64),
    ("rate", |s| s.rate),
    ("95% interval", |s| s.ci_low),
    ("shrunk rate", |s| s.shrunk_rate),
    ("lift", |s| s.lift),
    ("shrunk lift", |s| s.shrunk_lift),
    ("share of positives", |s| s.share_of_positives),
];

/// Sortable table of segments.
#[component]
pub fn SegmentTable(
    /// The segments and totals.
    table: Table,
    /// Whether segments carry a model's mean probability.
    with_model: bool,
    /// The segmentation's generation; None when it is stale (rows do not open).
    segments: Option<Gen>,
    /// What a positive row is called ("churn", "Status = bad").
    event: String,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    // (column index, descending); the default is the worker's order (shrunk lift, descending).
    let sort = RwSignal::new(None::<(usize, bool)>);
    let rows = move || {
        let mut segs = table.segments.clone();
        if let Some((c, desc)) = sort.get() {
            let key = COLUMNS[c].1;
            segs.sort_by(
                |a, b| if desc { key(b).total_cmp(&key(a)) } else { key(a).total_cmp(&key(b)) },
            );
        }
        segs
    };
    let open = move |segment: usize| {
        let Some(segments) = segments else { return };
        let id = worker.with_value(|w| w.send(Request::SegmentRows { segments, segment }, None));
        state.start_job(id, "Summarising the segment");
    };
    let header = move |i: usize, name: String| {
        let arrow = move || match sort.get() {
            Some((c, d)) if c == i => {
                if d {
                    " ▼"
                } else {
                    " ▲"
                }
            }
            _ => "",
        };
        let aria = move || match sort.get() {
            Some((c, d)) if c == i => {
                if d {
                    "descending"
                } else {
                    "ascending"
                }
            }
            _ => "none",
        };
        view! {
            <th class="num" aria-sort=aria>
                <button type="button" class="sort" on:click=move |_| sort.update(|s| *s = Some((i, !matches!(s, Some((c, true)) if *c == i))))>{name}{arrow}</button>
            </th>
        }
    };
    view! {
        <div class="table-wrap">
            <table data-testid="segments-table" class:inert=segments.is_none()>
                <thead><tr>
                    <th>"Segment"</th>
                    {COLUMNS.iter().enumerate().map(|(i, (name, _))| {
                        // The count of positive rows is named as the file names it ("churn").
                        let name = if i == 1 { event.clone() } else { name.to_string() };
                        header(i, name)
                    }).collect_view()}
                    {with_model.then(|| view! { <th class="num">"mean model probability"</th> })}
                    <th>"Flag"</th>
                </tr></thead>
                <tbody>
                    {move || rows().into_iter().map(|s| {
                        let seg = s.segment;
                        view! {
                            <tr class:small-n=s.small_n tabindex="0" on:click=move |_| open(seg)
                                on:keydown=move |ev| if ev.key() == "Enter" { open(seg) }>
                                <td>{s.label.clone()}</td>
                                <td class="num">{s.n}</td>
                                <td class="num">{s.positives}</td>
                                <td class="num">{percent(s.rate, 1)}</td>
                                <td class="num">{format!("{}–{}", percent(s.ci_low, 1), percent(s.ci_high, 1))}</td>
                                <td class="num">{percent(s.shrunk_rate, 1)}</td>
                                <td class="num">{fixed(s.lift, 2)}</td>
                                <td class="num">{fixed(s.shrunk_lift, 2)}</td>
                                <td class="num">{percent(s.share_of_positives, 1)}</td>
                                {with_model.then(|| view! { <td class="num">{s.mean_proba.map(|p| percent(p, 1)).unwrap_or_default()}</td> })}
                                <td>{s.small_n.then(|| view! { <span class="badge" title="fewer customers than the minimum support">"small n"</span> })}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

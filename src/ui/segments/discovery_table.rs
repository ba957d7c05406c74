//! What discovery found: how many rules were searched and tested, and each tested segment with
//! its held-out numbers (rate, interval, shrunk rate, lift), its q-value and a plain verdict —
//! "significant" or "could be chance" — and, with a model, the rate the model expects. A click
//! on a row summarises the segment's customers.

use leptos::prelude::*;

use crate::engine::display::{fixed, percent};
use crate::engine::segment::discover::{direction_text, Correction, Discovery};
use crate::engine::session::Gen;
use crate::protocol::Request;
use crate::ui::app::Worker;
use crate::ui::state::AppState;

/// The discovered segments.
#[component]
pub fn DiscoveryTable(
    /// The discovery (its member lists stay in the worker).
    found: Discovery,
    /// The segmentation's generation; None when it is stale (rows do not open).
    segments: Option<Gen>,
) -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let correction = match found.correction {
        Correction::By => "Benjamini–Yekutieli (segments share rows)",
        _ => "Benjamini–Hochberg",
    };
    let significant = found.significant().count();
    let summary = format!(
        "{} rules searched on a seeded half of the rows ({} rows); the best {} tested on the other half ({} rows), which the search never saw. {significant} significant at a false discovery rate of {} ({correction}); the others could be chance.",
        found.candidates_searched,
        found.search.n,
        found.candidates_tested,
        found.holdout.n,
        found.fdr
    );
    let with_model = found.segments.iter().any(|s| s.model.is_some());
    let open = move |segment: usize| {
        let Some(segments) = segments else { return };
        let id = worker.with_value(|w| w.send(Request::SegmentRows { segments, segment }, None));
        state.start_job(id, "Summarising the segment");
    };
    let rows = found
        .segments
        .into_iter()
        .map(|s| {
            let k = s.segment;
            let verdict = match s.significant {
                true => format!("significant ({})", direction_text(s.direction)),
                false => "could be chance".to_string(),
            };
            let model = s.model.as_ref().map(|m| {
                let differs = if m.differs { " — differs" } else { "" };
                format!("{}{differs}", percent(m.expected_rate, 1))
            });
            view! {
                <tr class:significant=s.significant class:small-n=s.small_n tabindex="0"
                    on:click=move |_| open(k) on:keydown=move |ev| if ev.key() == "Enter" { open(k) }>
                    <td>{k + 1}</td>
                    <td>{s.label}</td>
                    <td class="num">{s.holdout.n}</td>
                    <td class="num">{percent(s.holdout.rate, 1)}</td>
                    <td class="num">{format!("{}–{}", percent(s.ci_low, 1), percent(s.ci_high, 1))}</td>
                    <td class="num">{percent(s.shrunk_rate, 1)}</td>
                    <td class="num">{fixed(s.lift, 2)}</td>
                    <td class="num">{format!("{:.2e}", s.q_value)}</td>
                    <td class="verdict">{verdict}</td>
                    {with_model.then(|| view! { <td class="num">{model.unwrap_or_default()}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="notice" data-testid="discovery-summary">{summary}</p>
        <div class="table-wrap">
            <table data-testid="discovery-table" class:inert=segments.is_none()>
                <thead><tr>
                    <th>"#"</th><th>"Rule"</th><th class="num">"held-out n"</th><th class="num">"rate"</th>
                    <th class="num">"95% interval"</th><th class="num">"shrunk rate"</th><th class="num">"lift"</th>
                    <th class="num">"q-value"</th><th>"verdict"</th>
                    {with_model.then(|| view! { <th class="num">"model expects"</th> })}
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

//! The Segments step: choose a segmenter and its settings (`form`), run it in the worker, then
//! read the segment table, its charts (`results`) and the customers of a clicked segment
//! (`members`). A table computed before the last cleaning or model is marked and inert.

use leptos::prelude::*;

use super::form::{default_columns, SegmentForm, SegmentFormView};
use super::members::SegmentMembers;
use super::results::SegmentResults;
use crate::engine::segment::SegmentSpec;
use crate::protocol::{Request, SegmentRequest};
use crate::ui::app::Worker;
use crate::ui::common::StepHead;
use crate::ui::state::{AppState, Step};

/// Settings, results and charts of micro-segments.
#[component]
pub fn SegmentsStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let form = SegmentForm::new();
    let defaults = Memo::new(move |_| default_columns(state));
    let run = move |_| {
        let Some(target) = state.target.get_untracked() else {
            state.error.set(Some("Choose the target column in the Clean step first.".into()));
            return;
        };
        let spec = defaults.with_untracked(|d| form.method(d)).and_then(|method| {
            Ok(SegmentSpec {
                target,
                positive: state.positive.get_untracked(),
                method,
                min_support: form.min_support()?,
            })
        });
        match spec {
            Ok(spec) => {
                let cleaning = state.lineage.get_untracked().cleaning;
                let request = Request::Segment(SegmentRequest { cleaning, spec });
                let id = worker.with_value(|w| w.send(request, None));
                state.start_job(id, "Segmenting");
            }
            Err(e) => state.error.set(Some(e)),
        }
    };
    view! {
        <section class="panel" aria-labelledby="segments-title">
            <StepHead step=Step::Segments/>
            <p class="help">"Every segment shows its size n, a 95% Wilson interval and a shrunk rate: small segments are pulled towards the overall rate because 5 buyers out of 7 is weak evidence. Segments under the minimum support are flagged."</p>
            <SegmentFormView form=form defaults=defaults/>
            <div class="actions">
                <button type="button" class="primary" data-testid="segment-run" on:click=run disabled=move || state.job.with(|j| j.is_some())>"Find segments"</button>
            </div>
        </section>
        {move || state.shown(state.segments).map(|(r, freshness)| view! { <SegmentResults result=r freshness=freshness/> })}
        <SegmentMembers/>
    }
}

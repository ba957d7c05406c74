//! A scored batch's shares of the current segments against training's, with their PSI: whether
//! tomorrow's customers still fall into today's segments in the same proportions.

use leptos::prelude::*;

use crate::engine::display::{fixed, percent};
use crate::engine::segment::definitions::SegmentMix;
use crate::ui::common::PreviewTable;

/// The mix table and its verdict.
#[component]
pub fn SegmentMixView(
    /// The batch's segment shares against training's.
    mix: SegmentMix,
) -> impl IntoView {
    let verdict = match (mix.psi, &mix.verdict) {
        (Some(psi), Some(v)) => format!("PSI {} ({} shift).", fixed(psi, 3), v.as_str()),
        _ => "Segments overlap: shares are compared one by one, without a PSI.".to_string(),
    };
    let rows: Vec<Vec<String>> = mix
        .segments
        .iter()
        .map(|r| {
            vec![
                r.label.clone(),
                r.training_n.to_string(),
                percent(r.training_share, 1),
                r.batch_n.to_string(),
                percent(r.batch_share, 1),
            ]
        })
        .collect();
    view! {
        <h4>"Segment mix against training"</h4>
        <p data-testid="segment-mix-verdict">{format!("{} training rows, {} batch rows. {verdict}", mix.training_rows, mix.batch_rows)}</p>
        <PreviewTable headers=vec!["Segment".into(), "Training n".into(), "Training share".into(), "Batch n".into(), "Batch share".into()]
            rows=rows caption="Segment mix of the batch against training" testid="segment-mix"/>
    }
}

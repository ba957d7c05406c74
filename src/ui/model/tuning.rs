//! How `min_samples_leaf = auto` chose the leaf size: each candidate's out-of-bag scores, the
//! chosen one marked.

use leptos::prelude::*;

use crate::engine::display::fixed;
use crate::engine::forest::Tuning;

/// The out-of-bag table of a tuning.
#[component]
pub fn TuningTable(
    /// The candidates and the choice.
    tuning: Tuning,
) -> impl IntoView {
    let trees = tuning.scores.first().map_or(0, |s| s.trees);
    let chosen = tuning.chosen;
    let summary = format!(
        "min_samples_leaf = auto chose {}: the lowest out-of-bag Brier score of {} settings, each scored with {trees} trees on its out-of-bag rows (the error a forest of many trees would make, estimated without the few-tree bias).",
        chosen.min_samples_leaf,
        tuning.scores.len()
    );
    view! {
        <details class="tuning" data-testid="tuning">
            <summary>{summary}</summary>
            <div class="table-wrap">
                <table data-testid="tuning-table">
                    <thead><tr><th class="num">"min_samples_leaf"</th><th class="num">"OOB Brier"</th><th class="num">"OOB accuracy"</th><th class="num">"OOB log loss"</th><th>""</th></tr></thead>
                    <tbody>
                        {tuning.scores.into_iter().map(|s| {
                            let mark = (s.candidate == chosen).then_some("chosen");
                            view! {
                                <tr class:chosen=mark.is_some()>
                                    <td class="num">{s.candidate.min_samples_leaf}</td>
                                    <td class="num">{fixed(s.brier, 5)}</td>
                                    <td class="num">{fixed(s.accuracy, 4)}</td>
                                    <td class="num">{fixed(s.log_loss, 4)}</td>
                                    <td>{mark}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
}

//! Every feature's importance in a scrollable table, below the charts that show the top 20
//! ("and N more"): a user with hundreds of columns can still find any feature.

use leptos::prelude::*;

use crate::engine::display::fixed;
use crate::engine::evaluate::FeatureImportance;
use crate::protocol::TextTable as Table;
use crate::ui::common::TextTable;

/// All features, by permutation importance when it was computed, else by impurity importance.
#[component]
pub fn ImportanceList(
    /// The evaluation's importances, in feature order.
    importance: Vec<FeatureImportance>,
) -> impl IntoView {
    let mut rows = importance;
    let key = |f: &FeatureImportance| f.permutation.map_or(f.impurity, |p| p.0);
    rows.sort_by(|a, b| key(b).total_cmp(&key(a)));
    let n = rows.len();
    let table = Table {
        headers: ["#", "Feature", "impurity importance", "permutation importance (mean ± SD)"]
            .map(String::from)
            .into(),
        rows: rows
            .into_iter()
            .enumerate()
            .map(|(i, f)| {
                let perm = f
                    .permutation
                    .map_or("–".into(), |(m, sd)| format!("{} ± {}", fixed(m, 4), fixed(sd, 4)));
                vec![(i + 1).to_string(), f.feature, fixed(f.impurity, 4), perm]
            })
            .collect(),
        classes: Vec::new(),
    };
    view! {
        <details class="panel importance-list" data-testid="importance-list">
            <summary>{format!("All {n} features by importance")}</summary>
            <TextTable table=table testid="importance-table"/>
        </details>
    }
}

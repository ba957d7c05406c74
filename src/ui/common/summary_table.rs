//! The per-column summary table (n, missing, mean, SD, quartiles, distinct, top values), shown
//! by the Explore step for the whole table and by the Segments step for one segment.

use leptos::prelude::*;

use super::show_all::{shown, ShowAll};
use crate::engine::display::fixed;
use crate::engine::eda::ColumnSummary;

/// The per-column summary table.
#[component]
pub fn SummaryTable(
    /// One summary per column.
    rows: Vec<ColumnSummary>,
) -> impl IntoView {
    let num = |x: Option<f64>| {
        x.map(|v| if v.abs() >= 100.0 { fixed(v, 0) } else { fixed(v, 2) }).unwrap_or_default()
    };
    let (total, all) = (rows.len(), RwSignal::new(false));
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
                        {move || rows.iter().take(shown(total, all.get())).map(|r| {
                            let top = r.top.iter().map(|(l, k)| format!("{l} ({k})")).collect::<Vec<_>>().join(", ");
                            view! { <tr>
                                <td>{r.name.clone()}</td><td>{format!("{:?}", r.kind).to_ascii_lowercase()}</td><td class="num">{r.n}</td><td class="num">{r.missing}</td>
                                <td class="num">{num(r.mean)}</td><td class="num">{num(r.sd)}</td><td class="num">{num(r.min)}</td><td class="num">{num(r.q1)}</td>
                                <td class="num">{num(r.median)}</td><td class="num">{num(r.q3)}</td><td class="num">{num(r.max)}</td>
                                <td class="num">{r.distinct}</td><td>{top}</td>
                            </tr> }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <ShowAll total=total all=all what="columns"/>
        </section>
    }
}

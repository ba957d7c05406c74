//! Long tables show their first rows and a "Show all" button. Rendering hundreds of rows (a
//! 500-column file's column list, summary or association ranking) blocks the page for longer
//! than a frame budget allows; the first rows are what a user reads first anyway (rankings put
//! the strongest first), and the rest is one click away.

use leptos::prelude::*;

/// Rows a long table shows before the user asks for all of them.
pub const FIRST_ROWS: usize = 60;

/// How many of `total` rows to render.
pub fn shown(total: usize, all: bool) -> usize {
    if all {
        total
    } else {
        total.min(FIRST_ROWS)
    }
}

/// "The first 60 of 500 columns. [Show all 500]" while rows are hidden.
#[component]
pub fn ShowAll(
    /// Rows the table has.
    total: usize,
    /// Whether every row is shown (the button sets it).
    all: RwSignal<bool>,
    /// What a row is, plural ("columns").
    what: &'static str,
) -> impl IntoView {
    move || {
        (total > FIRST_ROWS && !all.get()).then(|| {
            view! {
                <p class="muted">{format!("The first {FIRST_ROWS} of {total} {what}. ")}
                    <button type="button" data-testid="show-all" on:click=move |_| all.set(true)>
                        {format!("Show all {total}")}
                    </button>
                </p>
            }
        })
    }
}

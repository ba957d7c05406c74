//! One chart drawn by the worker: its SVG markup inside a labelled figure, with a "Download PNG"
//! button. The markup comes from plotters' SVG backend in our own worker, which escapes every
//! text it writes (see `report::figures`); it holds no script.

use leptos::prelude::*;

use crate::ui::dom::download_svg_as_png;

/// A chart as SVG, with its caption and a PNG download.
#[component]
pub fn Figure(
    /// `data-testid` of the figure (tests look for the `<svg>` inside it).
    #[prop(into)]
    testid: String,
    /// Accessible description of what the chart shows (also the caption).
    #[prop(into)]
    label: String,
    /// File name for "Download PNG" (without extension).
    #[prop(into)]
    file_name: String,
    /// The chart's SVG markup, from the worker.
    svg: String,
) -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let markup = svg.clone();
    let download = move |_| {
        download_svg_as_png(markup.clone(), format!("{file_name}.png"), move |e| {
            failure.set(Some(e))
        })
    };
    view! {
        <figure class="chart" data-testid=testid>
            <div class="chart-svg" role="img" aria-label=label.clone() inner_html=svg></div>
            <figcaption>
                <span>{label}</span>
                <button type="button" class="small" on:click=download>"Download PNG"</button>
            </figcaption>
            {move || failure.get().map(|e| view! { <p class="error">{e}</p> })}
        </figure>
    }
}

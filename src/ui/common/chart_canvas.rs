//! A canvas that draws one `charts::draw_*` function, redraws when the signals it reads change,
//! has an accessible label, and offers a "Download PNG" button.

use leptos::html::Canvas;
use leptos::prelude::*;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;

use crate::charts::{ChartError, ChartStyle};
use crate::ui::dom::download_url;

/// The drawing area charts are drawn on in the page.
pub type CanvasArea = DrawingArea<CanvasBackend, Shift>;

/// True when the user prefers a dark colour scheme.
fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// One chart on a canvas.
#[component]
pub fn ChartCanvas<F>(
    /// `data-testid` of the figure (tests look for the canvas inside it).
    #[prop(into)]
    testid: String,
    /// Accessible description of what the chart shows (also the caption).
    #[prop(into)]
    label: String,
    /// File name for "Download PNG" (without extension).
    #[prop(into)]
    file_name: String,
    /// Draws the chart; reads signals, so the chart redraws when they change.
    draw: F,
) -> impl IntoView
where
    F: Fn(&CanvasArea, &ChartStyle) -> Result<(), ChartError> + 'static,
{
    chart_view(testid, label, file_name, Box::new(draw))
}

/// Draws a chart; boxed, so that the component's body below exists once, not once per chart.
type Draw = Box<dyn Fn(&CanvasArea, &ChartStyle) -> Result<(), ChartError>>;

/// The body of [`ChartCanvas`] (not generic: one copy in the page's wasm).
fn chart_view(testid: String, label: String, file_name: String, draw: Draw) -> AnyView {
    let canvas_ref = NodeRef::<Canvas>::new();
    let failure = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let Some(canvas) = canvas_ref.get() else { return };
        let ratio = web_sys::window().map(|w| w.device_pixel_ratio()).unwrap_or(1.0).max(1.0);
        let width = (canvas.client_width().max(300) as f64 * ratio) as u32;
        let height = (canvas.client_height().max(200) as f64 * ratio) as u32;
        canvas.set_width(width);
        canvas.set_height(height);
        let mut style = if prefers_dark() { ChartStyle::dark() } else { ChartStyle::light() };
        style.scale = ratio;
        let result = match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => {
                let area = backend.into_drawing_area();
                draw(&area, &style).map_err(|e| e.to_string())
            }
            None => Err("this browser cannot draw on a canvas".to_string()),
        };
        failure.set(result.err());
    });
    let download = move |_| {
        if let Some(canvas) = canvas_ref.get_untracked() {
            if let Ok(url) = canvas.to_data_url() {
                let _ = download_url(&format!("{file_name}.png"), &url);
            }
        }
    };
    view! {
        <figure class="chart" data-testid=testid>
            <canvas node_ref=canvas_ref role="img" aria-label=label.clone()></canvas>
            <figcaption>
                <span>{label}</span>
                <button type="button" class="small" on:click=download>"Download PNG"</button>
            </figcaption>
            {move || failure.get().map(|e| view! { <p class="error">{e}</p> })}
        </figure>
    }
    .into_any()
}

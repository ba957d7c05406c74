//! Bubble chart of segments: size n on a log x axis, the target's rate on y, bubble area ∝ n,
//! small-n segments faded, the overall rate as a dashed line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::display::percent;

/// One bubble.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bubble {
    pub n: f64,
    pub rate: f64,
    pub muted: bool,
}

/// Bubbles and the overall rate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bubbles {
    pub title: String,
    /// The y axis: the rate's name ("churn rate").
    pub y_label: String,
    pub bubbles: Vec<Bubble>,
    pub overall: Option<f64>,
}

/// Draws `data` (n ≥ 1; rates in [0, 1]).
pub fn draw_bubbles<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Bubbles,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let pts: Vec<&Bubble> = data
        .bubbles
        .iter()
        .filter(|b| b.n >= 1.0 && b.n.is_finite() && b.rate.is_finite())
        .collect();
    if pts.is_empty() {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let max_n = pts.iter().map(|b| b.n).fold(1.0, f64::max);
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(data.title.clone(), style.font(15.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(48.0))
        .build_cartesian_2d((0.8..max_n * 1.5).log_scale(), 0.0..1.0)?;
    chart
        .configure_mesh()
        .x_desc("customers in the segment (n, log scale)")
        .y_desc(data.y_label.as_str())
        .x_label_formatter(&|x| short_number(*x))
        .y_label_formatter(&|y| percent(*y, 0))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let colour = style.classes[1];
    let radius = |n: f64| ((n / max_n).sqrt() * 18.0).max(2.0) * style.scale;
    chart.draw_series(pts.iter().map(|b| {
        let c = if b.muted { colour.mix(0.3) } else { colour.mix(0.7) };
        Circle::new((b.n, b.rate), radius(b.n).round() as u32, c.filled())
    }))?;
    if let Some(r) = data.overall {
        let dashed = ShapeStyle::from(&style.foreground.mix(0.7)).stroke_width(style.px(1.0));
        chart.draw_series(DashedLineSeries::new(
            vec![(0.8, r), (max_n * 1.5, r)],
            style.px(6.0),
            style.px(4.0),
            dashed,
        ))?;
        legend.add(format!("overall {:.1}%", r * 100.0), Marker::Line(dashed));
        legend.draw(
            &chart.plotting_area().strip_coord_spec(),
            style,
            SeriesLabelPosition::MiddleRight,
        )?;
    }
    area.present()?;
    Ok(())
}

//! Stacked histogram of a numeric column, one colour per class.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::eda::HistogramByClass;

/// Draws `h` as stacked bars (negative class at the bottom).
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    h: &HistogramByClass,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let bins = h.edges.len().saturating_sub(1);
    if bins == 0 || h.counts.len() != 2 {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let total = |b: usize| {
        h.counts[0].get(b).copied().unwrap_or(0) + h.counts[1].get(b).copied().unwrap_or(0)
    };
    let top = (0..bins).map(total).max().unwrap_or(1).max(1);
    let (lo, hi) = (h.edges[0], h.edges[bins]);
    let hi = if hi > lo { hi } else { lo + 1.0 };
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(format!("{} by class", h.column), style.font(15.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(48.0))
        .build_cartesian_2d(lo..hi, 0u64..(top + top / 10 + 1))?;
    chart
        .configure_mesh()
        .x_desc(h.column.clone())
        .y_desc("customers")
        .x_label_formatter(&|x| short_number(*x))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    for class in 0..2 {
        let colour = style.classes[class];
        let bars = (0..bins).map(move |b| {
            let base = if class == 0 { 0 } else { h.counts[0][b] };
            let height = h.counts[class][b];
            Rectangle::new([(h.edges[b], base), (h.edges[b + 1], base + height)], colour.filled())
        });
        chart.draw_series(bars)?;
        legend.add(h.class_labels[class].clone(), Marker::Square(colour));
    }
    legend.draw(
        &chart.plotting_area().strip_coord_spec(),
        style,
        SeriesLabelPosition::UpperRight,
    )?;
    area.present()?;
    Ok(())
}

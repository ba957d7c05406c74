//! Scatter of two numeric columns, points coloured by class.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::eda::ScatterData;

fn range(v: &[f64]) -> (f64, f64) {
    let (lo, hi) =
        v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(*x), b.max(*x)));
    let pad = ((hi - lo) * 0.04).max(1e-9);
    (lo - pad, hi + pad)
}

/// Draws the points of `s`, negatives first so the (usually rarer) positives stay visible.
pub fn draw_scatter<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &ScatterData,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if s.x.is_empty() {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let (x0, x1) = range(&s.x);
    let (y0, y1) = range(&s.y);
    let caption = if s.total > s.x.len() {
        format!("{} × {} ({} of {} customers)", s.x_name, s.y_name, s.x.len(), s.total)
    } else {
        format!("{} × {}", s.x_name, s.y_name)
    };
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(caption, style.font(15.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(x0..x1, y0..y1)?;
    chart
        .configure_mesh()
        .x_desc(s.x_name.clone())
        .y_desc(s.y_name.clone())
        .x_label_formatter(&|x| short_number(*x))
        .y_label_formatter(&|y| short_number(*y))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let r = style.px(3.0);
    for class in 0..2u8 {
        let colour = style.classes[class as usize];
        let points =
            s.x.iter()
                .zip(&s.y)
                .zip(&s.class)
                .filter(move |(_, c)| **c == class)
                .map(move |((x, y), _)| Circle::new((*x, *y), r, colour.mix(0.75).filled()));
        chart.draw_series(points)?;
        legend.add(s.class_labels[class as usize].clone(), Marker::Dot(colour));
    }
    legend.draw(
        &chart.plotting_area().strip_coord_spec(),
        style,
        SeriesLabelPosition::MiddleRight,
    )?;
    area.present()?;
    Ok(())
}

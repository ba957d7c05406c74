//! Decision surface: P(bought) over two features as a colour field, with real customers on top.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::surface::Surface;

/// Draws the probability field (negative colour → positive colour) and the points.
pub fn draw_surface<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    s: &Surface,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let (nx, ny) = (s.xs.len(), s.ys.len());
    if nx < 2 || ny < 2 {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let (dx, dy) = ((s.xs[1] - s.xs[0]) / 2.0, (s.ys[1] - s.ys[0]) / 2.0);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(
            format!(
                "P(bought) over {} × {} (other features at typical values)",
                s.x_name, s.y_name
            ),
            style.font(14.0),
        )
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(
            (s.xs[0] - dx)..(s.xs[nx - 1] + dx),
            (s.ys[0] - dy)..(s.ys[ny - 1] + dy),
        )?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(s.x_name.clone())
        .y_desc(s.y_name.clone())
        .x_label_formatter(&|x| short_number(*x))
        .y_label_formatter(&|y| short_number(*y))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .draw()?;
    let [c0, c1] = style.classes;
    let blend = |p: f64| {
        let p = p.clamp(0.0, 1.0);
        let m = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * p).round() as u8;
        RGBColor(m(c0.0, c1.0), m(c0.1, c1.1), m(c0.2, c1.2)).mix(0.45)
    };
    for (j, row) in s.proba.iter().enumerate().take(ny) {
        chart.draw_series(row.iter().enumerate().take(nx).map(|(i, &p)| {
            Rectangle::new(
                [(s.xs[i] - dx, s.ys[j] - dy), (s.xs[i] + dx, s.ys[j] + dy)],
                blend(p).filled(),
            )
        }))?;
    }
    let r = style.px(2.5);
    for class in 0..2u8 {
        let colour = style.classes[class as usize];
        chart.draw_series(
            s.points
                .iter()
                .filter(|p| p.2 == class)
                .map(|&(x, y, _)| Circle::new((x, y), r, colour.filled())),
        )?;
    }
    area.present()?;
    Ok(())
}

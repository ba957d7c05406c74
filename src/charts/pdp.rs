//! Partial dependence with ICE lines: each sampled customer's probability as one feature runs
//! over its grid (thin lines), and their average (the thick line). A categorical feature's
//! labels are the x axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::truncate;
use super::legend::{Legend, Marker};
use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::display::fixed;
use crate::engine::explain::PartialDependence;

/// Draws `data`.
pub fn draw_pdp<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &PartialDependence,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let g = data.grid.len();
    if g == 0 || data.average.len() != g {
        return style.no_data(area, "No partial dependence");
    }
    area.fill(&style.background)?;
    let ys = data.ice.iter().flatten().chain(&data.average);
    let (lo, hi) = ys.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &y| (a.min(y), b.max(y)));
    let pad = ((hi - lo) * 0.08).max(0.01);
    let (y0, y1) = ((lo - pad).max(0.0), (hi + pad).min(1.0));
    // Categorical grids are drawn at 0, 1, … with the labels as ticks.
    let x: Vec<f64> =
        if data.categorical { (0..g).map(|i| i as f64).collect() } else { data.grid.clone() };
    let (x0, x1) = (x[0], x[g - 1]);
    let xpad = if x1 > x0 { (x1 - x0) * 0.03 } else { 0.5 };
    let labels = &data.labels;
    let categorical = data.categorical;
    let x_label = move |v: &f64| {
        if !categorical {
            return short_number(*v);
        }
        let i = v.round();
        if (v - i).abs() < 1e-9 && i >= 0.0 && (i as usize) < labels.len() {
            truncate(&labels[i as usize], 12)
        } else {
            String::new()
        }
    };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(format!("Partial dependence on {}", truncate(&data.feature, 30)), style.font(15.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(48.0))
        .build_cartesian_2d((x0 - xpad)..(x1 + xpad), y0..y1)?;
    let mut mesh = chart.configure_mesh();
    if categorical {
        mesh.x_labels(g * 2 + 1);
    }
    mesh.x_desc(truncate(&data.feature, 40))
        .y_desc("probability of buying")
        .x_label_formatter(&x_label)
        .y_label_formatter(&|v| fixed(*v, 2))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let mut legend = Legend::default();
    let thin = ShapeStyle::from(&style.classes[0].mix(0.3)).stroke_width(style.px(1.0));
    for line in &data.ice {
        chart.draw_series(LineSeries::new(x.iter().copied().zip(line.iter().copied()), thin))?;
    }
    if !data.ice.is_empty() {
        legend.add(format!("{} customers", data.ice.len()), Marker::Line(thin));
    }
    let thick = ShapeStyle::from(&style.classes[1]).stroke_width(style.px(3.0));
    let average = x.iter().copied().zip(data.average.iter().copied());
    chart.draw_series(LineSeries::new(average.clone(), thick))?;
    if categorical {
        let r = style.px(4.0);
        chart.draw_series(average.map(|p| Circle::new(p, r, style.classes[1].filled())))?;
    }
    legend.add(format!("average of {}", data.rows.len()), Marker::Line(thick));
    legend.draw(
        &chart.plotting_area().strip_coord_spec(),
        style,
        SeriesLabelPosition::UpperLeft,
    )?;
    area.present()?;
    Ok(())
}

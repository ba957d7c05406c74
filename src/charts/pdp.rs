//! Partial dependence with ICE lines: each sampled customer's probability as one feature runs
//! over its grid (thin lines), and their average (the thick line). A categorical feature's
//! labels are the x axis.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{at, draw_axis_labels, plot_left_bottom};
use super::bars::truncate;
use super::layout::{axis_labels, fit_text, text_height, AxisLabels, LABEL_PX};
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
    // Categories sit in bands of width 1 centred on 0, 1, …; numbers get a 3% pad.
    let xpad = if data.categorical {
        0.5
    } else if x1 > x0 {
        (x1 - x0) * 0.03
    } else {
        0.5
    };
    let (width, height) = area.dim_in_pixel();
    let (margin, y_area) = (style.px(10.0), style.px(48.0));
    let axis = match data.categorical {
        true => {
            let band = (width as f64 - 2.0 * margin as f64 - y_area as f64) / g as f64;
            axis_labels(&data.labels, band, 0.3 * height as f64, style)
        }
        false => AxisLabels { texts: Vec::new(), upright: false, height: style.px(22.0) as f64 },
    };
    let desc_room = text_height(LABEL_PX, style) + style.px(8.0) as f64;
    let caption = format!("Partial dependence on {}", data.feature);
    let caption = fit_text(&caption, 15.0, width as f64 - 2.0 * margin as f64, style);
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .caption(caption, style.font(15.0))
        .x_label_area_size((axis.height + desc_room) as u32)
        .y_label_area_size(y_area)
        .build_cartesian_2d((x0 - xpad)..(x1 + xpad), y0..y1)?;
    let mut mesh = chart.configure_mesh();
    if data.categorical {
        mesh.x_labels(0);
    }
    mesh.x_desc(truncate(&data.feature, 40))
        .y_desc("probability of buying")
        .x_label_formatter(&|v| short_number(*v))
        .y_label_formatter(&|v| fixed(*v, 2))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    if data.categorical {
        let bottom = plot_left_bottom(&chart, area).1;
        let centres: Vec<i32> = (0..g).map(|i| at(&chart, area, i as f64, y0).0).collect();
        draw_axis_labels(area, &axis, &centres, bottom, style)?;
    }
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
    if data.categorical {
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

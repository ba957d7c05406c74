//! Horizontal bars, largest at the top: feature importance and drift PSI. At most
//! [`TOP_BARS`] rows, and no more than the height holds; the rest are folded into a last row
//! "and N more" (the page and the report list every feature beside the chart). The label column
//! is as wide as the longest label needs, at most 42% of the width, and labels are cut to it.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{at, draw_row_labels, plot_left_bottom};
use super::bars::Bar;
use super::layout::{
    bar_gap, fit_text, fold, label_column, rows_that_fit, LABEL_PX, ROW_PX, TOP_BARS,
};
use super::legend::{Legend, Marker};
use super::style::{ChartError, ChartStyle};
use crate::engine::display::fixed;

/// Caption, axis and margins of a bar chart, CSS pixels (what is not rows).
const OVERHEAD_PX: f64 = 84.0;

/// Height in CSS pixels of a horizontal bar chart of `n` items (room for the rows it shows).
pub fn bars_height(n: usize) -> u32 {
    let rows = n.min(TOP_BARS + 1) as f64;
    (OVERHEAD_PX + 8.0 + 26.0 * rows).clamp(220.0, 640.0) as u32
}

/// Horizontal bars (largest at the top) with optional ± whiskers, for feature importance.
pub fn draw_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[Bar],
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let fill = style.classes[0];
    draw_hbars(area, title, bars, &[], &|_| fill, style)
}

/// Population stability index per feature: bars coloured by verdict, with dashed guides at the
/// moderate (0.1) and major (0.25) thresholds.
pub fn draw_psi<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[Bar],
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let guides = [("moderate 0.1", 0.1), ("major 0.25", 0.25)];
    // Okabe–Ito vermillion, orange and bluish green: distinct for colour-blind readers.
    let colour = |b: &Bar| match b.value {
        v if v > 0.25 => RGBColor(213, 94, 0),
        v if v >= 0.1 => RGBColor(230, 159, 0),
        _ => style.accent,
    };
    draw_hbars(area, title, bars, &guides, &colour, style)
}

/// The bars shown, largest first, and how many are folded, for a chart `height` device pixels
/// tall.
fn shown<'a>(bars: &'a [Bar], height: u32, style: &ChartStyle) -> (Vec<&'a Bar>, usize) {
    let mut bars: Vec<&Bar> = bars.iter().filter(|b| b.value.is_finite()).collect();
    bars.sort_by(|a, b| b.value.total_cmp(&a.value));
    let fit = rows_that_fit(height, OVERHEAD_PX, ROW_PX, style);
    let (n, folded) = fold(bars.len(), fit, TOP_BARS);
    bars.truncate(n);
    (bars, folded)
}

/// Horizontal bars sorted largest first, with optional whiskers and dashed vertical guides.
fn draw_hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[Bar],
    guides: &[(&str, f64)],
    colour: &dyn Fn(&Bar) -> RGBColor,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let (width, height) = area.dim_in_pixel();
    let (shown, folded) = shown(bars, height, style);
    if shown.is_empty() {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    // Rows from the bottom: the fold row (when any), then the bars smallest first.
    let mut labels: Vec<String> = Vec::new();
    if folded > 0 {
        labels.push(format!("and {folded} more"));
    }
    let first_bar = labels.len();
    labels.extend(shown.iter().rev().map(|b| b.label.clone()));
    let n = labels.len();
    let pad = 16.0 * style.scale;
    let column = label_column(&labels, LABEL_PX, pad, 0.42 * width as f64, style);
    let labels: Vec<String> =
        labels.iter().map(|l| fit_text(l, LABEL_PX, column - pad, style)).collect();
    let max = shown
        .iter()
        .map(|b| b.hi.unwrap_or(b.value).max(b.value))
        .chain(guides.iter().map(|g| g.1))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let min = shown.iter().map(|b| b.lo.unwrap_or(b.value).min(b.value)).fold(0.0f64, f64::min);
    let caption = fit_text(title, 15.0, width as f64 - 20.0 * style.scale, style);
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(caption, style.font(15.0))
        .x_label_area_size(style.px(32.0))
        .y_label_area_size(column as u32)
        .build_cartesian_2d(min..max * 1.05, 0.0..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(6)
        .x_label_formatter(&|x| fixed(*x, 3))
        .label_style(style.font(LABEL_PX))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let left = plot_left_bottom(&chart, area).0 - style.px(6.0) as i32;
    let centres: Vec<i32> = (0..n).map(|r| at(&chart, area, 0.0, r as f64 + 0.5).1).collect();
    draw_row_labels(area, &labels, &centres, left, style)?;
    let band = chart.plotting_area().dim_in_pixel().1 as f64 / n as f64;
    let gap = bar_gap(band, style.px(4.0));
    let row = |i: usize| first_bar + shown.len() - 1 - i;
    chart.draw_series(shown.iter().enumerate().map(|(i, b)| {
        let mut r = Rectangle::new(
            [(0.0, row(i) as f64), (b.value, row(i) as f64 + 1.0)],
            colour(b).mix(0.85).filled(),
        );
        r.set_margin(gap, gap, 0, 0);
        r
    }))?;
    let whisker = ShapeStyle::from(&style.foreground).stroke_width(style.px(1.5));
    for (i, b) in shown.iter().enumerate() {
        if let (Some(lo), Some(hi)) = (b.lo, b.hi) {
            let y = row(i) as f64 + 0.5;
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(lo, y), (hi, y)], whisker)))?;
        }
    }
    let guide = ShapeStyle::from(&style.foreground).stroke_width(style.px(1.0));
    for (name, x) in guides {
        chart.draw_series(DashedLineSeries::new(
            vec![(*x, 0.0), (*x, n as f64)],
            style.px(5.0),
            style.px(4.0),
            guide,
        ))?;
        legend.add(*name, Marker::Line(guide));
    }
    if !guides.is_empty() {
        legend.draw(
            &chart.plotting_area().strip_coord_spec(),
            style,
            SeriesLabelPosition::LowerRight,
        )?;
    }
    area.present()?;
    Ok(())
}

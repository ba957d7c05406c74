//! Dependence plot: one feature's contribution against its value, each dot a customer coloured
//! by the value rank of the feature it interacts with most. A categorical feature gets one
//! column per label, its dots spread sideways; missing values are left out and counted in the
//! caption.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{at, draw_axis_labels, plot_left_bottom};
use super::bars::truncate;
use super::contribution::{rank_colour, rank_legend, swarm_offsets};
use super::layout::{axis_labels, fit_text, text_height, LABEL_PX};
use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::display::fixed;
use crate::engine::explain::Dependence;

/// Draws `data`.
pub fn draw_dependence<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Dependence,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let present: Vec<usize> = (0..data.x.len()).filter(|&i| !data.x[i].is_nan()).collect();
    if present.is_empty() {
        return style.no_data(area, "No values to plot");
    }
    area.fill(&style.background)?;
    let missing = data.x.len() - present.len();
    let mut caption = format!("Contribution of {}", truncate(&data.feature, 30));
    if missing > 0 {
        caption += &format!(" ({missing} missing not shown)");
    }
    let (lo, hi) = present
        .iter()
        .map(|&i| data.contribution[i])
        .fold((0.0f64, 0.0f64), |(a, b), y| (a.min(y), b.max(y)));
    let pad = ((hi - lo) * 0.06).max(1e-3);
    let y = (lo - pad)..(hi + pad);
    let (width, height) = area.dim_in_pixel();
    let (margin, y_area) = (style.px(10.0), style.px(52.0));
    let caption = fit_text(&caption, 15.0, width as f64 - 2.0 * margin as f64, style);
    let desc_room = text_height(LABEL_PX, style) + style.px(8.0) as f64;
    let builder = |area, axis_height: f64| {
        let mut b = ChartBuilder::on(area);
        b.margin(margin)
            .caption(caption.clone(), style.font(15.0))
            .x_label_area_size((axis_height + desc_room) as u32)
            .y_label_area_size(y_area);
        b
    };
    let colour = |i: usize| rank_colour(style, data.colour[i]).mix(0.8).filled();
    let r = style.px(3.0);
    match &data.levels {
        None => {
            let xs = present.iter().map(|&i| data.x[i]);
            let (x0, x1) =
                xs.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), x| (a.min(x), b.max(x)));
            let xpad = ((x1 - x0) * 0.04).max(1e-9);
            let mut chart = builder(area, style.px(22.0) as f64)
                .build_cartesian_2d((x0 - xpad)..(x1 + xpad), y)?;
            mesh(&mut chart, &data.feature, style, &|x| short_number(*x))?;
            chart.draw_series(
                present
                    .iter()
                    .map(|&i| Circle::new((data.x[i], data.contribution[i]), r, colour(i))),
            )?;
            legend(&chart.plotting_area().strip_coord_spec(), data, style)?;
        }
        Some(levels) => {
            // Codes past the training labels are labels the model never saw.
            let top = present.iter().map(|&i| data.x[i] as usize).max().unwrap_or(0);
            let mut names: Vec<String> = levels.clone();
            if top >= names.len() {
                names.push("unseen".into());
            }
            let k = names.len();
            // Level j is the band j - 0.5 .. j + 0.5, its label laid out for the band's width.
            let band = (width as f64 - 2.0 * margin as f64 - y_area as f64) / k as f64;
            let axis = axis_labels(&names, band, 0.3 * height as f64, style);
            let mut chart =
                builder(area, axis.height).build_cartesian_2d(-0.5..k as f64 - 0.5, y.clone())?;
            mesh(&mut chart, &data.feature, style, &|_| String::new())?;
            let bottom = plot_left_bottom(&chart, area).1;
            let centres: Vec<i32> = (0..k).map(|j| at(&chart, area, j as f64, y.start).0).collect();
            draw_axis_labels(area, &axis, &centres, bottom, style)?;
            let slot = |i: usize| (data.x[i] as usize).min(k - 1) as f64;
            let py: Vec<i32> = present
                .iter()
                .map(|&i| chart.backend_coord(&(slot(i), data.contribution[i])).1 + i as i32 % 2)
                .collect();
            let width = chart.plotting_area().dim_in_pixel().0 as i32 / k as i32;
            let dx = swarm_offsets(&py, (width / 2 - r as i32 * 2).max(1), r as i32 + 1);
            chart.draw_series(present.iter().zip(dx).map(|(&i, dx)| {
                EmptyElement::at((slot(i), data.contribution[i]))
                    + Circle::new((dx, 0), r, colour(i))
            }))?;
            legend(&chart.plotting_area().strip_coord_spec(), data, style)?;
        }
    }
    area.present()?;
    Ok(())
}

/// The axes: `feature` below, contributions to the left.
fn mesh<DB, X, XV>(
    chart: &mut ChartContext<'_, DB, Cartesian2d<X, plotters::coord::types::RangedCoordf64>>,
    feature: &str,
    style: &ChartStyle,
    x_label: &dyn Fn(&XV) -> String,
) -> Result<(), ChartError>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = XV> + plotters::coord::ranged1d::ValueFormatter<XV>,
{
    chart
        .configure_mesh()
        .x_desc(truncate(feature, 40))
        .y_desc("contribution")
        .x_label_formatter(x_label)
        .y_label_formatter(&|v| fixed(*v, 2))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    Ok(())
}

/// The colour key, named after the interacting feature.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Dependence,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let Some(name) = &data.colour_feature else { return Ok(()) };
    let name = truncate(name, 20);
    let grey = data.colour.iter().any(Option::is_none);
    rank_legend(
        style,
        &format!("low {name}"),
        &format!("high {name}"),
        grey.then_some("label or missing"),
    )
    .draw(area, style, SeriesLabelPosition::UpperLeft)
}

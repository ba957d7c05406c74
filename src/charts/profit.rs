//! Profit curve: the profit of contacting the customers scored at or above a threshold, against
//! the share contacted or against the threshold, with its 95% bootstrap band, a dashed zero line
//! and the best point marked.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{short_number, ChartError, ChartStyle};
use crate::engine::display::{fixed, percent};
use crate::engine::explain::{ProfitCurve, ProfitPoint};

/// What the x axis shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProfitAxis {
    /// Share of customers contacted, 0 to 100%.
    Share,
    /// The score threshold, 0 to 1.
    Threshold,
}

/// Draws `data` against `axis`.
pub fn draw_profit<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &ProfitCurve,
    axis: ProfitAxis,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if data.points.is_empty() {
        return style.no_data(area, "No held-out customers");
    }
    area.fill(&style.background)?;
    let x = |p: &ProfitPoint| match axis {
        ProfitAxis::Share => p.share,
        ProfitAxis::Threshold => p.threshold,
    };
    // Contacting nobody: share 0 (threshold above every score) earns nothing.
    let mut points: Vec<(f64, f64, f64, f64)> =
        data.points.iter().map(|p| (x(p), p.profit, p.low, p.high)).collect();
    if axis == ProfitAxis::Share {
        points.insert(0, (0.0, 0.0, 0.0, 0.0));
    }
    points.sort_by(|a, b| a.0.total_cmp(&b.0));
    let lo = points.iter().map(|p| p.2.min(p.1)).fold(0.0f64, f64::min);
    let hi = points.iter().map(|p| p.3.max(p.1)).fold(0.0f64, f64::max);
    let pad = ((hi - lo) * 0.08).max(1e-9);
    let (x_desc, x_fmt): (&str, fn(f64) -> String) = match axis {
        ProfitAxis::Share => ("share of customers contacted", |v| percent(v, 0)),
        ProfitAxis::Threshold => ("contact when P(buy) ≥ threshold", |v| fixed(v, 2)),
    };
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(format!("Profit on {} held-out customers", data.customers), style.font(15.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(56.0))
        .build_cartesian_2d(0.0..1.0, (lo - pad)..(hi + pad))?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc("profit")
        .x_label_formatter(&|v| x_fmt(*v))
        .y_label_formatter(&|v| short_number(*v))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let mut legend = Legend::default();
    if data.resamples > 0 {
        let band: Vec<(f64, f64)> = points
            .iter()
            .map(|p| (p.0, p.2))
            .chain(points.iter().rev().map(|p| (p.0, p.3)))
            .collect();
        let fill = style.accent.mix(0.2);
        chart.draw_series(std::iter::once(Polygon::new(band, fill.filled())))?;
        legend.add("95% bootstrap interval", Marker::Square(style.accent));
    }
    let zero = ShapeStyle::from(&style.foreground.mix(0.6)).stroke_width(style.px(1.0));
    chart.draw_series(DashedLineSeries::new(
        vec![(0.0, 0.0), (1.0, 0.0)],
        style.px(6.0),
        style.px(4.0),
        zero,
    ))?;
    let line = ShapeStyle::from(&style.classes[1]).stroke_width(style.px(2.0));
    chart.draw_series(LineSeries::new(points.iter().map(|p| (p.0, p.1)), line))?;
    legend.add("profit", Marker::Line(line));
    if let Some(best) = &data.best {
        let r = style.px(5.0);
        chart.draw_series(std::iter::once(Circle::new(
            (x(best), best.profit),
            r,
            style.foreground.filled(),
        )))?;
        legend.add(
            format!("best: {} contacted, P ≥ {}", percent(best.share, 0), fixed(best.threshold, 2)),
            Marker::Dot(style.foreground),
        );
    }
    legend.draw(
        &chart.plotting_area().strip_coord_spec(),
        style,
        SeriesLabelPosition::UpperLeft,
    )?;
    area.present()?;
    Ok(())
}

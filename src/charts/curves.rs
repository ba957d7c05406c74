//! Line charts in the unit square: ROC, precision–recall, calibration, gains.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{ChartError, ChartStyle};

/// One named line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Curve {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// Curves with axis names, an optional diagonal (chance) and an optional horizontal baseline.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Curves {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub curves: Vec<Curve>,
    pub diagonal: Option<String>,
    pub baseline: Option<(String, f64)>,
    /// Mark each point (calibration bins) instead of a bare line.
    pub markers: bool,
}

/// Draws every curve over [0, 1] × [0, 1].
pub fn draw_curves<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Curves,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if data.curves.iter().all(|c| c.points.is_empty()) {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(data.title.clone(), style.font(15.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(44.0))
        .build_cartesian_2d(0.0..1.0, 0.0..1.02)?;
    chart
        .configure_mesh()
        .x_desc(data.x_label.clone())
        .y_desc(data.y_label.clone())
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let guide = ShapeStyle::from(&style.foreground.mix(0.6)).stroke_width(style.px(1.0));
    if let Some(name) = &data.diagonal {
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, 0.0), (1.0, 1.0)],
            style.px(6.0),
            style.px(4.0),
            guide,
        ))?;
        legend.add(name.clone(), Marker::Line(guide));
    }
    if let Some((name, b)) = &data.baseline {
        chart.draw_series(DashedLineSeries::new(
            vec![(0.0, *b), (1.0, *b)],
            style.px(6.0),
            style.px(4.0),
            guide,
        ))?;
        legend.add(name.clone(), Marker::Line(guide));
    }
    let palette = [style.classes[1], style.classes[0], style.accent];
    for (i, c) in data.curves.iter().enumerate() {
        let colour = palette[i % palette.len()];
        let line = ShapeStyle::from(&colour).stroke_width(style.px(2.0));
        let pts: Vec<(f64, f64)> =
            c.points.iter().copied().filter(|(x, y)| x.is_finite() && y.is_finite()).collect();
        chart.draw_series(LineSeries::new(pts.clone(), line))?;
        legend.add(c.name.clone(), Marker::Line(line));
        if data.markers {
            let r = style.px(3.5);
            chart.draw_series(pts.into_iter().map(|p| Circle::new(p, r, colour.filled())))?;
        }
    }
    legend.draw(
        &chart.plotting_area().strip_coord_spec(),
        style,
        SeriesLabelPosition::LowerRight,
    )?;
    area.present()?;
    Ok(())
}

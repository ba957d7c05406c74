//! Category labels that a chart writes itself beside its bands, instead of plotters' mesh
//! labels: band `i` of a category axis spans `i..i + 1` of a plain `f64` axis (plotters maps a
//! one-value discrete axis onto a point, which gave a single bar a negative height), and its
//! label goes where [`super::layout`] decided, so what the layout checks is what is drawn.

use plotters::coord::cartesian::Cartesian2d;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::layout::{AxisLabels, LABEL_PX};
use super::style::{ChartError, ChartStyle};

/// A chart over two `f64` axes.
pub(crate) type Chart2d<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Pixel position in `area` of the point `(x, y)` of `chart`.
pub(crate) fn at<DB: DrawingBackend>(
    chart: &Chart2d<'_, DB>,
    area: &DrawingArea<DB, Shift>,
    x: f64,
    y: f64,
) -> (i32, i32) {
    let (px, py) = chart.backend_coord(&(x, y));
    let base = area.get_base_pixel();
    (px - base.0, py - base.1)
}

/// The plotting area's left and bottom edges in `area`'s pixels.
pub(crate) fn plot_left_bottom<DB: DrawingBackend>(
    chart: &Chart2d<'_, DB>,
    area: &DrawingArea<DB, Shift>,
) -> (i32, i32) {
    let (x, y) = chart.plotting_area().get_pixel_range();
    let base = area.get_base_pixel();
    (x.start - base.0, y.end - base.1)
}

/// Writes `axis`'s labels under the bands centred at `centres` (x), from `top` (y) down, in
/// `area`'s pixels.
pub(crate) fn draw_axis_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    axis: &AxisLabels,
    centres: &[i32],
    top: i32,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let gap = style.px(4.0) as i32;
    let font = match axis.upright {
        true => style
            .font(LABEL_PX)
            .transform(FontTransform::Rotate270)
            .pos(Pos::new(HPos::Right, VPos::Center)),
        false => style.font(LABEL_PX).pos(Pos::new(HPos::Center, VPos::Top)),
    };
    for (text, &x) in axis.texts.iter().zip(centres) {
        if !text.is_empty() {
            area.draw(&Text::new(text.clone(), (x, top + gap), font.clone()))?;
        }
    }
    Ok(())
}

/// Writes `labels` right-aligned ending at `right` (x), each centred on its row at `centres`
/// (y), in `area`'s pixels.
pub(crate) fn draw_row_labels<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    labels: &[String],
    centres: &[i32],
    right: i32,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let font = style.font(LABEL_PX).pos(Pos::new(HPos::Right, VPos::Center));
    for (text, &y) in labels.iter().zip(centres) {
        if !text.is_empty() {
            area.draw(&Text::new(text.clone(), (right, y), font.clone()))?;
        }
    }
    Ok(())
}

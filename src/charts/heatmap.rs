//! A labelled matrix of coloured cells: correlations (diverging −1..1) or rates (0..1).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::segment_label;
use super::style::{blend, ChartError, ChartStyle};
use crate::engine::display::fixed;

/// Cell values with row/column labels and optional text per cell.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Heatmap {
    pub title: String,
    pub rows: Vec<String>,
    pub cols: Vec<String>,
    /// `values[row][col]`; None draws an empty cell.
    pub values: Vec<Vec<Option<f64>>>,
    /// Diverging scale over [−1, 1] (else sequential over [0, 1]).
    pub diverging: bool,
    /// Text written in each cell (defaults to the value with 2 decimals).
    pub cell_text: Option<Vec<Vec<String>>>,
}

fn colour(v: f64, diverging: bool, style: &ChartStyle) -> RGBColor {
    if diverging {
        if v >= 0.0 {
            blend(style.background, style.classes[1], v)
        } else {
            blend(style.background, style.classes[0], -v)
        }
    } else {
        blend(style.background, style.classes[1], v)
    }
}

/// Draws the matrix with labels on both axes.
pub fn draw_heatmap<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Heatmap,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let (nr, nc) = (data.rows.len(), data.cols.len());
    if nr == 0 || nc == 0 {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(data.title.clone(), style.font(15.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(110.0))
        .build_cartesian_2d((0..nc - 1).into_segmented(), (0..nr - 1).into_segmented())?;
    // Rows are drawn top to bottom: row r sits in segment nr - 1 - r.
    let row_labels: Vec<String> = data.rows.iter().rev().cloned().collect();
    chart
        .configure_mesh()
        .disable_mesh()
        .x_labels(nc)
        .y_labels(nr)
        .x_label_formatter(&|v| segment_label(v, &data.cols))
        .y_label_formatter(&|v| segment_label(v, &row_labels))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .draw()?;
    for (r, row) in data.values.iter().enumerate().take(nr) {
        let y = nr - 1 - r;
        for (c, v) in row.iter().enumerate().take(nc) {
            let Some(v) = v.filter(|v| v.is_finite()) else { continue };
            let cell = [
                (SegmentValue::Exact(c), SegmentValue::Exact(y)),
                (SegmentValue::Exact(c + 1), SegmentValue::Exact(y + 1)),
            ];
            chart.draw_series(std::iter::once(Rectangle::new(
                cell,
                colour(v, data.diverging, style).filled(),
            )))?;
            let text = data
                .cell_text
                .as_ref()
                .and_then(|t| t.get(r)?.get(c).cloned())
                .unwrap_or_else(|| fixed(v, 2));
            let at = (SegmentValue::CenterOf(c), SegmentValue::CenterOf(y));
            chart.draw_series(std::iter::once(Text::new(text, at, style.centred(12.0))))?;
        }
    }
    area.present()?;
    Ok(())
}

//! A labelled matrix of coloured cells: correlations (diverging −1..1) or rates (0..1).
//!
//! Drawn cell by cell in pixels (no plotters mesh), so its layout is ours: the row labels'
//! column is as wide as they need (at most 35% of the width), column labels lie flat when they
//! fit a cell and otherwise stand upright below the grid (cut to 30% of the height), rows too
//! thin for a label are labelled every k-th, and the numbers in the cells shrink to fit a cell
//! (down to 7 px) or are left out. The caller chooses how many rows and columns to show (the
//! Explore step shows the ~25 columns most associated with the target).

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::draw_axis_labels;
use super::layout::{
    axis_labels, fit_text, label_column, stride, text_height, text_width, LABEL_PX,
};
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

/// Side in CSS pixels of a square-ish heatmap of `n` rows (the page and the report agree).
pub fn heatmap_side(n: usize) -> u32 {
    (160 + 36 * n as u32).clamp(300, 640)
}

/// Where the grid sits, in the area's pixels.
struct Grid {
    left: f64,
    top: f64,
    cell_w: f64,
    cell_h: f64,
}

impl Grid {
    fn x(&self, c: usize) -> i32 {
        (self.left + c as f64 * self.cell_w).round() as i32
    }
    fn y(&self, r: usize) -> i32 {
        (self.top + r as f64 * self.cell_h).round() as i32
    }
}

/// The largest font (CSS pixels, 12 down to 7) at which every text fits a `w` × `h` cell.
fn cell_font(texts: &[&str], w: f64, h: f64, style: &ChartStyle) -> Option<f64> {
    let pad = 4.0 * style.scale;
    (0..=10).map(|k| LABEL_PX - 0.5 * k as f64).find(|&f| {
        text_height(f, style) <= h - pad / 2.0
            && texts.iter().all(|t| text_width(t, f, style) <= w - pad)
    })
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
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as f64, h as f64);
    let m = 10.0 * style.scale;
    let title = fit_text(&data.title, 15.0, w - 2.0 * m, style);
    let title_font = style.font(15.0).pos(Pos::new(HPos::Center, VPos::Top));
    area.draw(&Text::new(title, ((w / 2.0) as i32, m as i32), title_font))?;
    let row_pad = 10.0 * style.scale;
    let row_w = label_column(&data.rows, LABEL_PX, row_pad, 0.35 * w, style);
    let left = m + row_w;
    let axis = axis_labels(&data.cols, (w - m - left) / nc as f64, 0.3 * h, style);
    let top = m + text_height(15.0, style) + 8.0 * style.scale;
    let grid = Grid {
        left,
        top,
        cell_w: (w - m - left) / nc as f64,
        cell_h: ((h - m - top - axis.height) / nr as f64).max(1.0),
    };
    let texts: Vec<Vec<String>> = (0..nr)
        .map(|r| {
            (0..nc)
                .map(|c| {
                    let v = data.values.get(r).and_then(|row| row.get(c)).copied().flatten();
                    let given = data.cell_text.as_ref().and_then(|t| t.get(r)?.get(c).cloned());
                    match v.filter(|v| v.is_finite()) {
                        Some(v) => given.unwrap_or_else(|| fixed(v, 2)),
                        None => String::new(),
                    }
                })
                .collect()
        })
        .collect();
    let all: Vec<&str> = texts.iter().flatten().map(String::as_str).collect();
    let font = cell_font(&all, grid.cell_w, grid.cell_h, style);
    for (r, row_texts) in texts.iter().enumerate() {
        for (c, text) in row_texts.iter().enumerate() {
            let v = data.values.get(r).and_then(|row| row.get(c)).copied().flatten();
            let Some(v) = v.filter(|v| v.is_finite()) else { continue };
            let cell = [(grid.x(c), grid.y(r)), (grid.x(c + 1), grid.y(r + 1))];
            area.draw(&Rectangle::new(cell, colour(v, data.diverging, style).filled()))?;
            if let Some(f) = font {
                let at = ((grid.x(c) + grid.x(c + 1)) / 2, (grid.y(r) + grid.y(r + 1)) / 2);
                area.draw(&Text::new(text.clone(), at, style.centred(f)))?;
            }
        }
    }
    let every = stride(grid.cell_h, text_height(LABEL_PX, style) + 1.0);
    let row_font = style.font(LABEL_PX).pos(Pos::new(HPos::Right, VPos::Center));
    for (r, label) in data.rows.iter().enumerate().filter(|(r, _)| r % every == 0) {
        let text = fit_text(label, LABEL_PX, row_w - row_pad, style);
        let y = (grid.y(r) + grid.y(r + 1)) / 2;
        area.draw(&Text::new(text, ((left - row_pad / 2.0) as i32, y), row_font.clone()))?;
    }
    let centres: Vec<i32> = (0..nc).map(|c| (grid.x(c) + grid.x(c + 1)) / 2).collect();
    draw_axis_labels(area, &axis, &centres, grid.y(nr), style)?;
    area.present()?;
    Ok(())
}

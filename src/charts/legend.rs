//! [`Legend`]: the series legend of a chart, drawn by the chart itself.
//!
//! Plotters' own series labels measure their text with its font module, which on wasm needs the
//! page's document; this legend asks the drawing backend instead (the canvas measures text in the
//! page, [`Svg`](super::Svg) estimates it), so charts also draw in the worker, for the report.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{ChartError, ChartStyle};

/// The sample drawn before a label.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Marker {
    /// A short line (curves, reference lines).
    Line(ShapeStyle),
    /// A filled dot (points).
    Dot(RGBColor),
    /// A filled square (bars).
    Square(RGBColor),
}

/// Labels and their markers, in drawing order.
#[derive(Debug, Default)]
pub(crate) struct Legend {
    entries: Vec<(String, Marker)>,
}

/// Room for the marker before the text, and the padding inside the frame (pixels).
const MARKER_ROOM: i32 = 30;
const MARGIN: i32 = 10;

impl Legend {
    /// Adds one entry.
    pub fn add(&mut self, label: impl Into<String>, marker: Marker) {
        self.entries.push((label.into(), marker));
    }

    /// Draws the entries in a framed box at `position` of `area` (the chart's plotting area);
    /// nothing when there are none.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        style: &ChartStyle,
        position: SeriesLabelPosition,
    ) -> Result<(), ChartError> {
        if self.entries.is_empty() {
            return Ok(());
        }
        let font = style.font(12.0);
        let line = (12.0 * style.scale * 1.25).round() as i32;
        let mut text_w = 0;
        let mut text_h = 0;
        for (label, _) in &self.entries {
            let (w, h) = area.estimate_text_size(label, &font)?;
            text_w = text_w.max(w as i32);
            text_h = text_h.max(h as i32);
        }
        let w = text_w + MARKER_ROOM + 2 * MARGIN;
        let h = line * (self.entries.len() as i32 - 1) + text_h + 2 * MARGIN;
        let (x, y) = place(position, (w, h), area.dim_in_pixel());
        let frame = [(x, y), (x + w, y + h)];
        area.draw(&Rectangle::new(frame, style.background.filled()))?;
        area.draw(&Rectangle::new(frame, style.grid))?;
        for (i, (label, marker)) in self.entries.iter().enumerate() {
            let top = y + MARGIN + line * i as i32;
            let (mx, my) = (x + MARGIN, top + text_h / 2);
            match *marker {
                Marker::Line(s) => {
                    area.draw(&PathElement::new(vec![(mx, my), (mx + 12, my)], s))?
                }
                Marker::Dot(c) => area.draw(&Circle::new((mx + 5, my), 4, c.filled()))?,
                Marker::Square(c) => {
                    area.draw(&Rectangle::new([(mx, my - 5), (mx + 10, my + 5)], c.filled()))?
                }
            }
            area.draw(&Text::new(label.as_str(), (x + MARGIN + MARKER_ROOM, top), font.clone()))?;
        }
        Ok(())
    }
}

/// The top-left corner of a `size` box at `position` inside `area` (5 pixels from its edges).
fn place(position: SeriesLabelPosition, size: (i32, i32), area: (u32, u32)) -> (i32, i32) {
    use SeriesLabelPosition::*;
    let (w, h) = (area.0 as i32, area.1 as i32);
    let x = match position {
        UpperLeft | MiddleLeft | LowerLeft => 5,
        UpperMiddle | MiddleMiddle | LowerMiddle => (w - size.0) / 2,
        UpperRight | MiddleRight | LowerRight => w - size.0 - 5,
        Coordinate(x, _) => x,
    };
    let y = match position {
        UpperLeft | UpperMiddle | UpperRight => 5,
        MiddleLeft | MiddleMiddle | MiddleRight => (h - size.1) / 2,
        LowerLeft | LowerMiddle | LowerRight => h - size.1 - 5,
        Coordinate(_, y) => y,
    };
    (x, y)
}

//! Colours, fonts and errors shared by every chart.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::svg::Svg;
use crate::engine::display::fixed;

/// A drawing failure, as text (backend error types stay inside this module).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("could not draw the chart: {0}")]
pub struct ChartError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError(e.to_string())
    }
}

/// Colours and sizes. Class colours are Okabe–Ito (colour-blind safe).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartStyle {
    pub dark: bool,
    /// Device pixels per CSS pixel: fonts and strokes scale by it.
    pub scale: f64,
    pub background: RGBColor,
    pub foreground: RGBColor,
    pub grid: RGBColor,
    /// `[negative, positive]` class colours.
    pub classes: [RGBColor; 2],
    pub accent: RGBColor,
}

impl ChartStyle {
    /// Dark text on white.
    pub fn light() -> Self {
        ChartStyle {
            dark: false,
            scale: 1.0,
            background: RGBColor(255, 255, 255),
            foreground: RGBColor(27, 31, 36),
            grid: RGBColor(226, 230, 234),
            classes: [RGBColor(0, 114, 178), RGBColor(213, 94, 0)],
            accent: RGBColor(0, 158, 115),
        }
    }

    /// Light text on a dark panel.
    pub fn dark() -> Self {
        ChartStyle {
            dark: true,
            scale: 1.0,
            background: RGBColor(26, 31, 37),
            foreground: RGBColor(232, 236, 240),
            grid: RGBColor(52, 60, 69),
            classes: [RGBColor(86, 180, 233), RGBColor(230, 159, 0)],
            accent: RGBColor(0, 158, 115),
        }
    }

    /// Font of `size` CSS pixels in the foreground colour.
    pub fn font(&self, size: f64) -> TextStyle<'static> {
        (FontFamily::SansSerif, size * self.scale).into_font().color(&self.foreground)
    }

    /// Centred text style.
    pub fn centred(&self, size: f64) -> TextStyle<'static> {
        self.font(size).pos(Pos::new(HPos::Center, VPos::Center))
    }

    /// A length in device pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.scale).round().max(1.0) as u32
    }

    /// Fills the area and writes `message` in the middle (for empty data).
    pub fn no_data<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        message: &str,
    ) -> Result<(), ChartError> {
        area.fill(&self.background)?;
        let (w, h) = area.dim_in_pixel();
        area.draw(&Text::new(
            message.to_string(),
            ((w / 2) as i32, (h / 2) as i32),
            self.centred(14.0),
        ))?;
        area.present()?;
        Ok(())
    }
}

/// Renders a chart into an SVG string (for the report, native and in the worker, and tests).
pub fn render_svg(
    width: u32,
    height: u32,
    draw: impl FnOnce(&DrawingArea<Svg<'_>, Shift>) -> Result<(), ChartError>,
) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let area = Svg::with_string(&mut svg, (width, height)).into_drawing_area();
        draw(&area)?;
    }
    Ok(svg)
}

/// The colour `t` of the way from `a` to `b` (t clamped to [0, 1]).
pub(crate) fn blend(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let mix = |x: u8, y: u8| (x as f64 + (y as f64 - x as f64) * t).round() as u8;
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Short number labels: 43k, 1.2M, 0.25.
pub fn short_number(x: f64) -> String {
    let a = x.abs();
    if a >= 1e6 {
        format!("{:.1}M", x / 1e6)
    } else if a >= 1e4 {
        format!("{:.0}k", x / 1e3)
    } else if a >= 100.0 || x.fract() == 0.0 {
        fixed(x, 0)
    } else {
        fixed(x, 2)
    }
}

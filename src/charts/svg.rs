//! [`Svg`]: plotters' SVG backend writing into a `String`, with its own text measurement.
//!
//! Plotters measures text through its font module, which on wasm creates a `<span>` in the page's
//! document; a Web Worker has no document, so the report (built in the worker) could not draw a
//! chart. This backend estimates text size from the font size and the number of characters
//! instead (the estimate plotters itself uses natively without a font crate), so the same report
//! comes out of the CLI and the worker. Everything else is delegated to `SVGBackend`.

use plotters::prelude::SVGBackend;
use plotters_backend::{
    BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// An SVG document drawn into a borrowed `String`.
pub struct Svg<'a>(SVGBackend<'a>);

impl<'a> Svg<'a> {
    /// A `width` × `height` SVG written into `buf` when the backend is dropped or presented.
    pub fn with_string(buf: &'a mut String, size: (u32, u32)) -> Self {
        Svg(SVGBackend::with_string(buf, size))
    }
}

/// Width and height of `text` at `size` pixels: 0.7 em per character, 1.24 em tall, where an em
/// is `size / 1.24²` (plotters' native estimate, so SVG layout matches `micronum report`).
pub fn estimate(text: &str, size: f64) -> (u32, u32) {
    let em = size / 1.24 / 1.24;
    let width = (em * 0.7 * text.chars().count() as f64).round();
    let height = (em * 0.24).round() + em.round();
    (width as u32, height as u32)
}

type Result<E> = std::result::Result<(), DrawingErrorKind<E>>;

impl DrawingBackend for Svg<'_> {
    type ErrorType = <SVGBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.0.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<Self::ErrorType> {
        self.0.ensure_prepared()
    }

    fn present(&mut self) -> Result<Self::ErrorType> {
        self.0.present()
    }

    fn draw_pixel(
        &mut self,
        point: BackendCoord,
        color: plotters_backend::BackendColor,
    ) -> Result<Self::ErrorType> {
        self.0.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.0.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.0.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.0.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<Self::ErrorType> {
        self.0.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<Self::ErrorType> {
        self.0.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<Self::ErrorType> {
        self.0.draw_text(text, style, pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Self::ErrorType>> {
        Ok(estimate(text, style.size()))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<Self::ErrorType> {
        self.0.blit_bitmap(pos, size, src)
    }
}

//! Charts as `draw_*` functions generic over plotters' `DrawingBackend`.
//!
//! Each function takes plain data computed by the engine and a [`ChartStyle`], draws on the
//! given area and returns a `Result`; nothing here knows about signals or the browser. The page
//! draws them on a canvas (`CanvasBackend`), the native tests and the report into SVG
//! ([`Svg`], which measures text without a DOM, so the report can be drawn in the worker).

mod axis;
mod bars;
mod beeswarm;
mod bubble;
mod contribution;
mod curves;
mod data;
mod dependence;
mod hbars;
mod heatmap;
mod histogram;
mod layout;
mod legend;
mod pdp;
mod profit;
mod scatter;
mod style;
mod surface;
mod svg;
#[cfg(test)]
pub(crate) mod svg_check;
mod waterfall;

pub use bars::{draw_rate_bars, Bar, RateBars};
pub use beeswarm::draw_summary;
pub use bubble::{draw_bubbles, Bubble, Bubbles};
pub use curves::{draw_curves, Curve, Curves};
pub use data::{
    calibration_curves, category_rate_bars, correlation_heatmap, gains_curves, grid_heatmap,
    history_curves, importance_bars, pr_curves, psi_bars, roc_curves, segment_rate_bars,
};
pub use dependence::draw_dependence;
pub use hbars::{bars_height, draw_importance, draw_psi};
pub use heatmap::{draw_heatmap, heatmap_side, Heatmap};
pub use histogram::draw_histogram;
pub use layout::TOP_BARS;
pub use pdp::draw_pdp;
pub use profit::{draw_profit, ProfitAxis};
pub use scatter::draw_scatter;
pub use style::{render_svg, ChartError, ChartStyle};
pub use surface::draw_surface;
pub use svg::Svg;
pub use waterfall::{draw_waterfall, Waterfall};

#[cfg(test)]
mod explain_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod wide_tests;

//! Every chart the page shows, drawn here as SVG (plotters' SVG backend, the same `draw_*`
//! functions and chart data as the report): the page only inserts the markup, so it links no
//! drawing code. A chart that cannot be drawn becomes an SVG that says why.

use plotters::coord::Shift;
use plotters::prelude::DrawingArea;

use crate::charts::{
    self, bars_height, draw_bubbles, draw_curves, draw_dependence, draw_heatmap, draw_histogram,
    draw_importance, draw_pdp, draw_profit, draw_psi, draw_rate_bars, draw_scatter, draw_summary,
    draw_surface, draw_waterfall, heatmap_side, render_svg, Bar, Bubble, Bubbles, ChartError,
    ChartStyle, ProfitAxis, Svg, Waterfall,
};
use crate::engine::display::Outcome;
use crate::engine::drift::DriftReport;
use crate::engine::eda::{CategoryRate, CorrelationMatrix, HistogramByClass, ScatterData};
use crate::engine::evaluate::Evaluation;
use crate::engine::explain::{Dependence, FeatureImpact, PartialDependence, ProfitCurve, Summary};
use crate::engine::segment::{GainsTable, SegmentMethod, SegmentTable};
use crate::engine::surface::Surface;
use crate::protocol::{BatchMetrics, ExploreCharts, ModelCharts, SegmentCharts};

/// Width of every chart in SVG pixels (the page scales it to the column).
const WIDTH: u32 = 640;
/// Height of most charts.
const HEIGHT: u32 = 380;
/// At most this many bars in the segment chart (the table lists the rest).
const MAX_SEGMENT_BARS: usize = 30;

type Area<'b> = DrawingArea<Svg<'b>, Shift>;

/// The chart colours for the page's colour scheme.
pub fn style(dark: bool) -> ChartStyle {
    if dark {
        ChartStyle::dark()
    } else {
        ChartStyle::light()
    }
}

/// `draw` rendered at `height`, or an SVG with the reason it could not be drawn.
fn svg(
    height: u32,
    style: &ChartStyle,
    draw: impl FnOnce(&Area<'_>) -> Result<(), ChartError>,
) -> String {
    render_svg(WIDTH, height, draw).unwrap_or_else(|e| {
        render_svg(WIDTH, height, |a| style.no_data(a, &e.to_string())).unwrap_or_default()
    })
}

/// The Explore step's four charts.
pub fn explore(
    histogram: Option<&HistogramByClass>,
    rates: Option<(&str, &[CategoryRate])>,
    overall: f64,
    scatter: Option<&ScatterData>,
    correlation: &CorrelationMatrix,
    outcome: &Outcome,
    style: &ChartStyle,
) -> ExploreCharts {
    let rate_bars = rates.map(|(c, r)| charts::category_rate_bars(c, r, overall, 30, outcome));
    ExploreCharts {
        histogram: svg(HEIGHT, style, |a| match histogram {
            Some(h) => draw_histogram(a, h, style),
            None => style.no_data(a, "No numeric column"),
        }),
        rates: svg(HEIGHT, style, |a| match &rate_bars {
            Some(b) => draw_rate_bars(a, b, style),
            None => style.no_data(a, "No categorical column"),
        }),
        scatter: svg(HEIGHT, style, |a| match scatter {
            Some(s) => draw_scatter(a, s, style),
            None => style.no_data(a, "Needs two numeric columns"),
        }),
        correlation: svg(heatmap_side(correlation.names.len()), style, |a| {
            draw_heatmap(a, &charts::correlation_heatmap(correlation), style)
        }),
    }
}

/// The Model step's charts of an evaluation.
pub fn model(e: &Evaluation, style: &ChartStyle) -> ModelCharts {
    let (impurity, permutation) = charts::importance_bars(e);
    let height = bars_height(impurity.len());
    ModelCharts {
        roc: svg(HEIGHT, style, |a| draw_curves(a, &charts::roc_curves(e), style)),
        pr: svg(HEIGHT, style, |a| draw_curves(a, &charts::pr_curves(e), style)),
        calibration: svg(HEIGHT, style, |a| draw_curves(a, &charts::calibration_curves(e), style)),
        importance: svg(height, style, |a| {
            draw_importance(a, "Feature importance (mean decrease in impurity)", &impurity, style)
        }),
        permutation: svg(height, style, |a| {
            draw_importance(a, "Permutation importance (accuracy drop)", &permutation, style)
        }),
    }
}

/// The Segments step's charts of a segment table.
pub fn segments(
    t: &SegmentTable,
    method: &SegmentMethod,
    gains: Option<&GainsTable>,
    outcome: &Outcome,
    style: &ChartStyle,
) -> SegmentCharts {
    let title = "Segment rates by shrunk lift (bars numbered as in the table)";
    let rates = charts::segment_rate_bars(title, t, MAX_SEGMENT_BARS, outcome);
    let bubbles = Bubbles {
        title: format!("Segment size against {}", outcome.rate()),
        y_label: outcome.rate(),
        bubbles: t
            .segments
            .iter()
            .map(|s| Bubble { n: s.n as f64, rate: s.rate, muted: s.small_n })
            .collect(),
        overall: Some(t.overall_rate),
    };
    let heatmap = match method {
        SegmentMethod::Grid(p) => charts::grid_heatmap(t, &p.columns, outcome),
        _ => None,
    };
    SegmentCharts {
        rates: svg(HEIGHT, style, |a| draw_rate_bars(a, &rates, style)),
        bubbles: svg(HEIGHT, style, |a| draw_bubbles(a, &bubbles, style)),
        heatmap: heatmap
            .map(|h| svg(heatmap_side(h.rows.len()), style, |a| draw_heatmap(a, &h, style))),
        gains: gains
            .map(|g| svg(HEIGHT, style, |a| draw_curves(a, &charts::gains_curves(g), style))),
    }
}

/// A decision surface.
pub fn surface(s: &Surface, style: &ChartStyle) -> String {
    svg(HEIGHT, style, |a| draw_surface(a, s, style))
}

/// The PSI bars of a drift report.
pub fn drift(d: &DriftReport, style: &ChartStyle) -> String {
    let bars = charts::psi_bars(d);
    svg(bars_height(bars.len()), style, |a| draw_psi(a, "Population stability index", &bars, style))
}

/// The metric history of labelled batches against the test accuracy at training.
pub fn history(points: &[BatchMetrics], reference: Option<f64>, style: &ChartStyle) -> String {
    let curves = charts::history_curves(
        &points.iter().map(|m| (m.accuracy, m.f1, m.roc_auc)).collect::<Vec<_>>(),
        reference,
    );
    svg(HEIGHT, style, |a| draw_curves(a, &curves, style))
}

/// One customer's waterfall.
pub fn waterfall(w: &Waterfall, style: &ChartStyle) -> String {
    let rows = w.steps.len() + w.others.is_some() as usize;
    svg(bars_height(rows + 1), style, |a| draw_waterfall(a, w, style))
}

/// The global explanation's charts: mean |contribution| bars and the summary plot.
pub fn explain_global(
    impacts: &[FeatureImpact],
    summary: &Summary,
    style: &ChartStyle,
) -> (String, String) {
    let bars: Vec<Bar> = impacts
        .iter()
        .map(|f| Bar { label: f.name.clone(), value: f.mean_abs, ..Bar::default() })
        .collect();
    let title = "Mean |contribution|: how far each feature moves the probability";
    let rows = summary.features.len() + (summary.others > 0) as usize;
    (
        svg(bars_height(bars.len()), style, |a| draw_importance(a, title, &bars, style)),
        svg((120 + 26 * rows as u32).clamp(260, 640), style, |a| draw_summary(a, summary, style)),
    )
}

/// One feature's dependence plot and partial dependence with ICE lines.
pub fn explain_feature(
    d: &Dependence,
    p: &PartialDependence,
    style: &ChartStyle,
) -> (String, String) {
    (
        svg(HEIGHT, style, |a| draw_dependence(a, d, style)),
        svg(HEIGHT, style, |a| draw_pdp(a, p, style)),
    )
}

/// The profit curve against the share contacted and against the threshold.
pub fn profit(p: &ProfitCurve, style: &ChartStyle) -> (String, String) {
    (
        svg(HEIGHT, style, |a| draw_profit(a, p, ProfitAxis::Share, style)),
        svg(HEIGHT, style, |a| draw_profit(a, p, ProfitAxis::Threshold, style)),
    )
}

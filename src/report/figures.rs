//! Charts of the report: the `crate::charts` draw functions rendered to inline SVG, each in an
//! accessible `<figure>` (the `<svg>` gets `role="img"` and an `aria-label`, the figure a
//! `<figcaption>`).
//!
//! Escaping: labels drawn inside the SVG are written by plotters' SVG backend, which escapes
//! `< > & " '` in text and attribute values (plotters-svg 0.3.7, `escape_and_push`); the
//! report's own tests draw a hostile label to keep that checked. A chart that fails to draw
//! becomes a short message, never a panic. Figure ids are built from indices, never from user
//! text.

use plotters::coord::Shift;
use plotters::prelude::DrawingArea;

use super::html::esc;
use crate::charts::{
    bars_height, category_rate_bars, correlation_heatmap, draw_curves, draw_heatmap,
    draw_histogram, draw_importance, draw_rate_bars, draw_scatter, heatmap_side, importance_bars,
    pr_curves, render_svg, roc_curves, segment_rate_bars, ChartError, ChartStyle, Svg,
};
use crate::engine::display::Outcome;
use crate::engine::eda::{CategoryRate, CorrelationMatrix, HistogramByClass, ScatterData};
use crate::engine::evaluate::Evaluation;
use crate::engine::segment::SegmentTable;

/// Chart size in CSS pixels (the SVG scales down to the column width).
const SIZE: (u32, u32) = (640, 380);
/// At most this many bars in the segment chart (the table lists the rest).
pub const MAX_SEGMENT_BARS: usize = 30;

type Area<'b> = DrawingArea<Svg<'b>, Shift>;

/// A `<figure>` holding the chart drawn by `draw`, or a message when drawing failed.
pub fn figure(
    id: &str,
    label: &str,
    caption: &str,
    size: (u32, u32),
    draw: impl FnOnce(&Area<'_>) -> Result<(), ChartError>,
) -> String {
    let body = match render_svg(size.0, size.1, draw) {
        Ok(svg) => labelled(&svg, label),
        Err(e) => format!(
            "<p class=\"chart-error\" role=\"img\" aria-label=\"{}\">{}</p>",
            esc(label),
            esc(&e.to_string())
        ),
    };
    format!(
        "<figure class=\"chart\" id=\"{id}\" data-testid=\"{id}\">{body}\
         <figcaption>{}</figcaption></figure>\n",
        esc(caption)
    )
}

/// Adds `role="img"` and `aria-label` to the root `<svg>` element.
fn labelled(svg: &str, label: &str) -> String {
    match svg.strip_prefix("<svg ") {
        Some(rest) => format!("<svg role=\"img\" aria-label=\"{}\" {rest}", esc(label)),
        None => format!("<div role=\"img\" aria-label=\"{}\">{svg}</div>", esc(label)),
    }
}

fn style() -> ChartStyle {
    ChartStyle::light()
}

/// Stacked histogram of one numeric column by class.
pub fn histogram(i: usize, h: &HistogramByClass) -> String {
    let label = format!(
        "Histogram of {} by class ({} and {})",
        h.column, h.class_labels[0], h.class_labels[1]
    );
    let caption = format!(
        "{}: customers per bin, stacked by class ({} below, {} above).",
        h.column, h.class_labels[0], h.class_labels[1]
    );
    figure(&format!("fig-hist-{i}"), &label, &caption, SIZE, |a| draw_histogram(a, h, &style()))
}

/// Purchase rate per category with Wilson 95% whiskers and the overall rate.
pub fn category_rates(
    i: usize,
    column: &str,
    rates: &[CategoryRate],
    overall: f64,
    outcome: &Outcome,
) -> String {
    let data = category_rate_bars(column, rates, overall, 0, outcome);
    let rate = outcome.rate();
    let caption = format!(
        "{rate} by {column}, with 95% Wilson intervals; the dashed line is the overall rate."
    );
    let label = format!("Bar chart of {rate} by {column}");
    figure(&format!("fig-rate-{i}"), &label, &caption, SIZE, |a| draw_rate_bars(a, &data, &style()))
}

/// Scatter of two numeric columns coloured by class.
pub fn scatter(s: &ScatterData) -> String {
    let label = format!("Scatter plot of {} against {}, coloured by class", s.y_name, s.x_name);
    let caption = if s.total > s.x.len() {
        format!(
            "{} × {}: a seeded sample of {} of {} customers.",
            s.x_name,
            s.y_name,
            s.x.len(),
            s.total
        )
    } else {
        format!("{} × {}: every customer, coloured by class.", s.x_name, s.y_name)
    };
    figure("fig-scatter", &label, &caption, SIZE, |a| draw_scatter(a, s, &style()))
}

/// Pearson correlations between numeric columns.
pub fn correlation(c: &CorrelationMatrix) -> String {
    let data = correlation_heatmap(c);
    let side = heatmap_side(c.names.len());
    let caption = "Pearson correlation of the numeric columns most associated with the target (at most 25; pairwise complete rows).";
    figure(
        "fig-corr",
        "Heatmap of correlations between numeric columns",
        caption,
        (640, side),
        |a| draw_heatmap(a, &data, &style()),
    )
}

/// ROC curve with the chance diagonal.
pub fn roc(e: &Evaluation) -> String {
    let auc = e.metrics.roc_auc.map_or("–".into(), |a| format!("{a:.3}"));
    let data = roc_curves(e);
    let caption = format!("ROC curve on the evaluated rows (area under the curve {auc}).");
    figure("fig-roc", "ROC curve", &caption, SIZE, |a| draw_curves(a, &data, &style()))
}

/// Precision–recall curve with the share of buyers as baseline.
pub fn pr(e: &Evaluation) -> String {
    let ap = e.metrics.average_precision.map_or("–".into(), |a| format!("{a:.3}"));
    let data = pr_curves(e);
    let caption = format!(
        "Precision against recall (average precision {ap}); the dashed line is the share of buyers."
    );
    figure("fig-pr", "Precision-recall curve", &caption, SIZE, |a| draw_curves(a, &data, &style()))
}

/// Mean decrease in impurity per feature, and permutation importance when it was computed.
pub fn importance(e: &Evaluation) -> String {
    let (impurity, permutation) = importance_bars(e);
    let height = bars_height(impurity.len());
    let mut out = figure(
        "fig-importance",
        "Bar chart of feature importance (mean decrease in impurity)",
        "Mean decrease in impurity per feature (shares sum to 1).",
        (640, height),
        |a| draw_importance(a, "Importance (mean decrease in impurity)", &impurity, &style()),
    );
    if !permutation.is_empty() {
        out += &figure(
            "fig-permutation",
            "Bar chart of permutation importance",
            "Drop in accuracy when a feature's values are shuffled (mean ± SD over repeats).",
            (640, height),
            |a| {
                draw_importance(a, "Permutation importance (accuracy drop)", &permutation, &style())
            },
        );
    }
    out
}

/// Segment rates with Wilson whiskers and shrunk-rate markers, in table order.
pub fn segment_rates(t: &SegmentTable, outcome: &Outcome) -> String {
    let title = "Segment rates by shrunk lift (numbered as in the table)";
    let data = segment_rate_bars(title, t, MAX_SEGMENT_BARS, outcome);
    let shown = t.segments.len().min(MAX_SEGMENT_BARS);
    let caption = format!(
        "Raw rate (bar) with 95% Wilson interval and shrunk rate (dot) of the first {shown} of {} \
         segments; pale bars have fewer than {} customers.",
        t.segments.len(),
        t.min_support
    );
    let label = format!("Bar chart of the segments' {}", outcome.rate());
    figure("fig-segments", &label, &caption, SIZE, |a| draw_rate_bars(a, &data, &style()))
}

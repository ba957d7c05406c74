//! Summary ("beeswarm") plot: one row per feature, most influential at the top, each sampled
//! customer a dot at its contribution, coloured by the rank of its value (low to high; grey for
//! labels and missing values). Dots sharing a spot are stacked around the row's centre. Rows that
//! do not fit the height are folded into "and N others".

use plotters::coord::Shift;
use plotters::prelude::*;

use super::bars::{segment_label, truncate};
use super::contribution::{rank_colour, rank_legend, swarm_offsets};
use super::layout::rows_that_fit;
use super::style::{ChartError, ChartStyle};
use crate::engine::display::fixed;
use crate::engine::explain::Summary;

/// Least height of a row of dots, in CSS pixels.
const SWARM_ROW_PX: f64 = 22.0;

/// Draws the summary plot of `data`.
pub fn draw_summary<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Summary,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if data.features.is_empty() || data.drawn == 0 {
        return style.no_data(area, "No explanations");
    }
    area.fill(&style.background)?;
    let fit = rows_that_fit(area.dim_in_pixel().1, 110.0, SWARM_ROW_PX, style);
    // Keep one row for "and N others" when features are left out.
    let hidden_by_data = data.others;
    let shown = if data.features.len() + (hidden_by_data > 0) as usize <= fit {
        data.features.len()
    } else {
        fit.saturating_sub(1).max(1).min(data.features.len())
    };
    let others = hidden_by_data + data.features.len() - shown;
    let n = shown + (others > 0) as usize;
    let mut labels: Vec<String> =
        data.features[..shown].iter().map(|f| truncate(&f.impact.name, 22)).collect();
    if others > 0 {
        labels.push(format!("and {others} others"));
    }
    labels.reverse();
    let xs = data.features[..shown].iter().flat_map(|f| f.points.iter().map(|p| p.contribution));
    let (lo, hi) = xs.fold((0.0f64, 0.0f64), |(a, b), x| (a.min(x), b.max(x)));
    let pad = ((hi - lo) * 0.05).max(1e-3);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(format!("What moves the probability ({} customers)", data.drawn), style.font(15.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(140.0))
        .build_cartesian_2d((lo - pad)..(hi + pad), (0..n - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| segment_label(v, &labels))
        .x_label_formatter(&|x| fixed(*x, 2))
        .x_desc("contribution to the probability")
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let zero = ShapeStyle::from(&style.foreground.mix(0.6)).stroke_width(style.px(1.0));
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(0.0, SegmentValue::Exact(0)), (0.0, SegmentValue::Exact(n))],
        zero,
    )))?;
    let r = style.px(2.5);
    let half = (style.px(SWARM_ROW_PX) as i32 / 2 - r as i32).max(1);
    let mut grey = false;
    for (k, f) in data.features[..shown].iter().enumerate() {
        let row = SegmentValue::CenterOf(n - 1 - k);
        let px: Vec<i32> = f
            .points
            .iter()
            .map(|p| chart.backend_coord(&(p.contribution, row.clone())).0)
            .collect();
        let dy = swarm_offsets(&px, half, r as i32 + 1);
        grey |= f.points.iter().any(|p| p.colour.is_none());
        chart.draw_series(f.points.iter().zip(dy).map(|(p, dy)| {
            let c = rank_colour(style, p.colour).mix(0.85).filled();
            EmptyElement::at((p.contribution, row.clone())) + Circle::new((0, dy), r, c)
        }))?;
    }
    rank_legend(style, "low value", "high value", grey.then_some("label or missing")).draw(
        &chart.plotting_area().strip_coord_spec(),
        style,
        SeriesLabelPosition::LowerRight,
    )?;
    area.present()?;
    Ok(())
}

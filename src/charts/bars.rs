//! Vertical bars of rates with interval whiskers (rate by category, segment rates); the
//! horizontal bars are in `hbars`. Category labels lie flat under their bar when they fit it,
//! else stand upright (cut to a third of the height); numbered bars carry their number.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{at, draw_axis_labels, plot_left_bottom};
use super::layout::{axis_labels, bar_gap, fit_text, LABEL_PX};
use super::legend::{Legend, Marker};
use super::style::{ChartError, ChartStyle};
use crate::engine::display::percent;

/// One bar.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Interval or ± error (drawn as a whisker) when known.
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    /// A second estimate marked on the bar (e.g. the shrunk rate).
    pub marker: Option<f64>,
    /// Draw this bar muted (e.g. a small-n segment).
    pub muted: bool,
}

/// Bars of rates in [0, 1] with an optional reference line (the overall rate).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RateBars {
    pub title: String,
    pub y_label: String,
    pub bars: Vec<Bar>,
    pub reference: Option<(String, f64)>,
    /// Name of the marker in the legend.
    pub marker_name: Option<String>,
    /// Label the bars 1, 2, … (a table beside the chart lists them in the same order).
    pub numbered: bool,
}

/// Vertical bars with Wilson whiskers, markers and a dashed reference line.
pub fn draw_rate_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &RateBars,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let bars: Vec<&Bar> = data.bars.iter().filter(|b| b.value.is_finite()).collect();
    if bars.is_empty() {
        return style.no_data(area, "No data");
    }
    area.fill(&style.background)?;
    let top = bars
        .iter()
        .map(|b| b.hi.unwrap_or(b.value).max(b.value))
        .fold(0.0f64, f64::max)
        .clamp(0.05, 1.0);
    let n = bars.len();
    let (width, height) = area.dim_in_pixel();
    let labels: Vec<String> = if data.numbered {
        (1..=n).map(|i| i.to_string()).collect()
    } else {
        bars.iter().map(|b| b.label.clone()).collect()
    };
    let (margin, y_area) = (style.px(10.0), style.px(48.0));
    let band = (width as f64 - 2.0 * margin as f64 - y_area as f64) / n as f64;
    let axis = axis_labels(&labels, band, 0.32 * height as f64, style);
    let caption = fit_text(&data.title, 15.0, width as f64 - 2.0 * margin as f64, style);
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .caption(caption, style.font(15.0))
        .x_label_area_size(axis.height as u32)
        .y_label_area_size(y_area)
        .build_cartesian_2d(0.0..n as f64, 0.0..(top * 1.08).min(1.0))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_label_formatter(&|y| percent(*y, 0))
        .y_desc(data.y_label.clone())
        .label_style(style.font(LABEL_PX))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let bottom = plot_left_bottom(&chart, area).1;
    let centres: Vec<i32> = (0..n).map(|i| at(&chart, area, i as f64 + 0.5, 0.0).0).collect();
    draw_axis_labels(area, &axis, &centres, bottom, style)?;
    let fill = style.classes[1];
    let gap = bar_gap(band, style.px(6.0));
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let colour = if b.muted { fill.mix(0.35) } else { fill.mix(0.85) };
        let mut r = Rectangle::new([(i as f64, 0.0), (i as f64 + 1.0, b.value)], colour.filled());
        r.set_margin(0, 0, gap, gap);
        r
    }))?;
    let whisker = ShapeStyle::from(&style.foreground).stroke_width(style.px(1.5));
    let cap = (style.px(5.0) as f64).min(band / 4.0) as i32;
    for (i, b) in bars.iter().enumerate() {
        if let (Some(lo), Some(hi)) = (b.lo, b.hi) {
            let x = i as f64 + 0.5;
            chart
                .draw_series(std::iter::once(PathElement::new(vec![(x, lo), (x, hi)], whisker)))?;
            for y in [lo, hi] {
                let tick =
                    EmptyElement::at((x, y)) + PathElement::new(vec![(-cap, 0), (cap, 0)], whisker);
                chart.draw_series(std::iter::once(tick))?;
            }
        }
    }
    let markers: Vec<(f64, f64)> = bars
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.marker.map(|m| (i as f64 + 0.5, m)))
        .collect();
    if !markers.is_empty() {
        let accent = style.accent;
        let r = style.px(4.0);
        chart.draw_series(markers.into_iter().map(|p| Circle::new(p, r, accent.filled())))?;
        legend.add(
            data.marker_name.clone().unwrap_or_else(|| "estimate".into()),
            Marker::Dot(accent),
        );
    }
    if let Some((name, r)) = &data.reference {
        let dashed = ShapeStyle::from(&style.foreground.mix(0.7)).stroke_width(style.px(1.0));
        let line = vec![(0.0, *r), (n as f64, *r)];
        chart.draw_series(DashedLineSeries::new(line, style.px(6.0), style.px(4.0), dashed))?;
        legend.add(format!("{name} {:.1}%", r * 100.0), Marker::Line(dashed));
    }
    if data.reference.is_some() || data.marker_name.is_some() {
        legend.draw(
            &chart.plotting_area().strip_coord_spec(),
            style,
            SeriesLabelPosition::MiddleRight,
        )?;
    }
    area.present()?;
    Ok(())
}

/// The label of a segment centre (other positions get no label).
pub(crate) fn segment_label(v: &SegmentValue<usize>, labels: &[String]) -> String {
    match v {
        SegmentValue::CenterOf(i) => labels.get(*i).cloned().unwrap_or_default(),
        _ => String::new(),
    }
}

/// `s` cut to `max` characters, with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

//! Bar charts: rates with interval whiskers (rate by category, segment rates) and horizontal
//! bars (feature importance, drift PSI).

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{ChartError, ChartStyle};
use crate::engine::display::{fixed, percent};

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
    // Many bars: number them (the table beside the chart lists them in the same order).
    let labels: Vec<String> = if n > 8 {
        (1..=n).map(|i| i.to_string()).collect()
    } else {
        bars.iter().map(|b| truncate(&b.label, 18)).collect()
    };
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(data.title.clone(), style.font(15.0))
        .x_label_area_size(style.px(40.0))
        .y_label_area_size(style.px(48.0))
        .build_cartesian_2d((0..n.max(1) - 1).into_segmented(), 0.0..(top * 1.08).min(1.0))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(n)
        .x_label_formatter(&|v| segment_label(v, &labels))
        .y_label_formatter(&|y| percent(*y, 0))
        .y_desc(data.y_label.clone())
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let fill = style.classes[1];
    let gap = style.px(6.0);
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let colour = if b.muted { fill.mix(0.35) } else { fill.mix(0.85) };
        let mut r = Rectangle::new(
            [(SegmentValue::Exact(i), 0.0), (SegmentValue::Exact(i + 1), b.value)],
            colour.filled(),
        );
        r.set_margin(0, 0, gap, gap);
        r
    }))?;
    let whisker = ShapeStyle::from(&style.foreground).stroke_width(style.px(1.5));
    let cap = style.px(5.0) as i32;
    for (i, b) in bars.iter().enumerate() {
        if let (Some(lo), Some(hi)) = (b.lo, b.hi) {
            let x = SegmentValue::CenterOf(i);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(x.clone(), lo), (x.clone(), hi)],
                whisker,
            )))?;
            for y in [lo, hi] {
                let tick = EmptyElement::at((x.clone(), y))
                    + PathElement::new(vec![(-cap, 0), (cap, 0)], whisker);
                chart.draw_series(std::iter::once(tick))?;
            }
        }
    }
    let markers: Vec<(SegmentValue<usize>, f64)> = bars
        .iter()
        .enumerate()
        .filter_map(|(i, b)| b.marker.map(|m| (SegmentValue::CenterOf(i), m)))
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
        let line = vec![(SegmentValue::Exact(0), *r), (SegmentValue::Exact(n), *r)];
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

/// Horizontal bars (largest at the top) with optional ± whiskers, for feature importance.
pub fn draw_importance<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[Bar],
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let fill = style.classes[0];
    draw_hbars(area, title, bars, &[], &|_| fill, style)
}

/// Population stability index per feature: bars coloured by verdict, with dashed guides at the
/// moderate (0.1) and major (0.25) thresholds.
pub fn draw_psi<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[Bar],
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let guides = [("moderate 0.1", 0.1), ("major 0.25", 0.25)];
    // Okabe–Ito vermillion, orange and bluish green: distinct for colour-blind readers.
    let colour = |b: &Bar| match b.value {
        v if v > 0.25 => RGBColor(213, 94, 0),
        v if v >= 0.1 => RGBColor(230, 159, 0),
        _ => style.accent,
    };
    draw_hbars(area, title, bars, &guides, &colour, style)
}

/// Horizontal bars sorted largest first, with optional whiskers and dashed vertical guides.
fn draw_hbars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    bars: &[Bar],
    guides: &[(&str, f64)],
    colour: &dyn Fn(&Bar) -> RGBColor,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    let mut bars: Vec<&Bar> = bars.iter().filter(|b| b.value.is_finite()).collect();
    if bars.is_empty() {
        return style.no_data(area, "No data");
    }
    bars.sort_by(|a, b| a.value.total_cmp(&b.value));
    area.fill(&style.background)?;
    let n = bars.len();
    let max = bars
        .iter()
        .map(|b| b.hi.unwrap_or(b.value).max(b.value))
        .chain(guides.iter().map(|g| g.1))
        .fold(0.0f64, f64::max)
        .max(1e-9);
    let min = bars.iter().map(|b| b.lo.unwrap_or(b.value).min(b.value)).fold(0.0f64, f64::min);
    let labels: Vec<String> = bars.iter().map(|b| truncate(&b.label, 22)).collect();
    let mut legend = Legend::default();
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(title, style.font(15.0))
        .x_label_area_size(style.px(32.0))
        .y_label_area_size(style.px(130.0))
        .build_cartesian_2d(min..max * 1.05, (0..n.max(1) - 1).into_segmented())?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n)
        .y_label_formatter(&|v| segment_label(v, &labels))
        .x_label_formatter(&|x| fixed(*x, 3))
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let gap = style.px(4.0);
    chart.draw_series(bars.iter().enumerate().map(|(i, b)| {
        let mut r = Rectangle::new(
            [(0.0, SegmentValue::Exact(i)), (b.value, SegmentValue::Exact(i + 1))],
            colour(b).mix(0.85).filled(),
        );
        r.set_margin(gap, gap, 0, 0);
        r
    }))?;
    let whisker = ShapeStyle::from(&style.foreground).stroke_width(style.px(1.5));
    for (i, b) in bars.iter().enumerate() {
        if let (Some(lo), Some(hi)) = (b.lo, b.hi) {
            let y = SegmentValue::CenterOf(i);
            chart.draw_series(std::iter::once(PathElement::new(
                vec![(lo, y.clone()), (hi, y)],
                whisker,
            )))?;
        }
    }
    let guide = ShapeStyle::from(&style.foreground).stroke_width(style.px(1.0));
    for (name, x) in guides {
        chart.draw_series(DashedLineSeries::new(
            vec![(*x, SegmentValue::Exact(0)), (*x, SegmentValue::Exact(n))],
            style.px(5.0),
            style.px(4.0),
            guide,
        ))?;
        legend.add(*name, Marker::Line(guide));
    }
    if !guides.is_empty() {
        legend.draw(
            &chart.plotting_area().strip_coord_spec(),
            style,
            SeriesLabelPosition::LowerRight,
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

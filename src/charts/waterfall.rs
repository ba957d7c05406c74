//! Waterfall of one customer's contributions: from the model's expected probability, each
//! feature's contribution as a floating bar (raising in the "bought" colour, lowering in the
//! other), largest first, down to the customer's probability; dashed lines mark both, and the
//! caption gives them. Each row's label carries its signed contribution, so no legend covers the
//! bars. Rows that do not fit the height are folded into "and N other features".

use plotters::coord::Shift;
use plotters::prelude::*;

use super::axis::{at, draw_row_labels, plot_left_bottom};
use super::bars::truncate;
use super::contribution::sign_colour;
use super::layout::{bar_gap, fit_text, label_column, rows_that_fit, LABEL_PX, ROW_PX};
use super::style::{ChartError, ChartStyle};
use crate::engine::display::fixed;

/// One customer's contributions, ready to draw.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Waterfall {
    pub title: String,
    /// The expected probability every explanation starts from.
    pub base: f64,
    /// (label, contribution), largest |contribution| first.
    pub steps: Vec<(String, f64)>,
    /// Features folded into one step: how many and their total contribution.
    pub others: Option<(usize, f64)>,
}

impl Waterfall {
    /// The `top` largest |contributions| of `values` with their `labels` (e.g. `age = 58`),
    /// the rest folded; features contributing exactly 0 are left out of the steps.
    pub fn new(title: &str, base: f64, values: &[f64], labels: &[String], top: usize) -> Waterfall {
        let mut order: Vec<usize> = (0..values.len()).filter(|&f| values[f] != 0.0).collect();
        order.sort_by(|&a, &b| values[b].abs().total_cmp(&values[a].abs()).then(a.cmp(&b)));
        let (shown, rest) = order.split_at(order.len().min(top));
        Waterfall {
            title: title.into(),
            base,
            steps: shown.iter().map(|&f| (labels[f].clone(), values[f])).collect(),
            others: (!rest.is_empty()).then(|| (rest.len(), rest.iter().map(|&f| values[f]).sum())),
        }
    }

    /// Folds the smallest steps so that at most `rows` rows remain.
    fn fitted(&self, rows: usize) -> Waterfall {
        let rows = rows.max(1);
        let total = self.steps.len() + self.others.is_some() as usize;
        if total <= rows {
            return self.clone();
        }
        let keep = rows - 1;
        let (n, sum) = self.others.unwrap_or((0, 0.0));
        let folded = &self.steps[keep..];
        Waterfall {
            title: self.title.clone(),
            base: self.base,
            steps: self.steps[..keep].to_vec(),
            others: Some((n + folded.len(), sum + folded.iter().map(|s| s.1).sum::<f64>())),
        }
    }

    /// The rows drawn: label and contribution.
    fn rows(&self) -> Vec<(String, f64)> {
        let mut rows: Vec<(String, f64)> = self
            .steps
            .iter()
            .map(|(l, v)| (format!("{} ({v:+.2})", truncate(l, 28)), *v))
            .collect();
        if let Some((n, v)) = self.others {
            let word = if n == 1 { "other feature" } else { "other features" };
            rows.push((format!("and {n} {word} ({v:+.2})"), v));
        }
        rows
    }
}

/// Draws the waterfall; the customer's probability is the base plus every step.
pub fn draw_waterfall<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Waterfall,
    style: &ChartStyle,
) -> Result<(), ChartError> {
    if !data.base.is_finite() {
        return style.no_data(area, "No explanation");
    }
    let data = data.fitted(rows_that_fit(area.dim_in_pixel().1, 100.0, ROW_PX, style));
    let rows = data.rows();
    area.fill(&style.background)?;
    // Bar i runs from ends[i] to ends[i + 1]; rows are drawn top down.
    let mut ends = vec![data.base];
    rows.iter().for_each(|(_, v)| ends.push(ends[ends.len() - 1] + v));
    // A probability: summing the steps can leave rounding noise below 0 ("-0.000").
    let proba = ends[ends.len() - 1].clamp(0.0, 1.0);
    let lo = ends.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ends.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let pad = ((hi - lo) * 0.08).max(0.01);
    let n = rows.len().max(1);
    let (width, _) = area.dim_in_pixel();
    let label_pad = 16.0 * style.scale;
    let labels: Vec<String> = rows.iter().rev().map(|r| r.0.clone()).collect();
    let column = label_column(&labels, LABEL_PX, label_pad, 0.42 * width as f64, style);
    let labels: Vec<String> =
        labels.iter().map(|l| fit_text(l, LABEL_PX, column - label_pad, style)).collect();
    let caption = format!("{}: expected {} → {}", data.title, fixed(data.base, 3), fixed(proba, 3));
    let caption = fit_text(&caption, 15.0, width as f64 - 20.0 * style.scale, style);
    let mut chart = ChartBuilder::on(area)
        .margin(style.px(10.0))
        .caption(caption, style.font(15.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(column as u32)
        .build_cartesian_2d((lo - pad)..(hi + pad), 0.0..n as f64)?;
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_label_formatter(&|x| fixed(*x, 2))
        .x_desc("probability of buying (dashed: expected, and this customer)")
        .label_style(style.font(12.0))
        .axis_style(style.foreground)
        .bold_line_style(style.grid)
        .light_line_style(style.background)
        .draw()?;
    let left = plot_left_bottom(&chart, area).0 - style.px(6.0) as i32;
    let centres: Vec<i32> = (0..n).map(|r| at(&chart, area, lo, r as f64 + 0.5).1).collect();
    draw_row_labels(area, &labels, &centres, left, style)?;
    let band = chart.plotting_area().dim_in_pixel().1 as f64 / n as f64;
    let gap = bar_gap(band, style.px(3.0));
    chart.draw_series(rows.iter().enumerate().map(|(i, (_, v))| {
        let y = n - 1 - i;
        let mut r = Rectangle::new(
            [(ends[i], y as f64), (ends[i + 1], y as f64 + 1.0)],
            sign_colour(style, *v).mix(0.85).filled(),
        );
        r.set_margin(gap, gap, 0, 0);
        r
    }))?;
    let line = ShapeStyle::from(&style.foreground.mix(0.7)).stroke_width(style.px(1.0));
    for x in [data.base, proba] {
        chart.draw_series(DashedLineSeries::new(
            vec![(x, 0.0), (x, n as f64)],
            style.px(5.0),
            style.px(3.0),
            line,
        ))?;
    }
    area.present()?;
    Ok(())
}

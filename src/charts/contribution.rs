//! What the explanation charts share: colours for a contribution's sign and for a value's rank,
//! the colour key, and beeswarm offsets (how many rows of labels fit a chart's height is
//! `layout::rows_that_fit`).

use plotters::prelude::*;

use super::legend::{Legend, Marker};
use super::style::{blend, ChartStyle};

/// Raising the probability in the "bought" colour, lowering it in the other class's.
pub(crate) fn sign_colour(style: &ChartStyle, contribution: f64) -> RGBColor {
    if contribution >= 0.0 {
        style.classes[1]
    } else {
        style.classes[0]
    }
}

/// Grey for values without a rank (missing, or a label).
pub(crate) fn no_rank(style: &ChartStyle) -> RGBColor {
    blend(style.background, style.foreground, 0.45)
}

/// A value's rank in [0, 1] from the low colour to the high one; grey without a rank.
pub(crate) fn rank_colour(style: &ChartStyle, rank: Option<f64>) -> RGBColor {
    match rank {
        Some(r) => blend(style.classes[0], style.classes[1], r),
        None => no_rank(style),
    }
}

/// The colour key of value ranks: `low`, `high` and, when some points have no rank, `none`.
pub(crate) fn rank_legend(style: &ChartStyle, low: &str, high: &str, none: Option<&str>) -> Legend {
    let mut legend = Legend::default();
    legend.add(low, Marker::Dot(style.classes[0]));
    legend.add(high, Marker::Dot(style.classes[1]));
    if let Some(none) = none {
        legend.add(none, Marker::Dot(no_rank(style)));
    }
    legend
}

/// Vertical offsets in pixels that spread `xs` (already mapped to pixel columns) into a
/// beeswarm within ±`half` pixels: points sharing a column are stacked alternately above and
/// below the centre, `gap` pixels apart, squeezed when a column holds more than fits.
pub(crate) fn swarm_offsets(xs: &[i32], half: i32, gap: i32) -> Vec<i32> {
    let mut order: Vec<usize> = (0..xs.len()).collect();
    order.sort_by_key(|&i| (xs[i], i));
    let mut out = vec![0; xs.len()];
    let mut start = 0;
    while start < order.len() {
        let column = xs[order[start]] / gap.max(1);
        let end =
            start + order[start..].iter().take_while(|&&i| xs[i] / gap.max(1) == column).count();
        let count = (end - start) as i32;
        let step = if count * gap > 2 * half { (2 * half / count.max(1)).max(1) } else { gap };
        for (k, &i) in order[start..end].iter().enumerate() {
            let k = k as i32;
            let level = (k + 1) / 2;
            out[i] = if k % 2 == 1 { -level * step } else { level * step };
        }
        start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swarm_stacks_shared_columns_within_bounds() {
        let off = swarm_offsets(&[10, 10, 10, 50], 20, 4);
        assert_eq!(off, [0, -4, 4, 0]);
        // 30 points in one column squeezed into ±20.
        let off = swarm_offsets(&[7; 30], 20, 4);
        assert!(off.iter().all(|o| o.abs() <= 20), "{off:?}");
        let mut sorted = off.clone();
        sorted.sort();
        sorted.dedup();
        assert!(sorted.len() >= 20, "points spread out: {sorted:?}");
    }
}

//! Label layout computed from the space a chart has, so no chart at any column count draws
//! labels on top of each other or a bar of negative size.
//!
//! Text is measured with [`estimate`] (what the SVG backend reports, so the worker, the report
//! and these rules agree). Every length here is in device pixels unless its name says CSS; a
//! style's `scale` turns CSS pixels into device pixels. Invariants: [`fit_text`] never returns
//! text wider than asked, [`bar_gap`] always leaves a bar at least half its band, [`fold`] shows
//! at least one item, [`stride`] is at least 1.

use super::style::ChartStyle;
use super::svg::estimate;

/// Font of axis and row labels, CSS pixels.
pub(crate) const LABEL_PX: f64 = 12.0;
/// Least height of one labelled row, CSS pixels (12 px labels with room to breathe).
pub(crate) const ROW_PX: f64 = 18.0;
/// Most rows of an importance chart (the rest are folded into "and N more").
pub const TOP_BARS: usize = 20;

/// Width of `text` in a `font` CSS-pixel font, device pixels.
pub(crate) fn text_width(text: &str, font: f64, style: &ChartStyle) -> f64 {
    estimate(text, font * style.scale).0 as f64
}

/// Height of a line of text in a `font` CSS-pixel font, device pixels.
pub(crate) fn text_height(font: f64, style: &ChartStyle) -> f64 {
    estimate("X", font * style.scale).1 as f64
}

/// `text` cut to fit `width` device pixels in a `font` CSS-pixel font, with an ellipsis when
/// cut; empty when not even one character and the ellipsis fit.
pub(crate) fn fit_text(text: &str, font: f64, width: f64, style: &ChartStyle) -> String {
    if text_width(text, font, style) <= width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    (1..chars.len())
        .rev()
        .map(|k| format!("{}…", chars[..k].iter().collect::<String>()))
        .find(|cut| text_width(cut, font, style) <= width)
        .unwrap_or_default()
}

/// Rows of `row_px` CSS pixels that fit in `height` device pixels after `overhead` CSS pixels
/// (caption, axis, margins); at least 1.
pub(crate) fn rows_that_fit(height: u32, overhead: f64, row_px: f64, style: &ChartStyle) -> usize {
    let free = height as f64 / style.scale - overhead;
    ((free / row_px).floor() as usize).max(1)
}

/// Of `n` items with room for `fit` rows and at most `cap` shown: how many are shown and how
/// many are folded into one more row ("and N more"). The shown rows and the fold row together
/// fit; at least one item is shown.
pub(crate) fn fold(n: usize, fit: usize, cap: usize) -> (usize, usize) {
    let room = fit.max(1).min(cap.max(1) + 1);
    if n <= room.min(cap.max(1)) {
        return (n, 0);
    }
    let shown = (room - 1).clamp(1, n);
    (shown, n - shown)
}

/// The margin on each side of a bar inside a band of `band` device pixels: `wanted`, but never
/// more than a quarter of the band, so the bar keeps at least half of it (never a negative size).
pub(crate) fn bar_gap(band: f64, wanted: u32) -> u32 {
    wanted.min((band / 4.0).floor().max(0.0) as u32)
}

/// Every `stride`-th label is written when bands of `band` device pixels must each hold `need`
/// pixels of label (1: every label).
pub(crate) fn stride(band: f64, need: f64) -> usize {
    if band <= 0.0 {
        return usize::MAX;
    }
    ((need / band).ceil() as usize).max(1)
}

/// Width of a column of `labels` (the widest plus `pad`), at most `max`, device pixels.
pub(crate) fn label_column(
    labels: &[String],
    font: f64,
    pad: f64,
    max: f64,
    style: &ChartStyle,
) -> f64 {
    let widest = labels.iter().map(|l| text_width(l, font, style)).fold(0.0, f64::max);
    (widest + pad).min(max).max(pad)
}

/// How category labels sit under bands of a horizontal axis.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AxisLabels {
    /// The text of each band ("" for bands left unlabelled), fitted to its room.
    pub texts: Vec<String>,
    /// Written upright (turned a quarter, reading upwards) instead of flat.
    pub upright: bool,
    /// Height the labels take below the axis, device pixels.
    pub height: f64,
}

/// Labels for `labels` under bands of `band` device pixels, with at most `max_height` device
/// pixels below the axis: flat when each fits its band whole, else upright (cut to the height;
/// every `stride`-th when even upright text is thicker than a band).
pub(crate) fn axis_labels(
    labels: &[String],
    band: f64,
    max_height: f64,
    style: &ChartStyle,
) -> AxisLabels {
    let line = text_height(LABEL_PX, style);
    let pad = 4.0 * style.scale;
    if labels.iter().all(|l| text_width(l, LABEL_PX, style) <= band - pad) {
        return AxisLabels { texts: labels.to_vec(), upright: false, height: line + 2.0 * pad };
    }
    let height = label_column(labels, LABEL_PX, 2.0 * pad, max_height, style);
    let every = stride(band, line + 1.0);
    let texts = labels
        .iter()
        .enumerate()
        .map(|(i, l)| match i % every {
            0 => fit_text(l, LABEL_PX, height - 2.0 * pad, style),
            _ => String::new(),
        })
        .collect();
    AxisLabels { texts, upright: true, height }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> ChartStyle {
        ChartStyle::light()
    }

    #[test]
    fn fit_text_cuts_with_an_ellipsis_and_never_overflows() {
        // 12 px: an em is 12 / 1.24² = 7.80 px, a character 0.7 em = 5.46 → rounds per string.
        assert_eq!(fit_text("age", 12.0, 100.0, &s()), "age");
        let cut = fit_text("a rather long feature name", 12.0, 60.0, &s());
        assert!(cut.ends_with('…') && cut.starts_with("a rather"), "{cut}");
        assert!(text_width(&cut, 12.0, &s()) <= 60.0);
        assert_eq!(fit_text("abc", 12.0, 3.0, &s()), "");
        for width in 0..200 {
            let t = fit_text("MOSTYPE customer subtype", 12.0, width as f64, &s());
            assert!(text_width(&t, 12.0, &s()) <= width as f64, "{width}: {t}");
        }
    }

    #[test]
    fn rows_fit_the_height() {
        // 400 px tall, 100 px of caption and axes: 300 / 18 = 16 rows.
        assert_eq!(rows_that_fit(400, 100.0, ROW_PX, &s()), 16);
        assert_eq!(rows_that_fit(50, 100.0, ROW_PX, &s()), 1);
        let hi_dpi = ChartStyle { scale: 2.0, ..s() };
        assert_eq!(rows_that_fit(800, 100.0, ROW_PX, &hi_dpi), 16);
    }

    #[test]
    fn fold_keeps_a_row_for_the_rest() {
        assert_eq!(fold(5, 30, 20), (5, 0));
        assert_eq!(fold(20, 30, 20), (20, 0));
        // 86 features, room for 30 rows, top 20: 20 shown and "and 66 more".
        assert_eq!(fold(86, 30, 20), (20, 66));
        // Room for 8 rows: 7 shown and the fold row.
        assert_eq!(fold(86, 8, 20), (7, 79));
        assert_eq!(fold(8, 8, 20), (8, 0));
        assert_eq!(fold(9, 8, 20), (7, 2));
        assert_eq!(fold(3, 1, 20), (1, 2));
        assert_eq!(fold(1, 0, 0), (1, 0));
        for n in 1..200 {
            for fit in 0..40 {
                let (shown, rest) = fold(n, fit, TOP_BARS);
                assert_eq!(shown + rest, n);
                assert!((1..=TOP_BARS).contains(&shown));
                assert!(shown + (rest > 0) as usize <= fit.max(2), "{n} {fit}");
            }
        }
    }

    #[test]
    fn bars_keep_half_their_band() {
        assert_eq!(bar_gap(40.0, 4), 4);
        assert_eq!(bar_gap(6.0, 4), 1);
        assert_eq!(bar_gap(0.5, 4), 0);
        for tenth in 0..400 {
            let band = tenth as f64 / 10.0;
            assert!(band - 2.0 * bar_gap(band, 6) as f64 >= band / 2.0 - 1e-9);
        }
    }

    #[test]
    fn stride_labels_what_fits() {
        assert_eq!(stride(20.0, 10.0), 1);
        assert_eq!(stride(4.0, 10.0), 3);
        assert_eq!(stride(0.0, 10.0), usize::MAX);
    }

    #[test]
    fn short_labels_lie_flat_and_long_ones_stand_up() {
        let short: Vec<String> = ["A", "B", "C"].map(String::from).into();
        let flat = axis_labels(&short, 100.0, 120.0, &s());
        assert!(!flat.upright && flat.texts == short);
        let long: Vec<String> = (0..30).map(|i| format!("category number {i}")).collect();
        let up = axis_labels(&long, 18.0, 80.0, &s());
        assert!(up.upright && up.height <= 80.0);
        assert!(up.texts.iter().all(|t| text_width(t, LABEL_PX, &s()) <= up.height));
        // Bands thinner than a line: every other label.
        let thin = axis_labels(&long, 6.0, 80.0, &s());
        assert!(thin.texts[1].is_empty() && !thin.texts[0].is_empty());
    }
}

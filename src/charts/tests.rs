//! Native chart tests: render into SVG strings and count what was drawn.

use super::*;
use crate::engine::eda::{HistogramByClass, ScatterData};

fn style() -> ChartStyle {
    ChartStyle::light()
}

/// Number of elements filled with `rgb` (plotters writes fill="#RRGGBB").
fn filled(svg: &str, c: plotters::style::RGBColor) -> usize {
    svg.matches(&format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)).count()
}

#[test]
fn histogram_draws_one_bar_per_bin_and_class() {
    let h = HistogramByClass {
        column: "Age".into(),
        edges: vec![18.0, 28.0, 38.0, 48.0, 60.0],
        counts: vec![vec![10, 20, 5, 1], vec![1, 3, 9, 12]],
        class_labels: ["0".into(), "1".into()],
    };
    let svg = render_svg(600, 400, |a| draw_histogram(a, &h, &style())).unwrap();
    // 4 bins × 1 bar per class, plus one legend swatch per class.
    assert_eq!(filled(&svg, style().classes[0]), 5);
    assert_eq!(filled(&svg, style().classes[1]), 5);
    assert!(svg.contains("Age by class"));
}

#[test]
fn scatter_draws_every_point() {
    let s = ScatterData {
        x_name: "Age".into(),
        y_name: "Salary".into(),
        x: vec![20.0, 30.0, 40.0],
        y: vec![1e4, 5e4, 9e4],
        class: vec![0, 1, 1],
        class_labels: ["no".into(), "yes".into()],
        total: 3,
    };
    let svg = render_svg(600, 400, |a| draw_scatter(a, &s, &style())).unwrap();
    assert_eq!(svg.matches("<circle").count(), 3 + 2, "3 points + 2 legend markers");
}

#[test]
fn rate_bars_draw_bars_whiskers_and_reference() {
    let bars = RateBars {
        title: "Rate by Gender".into(),
        y_label: "purchase rate".into(),
        bars: vec![
            Bar {
                label: "Male".into(),
                value: 0.34,
                lo: Some(0.28),
                hi: Some(0.41),
                ..Bar::default()
            },
            Bar {
                label: "Female".into(),
                value: 0.38,
                lo: Some(0.32),
                hi: Some(0.45),
                marker: Some(0.37),
                ..Bar::default()
            },
        ],
        reference: Some(("overall".into(), 0.36)),
        marker_name: Some("shrunk".into()),
        numbered: false,
    };
    let svg = render_svg(600, 400, |a| draw_rate_bars(a, &bars, &style())).unwrap();
    assert_eq!(
        svg.matches("<rect").count() - 3,
        2,
        "two bars besides background and legend boxes: {}",
        svg.matches("<rect").count()
    );
    assert!(svg.contains("Male") && svg.contains("Female") && svg.contains("overall 36.0%"));
    assert_eq!(svg.matches("<circle").count(), 2, "one marker + legend");
}

#[test]
fn heatmap_writes_every_cell() {
    let h = Heatmap {
        title: "Correlation".into(),
        rows: vec!["a".into(), "b".into()],
        cols: vec!["a".into(), "b".into()],
        values: vec![vec![Some(1.0), Some(-0.5)], vec![Some(-0.5), None]],
        diverging: true,
        cell_text: None,
    };
    let svg = render_svg(500, 400, |a| draw_heatmap(a, &h, &style())).unwrap();
    assert!(svg.contains("1.00") && svg.matches("-0.50").count() == 2, "{svg}");
}

#[test]
fn curves_and_importance_render() {
    let c = Curves {
        title: "ROC".into(),
        x_label: "false positive rate".into(),
        y_label: "true positive rate".into(),
        curves: vec![Curve {
            name: "AUC 0.91".into(),
            points: vec![(0.0, 0.0), (0.2, 0.8), (1.0, 1.0)],
        }],
        diagonal: Some("chance".into()),
        ..Curves::default()
    };
    let svg = render_svg(500, 400, |a| draw_curves(a, &c, &style())).unwrap();
    assert!(svg.contains("AUC 0.91") && svg.contains("chance"));
    let bars = vec![
        Bar { label: "Age".into(), value: 0.6, ..Bar::default() },
        Bar { label: "Salary".into(), value: 0.4, lo: Some(0.3), hi: Some(0.5), ..Bar::default() },
    ];
    let svg = render_svg(500, 400, |a| draw_importance(a, "Importance", &bars, &style())).unwrap();
    assert_eq!(filled(&svg, style().classes[0]), 2, "one bar per feature");
    assert!(svg.contains("Age") && svg.contains("Salary"));
}

#[test]
fn psi_bars_are_coloured_by_verdict_with_both_guides() {
    let bars = vec![
        Bar { label: "Age".into(), value: 0.02, ..Bar::default() },
        Bar { label: "Salary".into(), value: 0.9, ..Bar::default() },
        Bar { label: "Region".into(), value: 0.15, ..Bar::default() },
    ];
    let svg = render_svg(500, 300, |a| draw_psi(a, "Drift", &bars, &style())).unwrap();
    assert_eq!(filled(&svg, style().accent), 1, "one stable bar");
    assert_eq!(filled(&svg, plotters::style::RGBColor(230, 159, 0)), 1, "one moderate bar");
    assert_eq!(filled(&svg, plotters::style::RGBColor(213, 94, 0)), 1, "one major bar");
    assert!(svg.contains("moderate 0.1") && svg.contains("major 0.25"));
}

#[test]
fn empty_data_says_so_and_hostile_labels_are_escaped() {
    let svg = render_svg(300, 200, |a| draw_curves(a, &Curves::default(), &style())).unwrap();
    assert!(svg.contains("No data"));
    let bars = RateBars {
        title: "<script>alert(1)</script>".into(),
        bars: vec![Bar {
            label: "<img src=x onerror=alert(1)>".into(),
            value: 0.5,
            ..Bar::default()
        }],
        ..RateBars::default()
    };
    let svg = render_svg(600, 400, |a| draw_rate_bars(a, &bars, &style())).unwrap();
    assert!(!svg.contains("<script>") && !svg.contains("<img"), "labels must be escaped");
}

#[test]
fn segmented_axes_have_no_empty_slot() {
    let h = Heatmap {
        title: "C".into(),
        rows: vec!["a".into(), "b".into()],
        cols: vec!["a".into(), "b".into()],
        values: vec![vec![Some(0.1), Some(0.2)], vec![Some(0.3), Some(0.4)]],
        diverging: false,
        cell_text: None,
    };
    let svg = render_svg(500, 400, |a| draw_heatmap(a, &h, &style())).unwrap();
    // The right edge of the rightmost cell meets the right edge of the plot (500 − 10 margin).
    let right = svg
        .split("<rect")
        .skip(2)
        .filter_map(|r| {
            let x: i64 = r.split("x=\"").nth(1)?.split('"').next()?.parse().ok()?;
            let w: i64 = r.split("width=\"").nth(1)?.split('"').next()?.parse().ok()?;
            Some(x + w)
        })
        .max()
        .unwrap();
    assert!(right >= 485, "right edge {right}");
    let one = RateBars {
        title: "t".into(),
        bars: vec![Bar { label: "only".into(), value: 0.5, ..Bar::default() }],
        ..RateBars::default()
    };
    let svg = render_svg(500, 400, |a| draw_rate_bars(a, &one, &style())).unwrap();
    assert!(svg.contains("only"));
}

#[test]
fn bubbles_one_circle_per_segment() {
    let b = Bubbles {
        title: "n vs rate".into(),
        y_label: "purchase rate".into(),
        bubbles: vec![
            Bubble { n: 7.0, rate: 0.71, muted: true },
            Bubble { n: 120.0, rate: 0.3, muted: false },
            Bubble { n: 0.0, rate: 0.5, muted: false },
        ],
        overall: Some(0.36),
    };
    let svg = render_svg(500, 400, |a| draw_bubbles(a, &b, &style())).unwrap();
    assert_eq!(svg.matches("<circle").count(), 2, "empty segments are left out");
    assert!(svg.contains("overall 36.0%"));
}

//! Explanation charts rendered into SVG: what is drawn, folding of rows that do not fit, and
//! labels that never overlap or start left of the picture, at any feature count.

use super::svg::estimate;
use super::*;
use crate::engine::explain::{
    Dependence, FeatureImpact, PartialDependence, ProfitCurve, ProfitParams, Summary,
    SummaryFeature, SummaryPoint,
};

fn style() -> ChartStyle {
    ChartStyle::light()
}

/// (x, y, anchor, font size, text) of every `<text>` element plotters wrote.
fn texts(svg: &str) -> Vec<(f64, f64, String, f64, String)> {
    let attr = |tag: &str, name: &str| -> String {
        tag.split(&format!(" {name}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_string()
    };
    svg.split("<text")
        .skip(1)
        .map(|t| {
            let (tag, rest) = t.split_once('>').unwrap();
            let text = rest.split("</text>").next().unwrap().trim().to_string();
            let num = |name| attr(tag, name).parse::<f64>().unwrap_or(f64::NAN);
            (num("x"), num("y"), attr(tag, "text-anchor"), num("font-size"), text)
        })
        .collect()
}

/// Right-aligned axis labels (the rows' labels) never overlap and never start left of x = 0.
fn assert_row_labels_fit(svg: &str) {
    let mut rows: Vec<_> = texts(svg).into_iter().filter(|t| t.2 == "end").collect();
    rows.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert!(!rows.is_empty());
    for w in rows.windows(2) {
        assert!(w[1].1 - w[0].1 >= w[0].3, "labels overlap: {:?} and {:?}", w[0], w[1]);
    }
    for t in &rows {
        let (width, _) = estimate(&t.4, t.3 * 1.24);
        assert!(t.0 - width as f64 >= 0.0 && t.1 >= 0.0, "label off the picture: {t:?}");
    }
}

fn filled(svg: &str, c: plotters::style::RGBColor) -> usize {
    svg.matches(&format!("fill=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)).count()
}

#[test]
fn waterfall_draws_one_bar_per_step_coloured_by_sign() {
    let labels: Vec<String> = ["age = 58", "region = West", "visits = 3"].map(String::from).into();
    let w = Waterfall::new("Customer 7", 0.4, &[0.1, -0.05, 0.2], &labels, 10);
    let svg = render_svg(600, 300, |a| draw_waterfall(a, &w, &style())).unwrap();
    assert_eq!(filled(&svg, style().classes[1]), 2, "two raising bars");
    assert_eq!(filled(&svg, style().classes[0]), 1, "one lowering bar");
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    assert!(all.contains(&"Customer 7: expected 0.400 → 0.650".to_string()), "{all:?}");
    // Largest first, from the top.
    let rows: Vec<_> = texts(&svg).into_iter().filter(|t| t.2 == "end").collect();
    let top = rows.iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap();
    assert_eq!(top.4, "visits = 3 (+0.20)");
    assert_row_labels_fit(&svg);
}

#[test]
fn waterfall_folds_what_does_not_fit() {
    let n = 60;
    let values: Vec<f64> =
        (0..n).map(|i| if i % 2 == 0 { 0.3 } else { -0.2 } / (i + 1) as f64).collect();
    let labels: Vec<String> =
        (0..n).map(|i| format!("a rather long feature name {i} = 123456")).collect();
    let w = Waterfall::new("Customer", 0.3, &values, &labels, 20);
    // The data keeps 20 steps and folds 40; the steps and the fold add up to every value.
    assert_eq!((w.steps.len(), w.others.map(|o| o.0)), (20, Some(40)));
    let total: f64 = w.steps.iter().map(|s| s.1).sum::<f64>() + w.others.unwrap().1;
    assert!((total - values.iter().sum::<f64>()).abs() < 1e-12);
    for height in [200, 300, 700] {
        let svg = render_svg(640, height, |a| draw_waterfall(a, &w, &style())).unwrap();
        assert_row_labels_fit(&svg);
        let rows: Vec<String> =
            texts(&svg).into_iter().filter(|t| t.2 == "end").map(|t| t.4).collect();
        let folded = rows.iter().find(|r| r.starts_with("and ")).expect("a folded row");
        let hidden: usize = folded.split(' ').nth(1).unwrap().parse().unwrap();
        assert_eq!(hidden + rows.len() - 1, n, "{height}px: every feature shown or counted");
    }
}

fn summary(features: usize, points: usize) -> Summary {
    Summary {
        features: (0..features)
            .map(|f| SummaryFeature {
                impact: FeatureImpact {
                    feature: f,
                    name: format!("feature number {f}"),
                    mean_abs: 0.1,
                    mean: 0.0,
                },
                points: (0..points)
                    .map(|i| SummaryPoint {
                        contribution: (i as f64 - points as f64 / 2.0) / 100.0,
                        colour: (f % 3 != 0).then_some(i as f64 / points as f64),
                    })
                    .collect(),
            })
            .collect(),
        others: 5,
        rows: points,
        drawn: points,
    }
}

#[test]
fn summary_draws_a_dot_per_customer_and_folds_rows() {
    let s = summary(4, 50);
    let svg = render_svg(640, 400, |a| draw_summary(a, &s, &style())).unwrap();
    // 4 features × 50 dots, and 3 legend dots (low, high, label or missing).
    assert_eq!(svg.matches("<circle").count(), 4 * 50 + 3);
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    assert!(all.contains(&"and 5 others".to_string()) && all.contains(&"high value".to_string()));
    assert_row_labels_fit(&svg);
    // 40 features in 300 px: rows fold, labels still fit.
    let s = summary(40, 20);
    let svg = render_svg(640, 300, |a| draw_summary(a, &s, &style())).unwrap();
    assert_row_labels_fit(&svg);
    let rows: Vec<String> = texts(&svg).into_iter().filter(|t| t.2 == "end").map(|t| t.4).collect();
    let folded = rows.iter().find(|r| r.starts_with("and ")).expect("a folded row");
    let hidden: usize = folded.split(' ').nth(1).unwrap().parse().unwrap();
    assert_eq!(hidden + rows.len() - 1, 45, "{rows:?}");
    // Dots stay in their row: every circle lies inside the picture.
    for c in svg.split("<circle").skip(1) {
        let cy: f64 = c.split("cy=\"").nth(1).unwrap().split('"').next().unwrap().parse().unwrap();
        assert!((0.0..=300.0).contains(&cy));
    }
}

#[test]
fn dependence_numeric_and_categorical() {
    let d = Dependence {
        feature: "age".into(),
        levels: None,
        x: vec![20.0, 30.0, f64::NAN, 60.0],
        contribution: vec![-0.1, 0.0, 0.05, 0.2],
        colour_feature: Some("income".into()),
        colour: vec![Some(0.0), Some(1.0), None, None],
        rows: 4,
        drawn: 4,
    };
    let svg = render_svg(600, 400, |a| draw_dependence(a, &d, &style())).unwrap();
    // 3 present values, and the legend's low, high and missing dots.
    assert_eq!(svg.matches("<circle").count(), 3 + 3);
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    assert!(all.contains(&"Contribution of age (1 missing not shown)".to_string()), "{all:?}");
    assert!(all.contains(&"high income".to_string()));
    let c = Dependence {
        levels: Some(vec!["North".into(), "West".into()]),
        x: vec![0.0, 1.0, 2.0, 1.0],
        colour_feature: None,
        ..d
    };
    let svg = render_svg(600, 400, |a| draw_dependence(a, &c, &style())).unwrap();
    assert_eq!(svg.matches("<circle").count(), 4);
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    for label in ["North", "West", "unseen"] {
        assert!(all.contains(&label.to_string()), "{label}: {all:?}");
    }
}

#[test]
fn pdp_draws_every_ice_line_and_the_average() {
    let p = PartialDependence {
        feature: "age".into(),
        categorical: false,
        grid: vec![20.0, 40.0, 60.0],
        labels: vec!["20".into(), "40".into(), "60".into()],
        average: vec![0.2, 0.4, 0.5],
        ice: vec![vec![0.1, 0.3, 0.4], vec![0.3, 0.5, 0.6]],
        rows: vec![0, 1],
    };
    let svg = render_svg(600, 400, |a| draw_pdp(a, &p, &style())).unwrap();
    // Two ICE lines, the average, and the legend's two samples.
    // Two ICE lines and their legend sample; the average and its legend sample.
    let stroke = |c: plotters::style::RGBColor| {
        svg.matches(&format!("stroke=\"#{:02X}{:02X}{:02X}\"", c.0, c.1, c.2)).count()
    };
    assert_eq!((stroke(style().classes[0]), stroke(style().classes[1])), (3, 2));
    assert!(svg.contains("average of 2"));
    let c = PartialDependence {
        categorical: true,
        labels: vec!["a".into(), "b".into(), "c".into()],
        ..p
    };
    let svg = render_svg(600, 400, |a| draw_pdp(a, &c, &style())).unwrap();
    let all: Vec<String> = texts(&svg).into_iter().map(|t| t.4).collect();
    assert!(["a", "b", "c"].iter().all(|l| all.contains(&l.to_string())), "{all:?}");
    assert_eq!(svg.matches("<circle").count(), 3, "a marker per label");
}

fn profit() -> ProfitCurve {
    let y = [1, 0, 1, 0, 0, 1, 0, 0];
    let proba = [0.9, 0.8, 0.8, 0.3, 0.1, 0.7, 0.2, 0.05];
    let params = ProfitParams::new(10.0, 3.0).resamples(50).check().unwrap();
    crate::engine::explain::profit_curve(&y, &proba, &params).unwrap()
}

#[test]
fn profit_draws_the_band_the_line_and_the_best_point() {
    let p = profit();
    for axis in [ProfitAxis::Share, ProfitAxis::Threshold] {
        let svg = render_svg(600, 400, |a| draw_profit(a, &p, axis, &style())).unwrap();
        assert_eq!(svg.matches("<polygon").count(), 1, "the bootstrap band");
        assert!(svg.contains("best: 50% contacted, P ≥ 0.70"), "{axis:?}");
        let circles = svg.matches("<circle").count();
        assert_eq!(circles, 2, "best point and its legend dot");
    }
    let none = ProfitCurve { points: Vec::new(), ..p };
    let svg = render_svg(600, 400, |a| draw_profit(a, &none, ProfitAxis::Share, &style())).unwrap();
    assert!(svg.contains("No held-out customers"));
}

//! Every chart whose labels grow with the data, drawn for many column counts and label lengths
//! at the sizes the page and the report use: no two text boxes intersect, every box has a
//! positive size and lies in the picture, and no rectangle has a negative size
//! ([`assert_readable`]). Also what the folding promises: the top rows by the chart's measure,
//! and "and N more" counting the rest.

use super::svg_check::{assert_readable, text_boxes};
use super::*;
use crate::engine::explain::{Dependence, PartialDependence, Summary, SummaryFeature};
use crate::engine::explain::{FeatureImpact, SummaryPoint};

/// Column counts from one to far past what fits.
const COUNTS: [usize; 13] = [1, 2, 3, 5, 8, 12, 20, 21, 25, 40, 86, 120, 500];
/// Label lengths, in characters.
const LENGTHS: [usize; 4] = [1, 8, 24, 70];

fn styles() -> [ChartStyle; 3] {
    [ChartStyle::light(), ChartStyle::dark(), ChartStyle { scale: 2.0, ..ChartStyle::light() }]
}

/// `n` distinct labels of about `len` characters ("c7_xxxx…").
fn labels(n: usize, len: usize) -> Vec<String> {
    (0..n)
        .map(|i| {
            let head = format!("c{i}_");
            let tail: String = std::iter::repeat_n('x', len.saturating_sub(head.len())).collect();
            format!("{head}{tail}").chars().take(len.max(1)).collect::<String>()
        })
        .collect()
}

fn scaled(size: (u32, u32), style: &ChartStyle) -> (u32, u32) {
    ((size.0 as f64 * style.scale) as u32, (size.1 as f64 * style.scale) as u32)
}

#[test]
fn importance_bars_are_readable_and_fold_into_the_top_20() {
    for style in styles() {
        for n in COUNTS {
            for len in LENGTHS {
                let bars: Vec<Bar> = labels(n, len)
                    .into_iter()
                    .enumerate()
                    .map(|(i, label)| {
                        // Values out of file order, so the chart must sort them.
                        let value = ((i * 37) % (n + 3)) as f64 / (n + 3) as f64;
                        Bar {
                            label,
                            value,
                            lo: Some(value * 0.9),
                            hi: Some(value * 1.1),
                            ..Bar::default()
                        }
                    })
                    .collect();
                let size = scaled((640, bars_height(n)), &style);
                let what = format!("importance n={n} len={len} scale={}", style.scale);
                let svg =
                    render_svg(size.0, size.1, |a| draw_importance(a, "Importance", &bars, &style))
                        .unwrap();
                assert_readable(&svg, size, &what);
                let texts: Vec<String> = text_boxes(&svg).into_iter().map(|t| t.text).collect();
                let more = texts.iter().find(|t| t.starts_with("and "));
                if n > TOP_BARS {
                    let hidden: usize =
                        more.expect(&what).split(' ').nth(1).unwrap().parse().unwrap();
                    assert_eq!(hidden, n - TOP_BARS, "{what}");
                    // The largest bar is shown, the smallest is not.
                    let mut sorted = bars.clone();
                    sorted.sort_by(|a, b| b.value.total_cmp(&a.value));
                    let short = |l: &str| l.chars().take(3).collect::<String>();
                    assert!(
                        texts.iter().any(|t| t.starts_with(&short(&sorted[0].label))),
                        "{what}"
                    );
                } else {
                    assert!(more.is_none(), "{what}: {texts:?}");
                }
            }
        }
    }
}

#[test]
fn psi_bars_are_readable() {
    for n in COUNTS {
        let bars: Vec<Bar> = labels(n, 30)
            .into_iter()
            .enumerate()
            .map(|(i, label)| Bar { label, value: (i % 7) as f64 / 10.0, ..Bar::default() })
            .collect();
        let size = (640, bars_height(n));
        let svg = render_svg(size.0, size.1, |a| draw_psi(a, "PSI", &bars, &ChartStyle::light()))
            .unwrap();
        assert_readable(&svg, size, &format!("psi n={n}"));
    }
}

#[test]
fn rate_bars_are_readable_flat_upright_or_numbered() {
    for style in styles() {
        for n in [1, 2, 3, 5, 8, 9, 15, 30, 31] {
            for len in LENGTHS {
                for numbered in [false, true] {
                    let data = RateBars {
                        title: "Rate by a column with a long name".into(),
                        y_label: "purchase rate".into(),
                        bars: labels(n, len)
                            .into_iter()
                            .enumerate()
                            .map(|(i, label)| Bar {
                                label,
                                value: (i % 5) as f64 / 10.0 + 0.05,
                                lo: Some(0.01),
                                hi: Some(0.6),
                                marker: Some(0.2),
                                ..Bar::default()
                            })
                            .collect(),
                        reference: Some(("overall".into(), 0.2)),
                        marker_name: None,
                        numbered,
                    };
                    let size = scaled((640, 380), &style);
                    let what = format!("rates n={n} len={len} numbered={numbered}");
                    let svg =
                        render_svg(size.0, size.1, |a| draw_rate_bars(a, &data, &style)).unwrap();
                    assert_readable(&svg, size, &what);
                }
            }
        }
    }
}

#[test]
fn heatmaps_are_readable_at_any_size() {
    for style in styles() {
        for n in COUNTS.into_iter().filter(|&n| n <= 86) {
            for len in LENGTHS {
                let names = labels(n, len);
                let h = Heatmap {
                    title: "Correlation (Pearson)".into(),
                    rows: names.clone(),
                    cols: names.clone(),
                    values: (0..n)
                        .map(|r| (0..n).map(|c| Some(((r * c) % 7) as f64 / 3.5 - 1.0)).collect())
                        .collect(),
                    diverging: true,
                    cell_text: None,
                };
                let side = heatmap_side(n);
                let size = scaled((640, side), &style);
                let what = format!("heatmap n={n} len={len} scale={}", style.scale);
                let svg = render_svg(size.0, size.1, |a| draw_heatmap(a, &h, &style)).unwrap();
                assert_readable(&svg, size, &what);
                if n <= 25 && len <= 24 {
                    // Every row named (whole or cut) and every cell numbered.
                    let texts = text_boxes(&svg);
                    let numbers = texts.iter().filter(|t| t.text.parse::<f64>().is_ok()).count();
                    assert!(numbers == n * n || n > 12, "{what}: {numbers} numbers");
                }
            }
        }
    }
}

#[test]
fn grid_heatmap_cells_with_counts_are_readable() {
    for k in [2, 3, 5, 8, 10] {
        let cuts: Vec<String> =
            (0..k).map(|i| format!("{}–{}", i * 1000, (i + 1) * 1000)).collect();
        let h = Heatmap {
            title: "Shrunk purchase rate: estimated_salary (rows) × age (columns)".into(),
            rows: cuts.clone(),
            cols: cuts.clone(),
            values: vec![vec![Some(0.3); k]; k],
            diverging: false,
            cell_text: Some(vec![vec!["31% n=1234".to_string(); k]; k]),
        };
        let size = (640, heatmap_side(k));
        let svg =
            render_svg(size.0, size.1, |a| draw_heatmap(a, &h, &ChartStyle::light())).unwrap();
        assert_readable(&svg, size, &format!("grid {k}"));
    }
}

fn summary(features: usize, len: usize) -> Summary {
    Summary {
        features: labels(features, len)
            .into_iter()
            .enumerate()
            .map(|(f, name)| SummaryFeature {
                impact: FeatureImpact { feature: f, name, mean_abs: 0.1, mean: 0.0 },
                points: (0..30)
                    .map(|i| SummaryPoint {
                        contribution: (i as f64 - 15.0) / 100.0,
                        colour: Some(i as f64 / 30.0),
                    })
                    .collect(),
            })
            .collect(),
        others: 0,
        rows: 30,
        drawn: 30,
    }
}

#[test]
fn explanation_charts_are_readable_at_any_feature_count() {
    let style = ChartStyle::light();
    for n in COUNTS {
        for len in LENGTHS {
            let names = labels(n, len);
            let values: Vec<f64> = (0..n).map(|i| 0.3 / (i + 1) as f64 - 0.05).collect();
            let w = Waterfall::new("Customer 7", 0.3, &values, &names, 20);
            for height in [300, 420, 640] {
                let what = format!("waterfall n={n} len={len} h={height}");
                let svg = render_svg(640, height, |a| draw_waterfall(a, &w, &style)).unwrap();
                assert_readable(&svg, (640, height), &what);
                let what = format!("summary n={n} len={len} h={height}");
                let s = summary(n.min(40), len);
                let svg = render_svg(640, height, |a| draw_summary(a, &s, &style)).unwrap();
                assert_readable(&svg, (640, height), &what);
            }
            let levels = labels(n.min(60), len);
            let dep = Dependence {
                feature: names[0].clone(),
                levels: Some(levels.clone()),
                x: (0..levels.len() * 3).map(|i| (i % levels.len()) as f64).collect(),
                contribution: (0..levels.len() * 3).map(|i| (i % 7) as f64 / 50.0).collect(),
                colour_feature: Some(names[n - 1].clone()),
                colour: vec![Some(0.5); levels.len() * 3],
                rows: levels.len() * 3,
                drawn: levels.len() * 3,
            };
            let svg = render_svg(640, 380, |a| draw_dependence(a, &dep, &style)).unwrap();
            assert_readable(&svg, (640, 380), &format!("dependence n={n} len={len}"));
            let g = levels.len();
            let pdp = PartialDependence {
                feature: names[0].clone(),
                categorical: true,
                grid: (0..g).map(|i| i as f64).collect(),
                labels: levels,
                average: vec![0.3; g],
                ice: vec![vec![0.2; g]; 3],
                rows: vec![0, 1, 2],
            };
            let svg = render_svg(640, 380, |a| draw_pdp(a, &pdp, &style)).unwrap();
            assert_readable(&svg, (640, 380), &format!("pdp n={n} len={len}"));
        }
    }
}

//! Report tests: every section and chart is present for the demo data, hostile text from the
//! data stays text (in HTML and inside the SVG charts), and the page loads nothing.

use super::*;
use crate::engine::clean::{apply, suggest, StepReport};
use crate::engine::eda::{summarize, ColumnSummary};
use crate::engine::evaluate::{evaluate_split, EvalConfig, Evaluation};
use crate::engine::forest::{ForestParams, ValidForestParams};
use crate::engine::ingest::{ingest, IngestOptions, IngestReport};
use crate::engine::model_io::{fingerprint, DataFingerprint};
use crate::engine::segment::{grid_segments, segment_stats, GridParams, SegmentTable};
use crate::engine::target::binary_target;

const DEMO: &[u8] = include_bytes!("../../public/social_network_ads.csv");

/// Everything a report borrows, computed from CSV bytes the way the CLI does.
struct Parts {
    file_name: String,
    target: String,
    ingest: IngestReport,
    rows_read: usize,
    columns_read: usize,
    steps: Vec<StepReport>,
    fp: DataFingerprint,
    summary: Vec<ColumnSummary>,
    eda: EdaData,
    params: ValidForestParams,
    eval: Evaluation,
    segments: SegmentTable,
    drift: Vec<DriftRow>,
}

impl Parts {
    fn new(bytes: &[u8], file_name: &str, target: &str, by: &[&str]) -> Parts {
        let got = ingest(bytes, &IngestOptions::default()).unwrap();
        let log = suggest(&got.table, Some(target));
        let (clean, steps) = apply(&got.table, &log).unwrap();
        let params = ForestParams::new().n_estimators(20).n_threads(Some(1)).check().unwrap();
        let cfg = EvalConfig {
            target: crate::engine::dataset::TargetSpec {
                target: target.into(),
                ..Default::default()
            },
            params: params.clone(),
            test_size: 0.25,
            split_seed: 42,
            threshold: 0.5,
            permutation_repeats: 2,
        };
        let (_, eval) = evaluate_split(&clean, &cfg, &mut |_, _, _| true).unwrap();
        let y: Vec<u8> =
            binary_target(&clean, target, None).unwrap().y.iter().map(|v| v.unwrap()).collect();
        let grid = GridParams::new(by.iter().map(|s| s.to_string()).collect()).check().unwrap();
        let seg = grid_segments(&clean, &grid).unwrap();
        let drift = clean
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| DriftRow {
                feature: c.name.clone(),
                psi: 0.05 * i as f64,
                verdict: if i > 1 { "moderate".into() } else { "stable".into() },
            })
            .collect();
        Parts {
            file_name: file_name.into(),
            target: target.into(),
            rows_read: got.table.n_rows(),
            columns_read: got.table.n_cols(),
            ingest: got.report,
            steps,
            fp: fingerprint(&clean),
            summary: summarize(&clean),
            eda: EdaData::compute(&clean, target, None).unwrap(),
            params,
            eval,
            segments: segment_stats(&seg, &y, None, 30).unwrap(),
            drift,
        }
    }

    fn input(&self) -> ReportInput<'_> {
        ReportInput {
            title: "Purchase analysis",
            file_name: &self.file_name,
            created: "2025-01-02T03:04:05Z",
            data: DataInput {
                target: &self.target,
                rows_read: self.rows_read,
                columns_read: self.columns_read,
                fingerprint: &self.fp,
                summary: &self.summary,
                ingest: Some(&self.ingest),
            },
            cleaning: &self.steps,
            eda: Some(self.eda.input()),
            model: Some(ModelInput {
                params: &self.params,
                evaluation: &self.eval,
                cv: None,
                scope: EvalScope::HeldOut,
                warnings: &[],
            }),
            segments: Some(SegmentsInput {
                method: "grid",
                table: &self.segments,
                discovery: None,
            }),
            drift: Some(&self.drift),
            explain: None,
        }
    }
}

fn demo() -> Parts {
    Parts::new(DEMO, "social_network_ads.csv", "Purchased", &["Age", "EstimatedSalary"])
}

/// Tag names of every element opened in `html` (text after `<` up to a space, `>` or `/`).
fn tag_names(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .filter(|s| s.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|s| {
            s.chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_lowercase()
        })
        .collect()
}

/// Attribute names inside every tag of `html`.
fn attribute_names(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    for tag in html.split('<').skip(1).filter_map(|s| s.split_once('>').map(|(t, _)| t)) {
        let mut in_quotes = false;
        let mut word = String::new();
        for c in tag.chars() {
            match c {
                '"' => in_quotes = !in_quotes,
                '=' if !in_quotes => out.push(std::mem::take(&mut word).trim().to_lowercase()),
                c if c.is_whitespace() && !in_quotes => word.clear(),
                c if !in_quotes => word.push(c),
                _ => {}
            }
        }
    }
    out
}

const ALLOWED_TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "nav",
    "ol",
    "ul",
    "li",
    "a",
    "main",
    "section",
    "h1",
    "h2",
    "h3",
    "p",
    "strong",
    "span",
    "dl",
    "dt",
    "dd",
    "div",
    "table",
    "caption",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "pre",
    "figure",
    "figcaption",
    "svg",
    "rect",
    "text",
    "circle",
    "polyline",
    "line",
    "path",
    "polygon",
    "g",
];

#[test]
fn every_section_has_its_id_testid_and_heading() {
    let parts = demo();
    let html = build_report(&parts.input());
    for (id, heading) in [
        ("report-findings", "Findings"),
        ("report-summary", "Data"),
        ("report-cleaning", "Cleaning log"),
        ("report-eda", "Exploration"),
        ("report-model", "Model"),
        ("report-segments", "Segments"),
        ("report-drift", "Drift"),
    ] {
        let open = format!("<section id=\"{id}\" data-testid=\"{id}\"");
        assert_eq!(html.matches(&open).count(), 1, "{id} missing or repeated");
        assert!(html.contains(&format!("<h2 id=\"{id}-h\">{heading}</h2>")), "{id} heading");
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(&format!("content=\"{CSP}\"")));
    assert!(html.contains("@media print"));
}

#[test]
fn optional_sections_are_left_out_without_data() {
    let parts = demo();
    let mut input = parts.input();
    input.model = None;
    input.segments = None;
    input.drift = None;
    let html = build_report(&input);
    for id in ["report-model", "report-segments", "report-drift"] {
        assert!(!html.contains(&format!("id=\"{id}\"")), "{id} should be absent");
    }
    assert!(html.contains("id=\"report-eda\""));
    // Without a model the findings still state the baseline a model must beat.
    let share = pct(parts.eda.balance.majority_baseline);
    assert!(html.contains(&share), "baseline {share} missing");
}

#[test]
fn demo_report_has_charts_tables_and_the_evaluated_numbers() {
    let parts = demo();
    let html = build_report(&parts.input());
    // 2 histograms, scatter, heatmap, 1 rate chart, ROC, PR, 2 importance charts, segments.
    let svgs = html.matches("<svg role=\"img\" aria-label=").count();
    assert_eq!(svgs, html.matches("<svg").count(), "every svg is labelled");
    assert!(svgs >= 10, "{svgs} charts");
    assert_eq!(html.matches("<figure").count(), html.matches("<figcaption>").count());
    assert!(html.contains(&format!("{:.4}", parts.eval.metrics.accuracy)));
    let [[tn, fp], [fn_, tp]] = parts.eval.metrics.confusion_matrix;
    for n in [tn, fp, fn_, tp] {
        assert!(html.contains(&format!("<td class=\"num\">{n}</td>")), "confusion cell {n}");
    }
    assert!(html.contains(&esc(&parts.eval.classification_report)));
    let rows = html.matches("<tr").count();
    assert!(rows > parts.segments.segments.len(), "segment rows");
    let small = parts.segments.segments.iter().filter(|s| s.small_n).count();
    assert_eq!(html.matches("<tr class=\"small-n\">").count(), small);
    for step in &parts.steps {
        assert!(html.contains(&esc(&step.description)));
    }
}

#[test]
fn the_page_fetches_nothing_and_runs_nothing() {
    let parts = demo();
    let html = build_report(&parts.input());
    let without_ns = html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "");
    assert!(!without_ns.contains("http://") && !without_ns.contains("https://"));
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("src=") && !html.contains("url("));
    for tag in tag_names(&html) {
        assert!(ALLOWED_TAGS.contains(&tag.as_str()), "unexpected element <{tag}>");
    }
}

#[test]
fn hostile_names_and_labels_stay_text_everywhere() {
    let script = "<script>alert(1)</script>";
    let img = "<img src=x onerror=alert(1)>";
    let mut csv = format!("{script},Group,Purchased\n");
    for i in 0..120 {
        let group = if i % 3 == 0 { img } else { "B" };
        csv += &format!("{},{group},{}\n", 20 + i % 40, (i % 5 == 0 || i % 7 == 0) as u8);
    }
    let parts =
        Parts::new(csv.as_bytes(), "<b onmouseover=x>.csv", "Purchased", &[script, "Group"]);
    // The hostile label reaches the charts' data, so the SVG backend has to escape it.
    assert!(parts.eda.rates.iter().any(|(_, r)| r.iter().any(|c| c.label == img)));
    assert!(parts.segments.segments.iter().any(|s| s.label.contains(img)));
    let html = build_report(&parts.input());
    assert!(!html.to_lowercase().contains("<script"), "a script element appeared");
    assert!(!html.contains("<img"), "an img element appeared");
    assert!(!html.contains("<b "), "the file name became markup");
    for tag in tag_names(&html) {
        assert!(ALLOWED_TAGS.contains(&tag.as_str()), "unexpected element <{tag}>");
    }
    let attrs = attribute_names(&html);
    assert!(attrs.iter().all(|a| !a.starts_with("on")), "event handler attribute in {attrs:?}");
    // The text is still there, escaped, in the tables and inside the SVG charts.
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    let svg_text: String =
        html.split("<svg").skip(1).filter_map(|s| s.split_once("</svg>")).map(|(s, _)| s).collect();
    assert!(svg_text.contains("&lt;script&gt;"), "hostile column name not drawn in a chart");
    assert!(!svg_text.contains("<script") && !svg_text.contains("<img"));
}

#[test]
fn attribute_scanner_sees_event_handlers() {
    // The hostile test relies on these helpers: check they would catch an unescaped element.
    assert_eq!(tag_names("<p>a</p><img src=x onerror=y>"), vec!["p", "img"]);
    assert!(attribute_names("<img src=x onerror=alert(1)>").contains(&"onerror".to_string()));
    assert!(!attribute_names("<p title=\"a onerror=b\">").contains(&"onerror".to_string()));
}

fn pct(x: f64) -> String {
    super::html::pct(x)
}

/// A seeded file of `rows` rows and `cols` feature columns (70 % numbers, 30 % labels with up to
/// 12 levels and long names), `y` depending on the first few.
fn wide_csv(rows: usize, cols: usize) -> String {
    let n_num = cols * 7 / 10;
    let mut head: Vec<String> = (0..n_num).map(|i| format!("number_column_{i}")).collect();
    head.extend((n_num..cols).map(|j| format!("a_rather_long_category_column_name_{j}")));
    head.push("y".into());
    let mut csv = head.join(",") + "\n";
    let mut h: u64 = 7;
    let mut next = || {
        h = h.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (h >> 33) as f64 / (1u64 << 31) as f64
    };
    for _ in 0..rows {
        let nums: Vec<f64> = (0..n_num).map(|_| next() * 10.0).collect();
        let cats: Vec<usize> =
            (n_num..cols).map(|j| (next() * (2 + j % 11) as f64) as usize).collect();
        let score = nums[0] - nums[1] + if cats[0] == 0 { 4.0 } else { 0.0 } + next() * 6.0;
        let mut cells: Vec<String> = nums.iter().map(|x| format!("{x:.3}")).collect();
        cells.extend(cats.iter().map(|c| format!("level {c} of a long label")));
        cells.push(((score > 8.0) as u8).to_string());
        csv += &(cells.join(",") + "\n");
    }
    csv
}

#[test]
fn a_wide_report_has_readable_charts() {
    // 120 feature columns: every chart's labels fit without overlapping, no negative sizes.
    let csv = wide_csv(400, 120);
    let parts = Parts::new(csv.as_bytes(), "wide.csv", "y", &["number_column_0"]);
    assert!(parts.eda.correlation.names.len() <= 25, "{:?}", parts.eda.correlation.names);
    let html = build_report(&parts.input());
    let mut checked = 0;
    for svg in html.split("<svg ").skip(1) {
        let svg = format!("<svg {}", svg.split("</svg>").next().unwrap());
        let tag = svg.split('>').next().unwrap();
        let size = |name: &str| -> u32 {
            let v = tag.split(&format!(" {name}=\"")).nth(1).unwrap().split('"').next().unwrap();
            v.trim_end_matches("px").parse::<f64>().unwrap() as u32
        };
        let what = format!("report chart {checked}");
        crate::charts::svg_check::assert_readable(&svg, (size("width"), size("height")), &what);
        checked += 1;
    }
    assert!(checked >= 5, "{checked} charts");
}

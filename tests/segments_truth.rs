//! Segment statistics checked against the generator's true purchase probabilities
//! (`gen_customers.py --truth`): shrinkage lowers the error on average, Wilson intervals cover
//! the truth, and the planted micro-segments come out with the right lift.

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use micronum::engine::ingest::{ingest, IngestOptions};
use micronum::engine::segment::{grid_segments, segment_stats, GridParams, Segmentation};
use micronum::engine::table::{ColumnData, Table};

/// Runs the generator; None (with a note) when python3 is not available.
fn generate(rows: usize, seed: u64) -> Option<Table> {
    let script = common::shared("tools/gen_customers.py");
    let out = Command::new("python3")
        .arg(&script)
        .args(["--rows", &rows.to_string(), "--seed", &seed.to_string(), "--truth"])
        .output();
    let out = match out {
        Ok(o) if o.status.success() => o.stdout,
        other => panic!("gen_customers.py failed: {other:?}"),
    };
    Some(ingest(&out, &IngestOptions::default()).unwrap().table)
}

fn numeric(t: &Table, name: &str) -> Vec<f64> {
    match &t.column(name).unwrap().data {
        ColumnData::Numeric(v) => v.to_vec(),
        _ => panic!("{name} not numeric"),
    }
}

fn y(t: &Table) -> Vec<u8> {
    numeric(t, "purchased").iter().map(|v| *v as u8).collect()
}

/// Mean true probability per segment.
fn truth_per_segment(seg: &Segmentation, p_true: &[f64]) -> Vec<f64> {
    let mut sum = vec![0.0; seg.labels.len()];
    let mut n = vec![0usize; seg.labels.len()];
    for (i, &s) in seg.assignment.iter().enumerate() {
        sum[s] += p_true[i];
        n[s] += 1;
    }
    sum.iter().zip(&n).map(|(s, n)| s / (*n).max(1) as f64).collect()
}

#[test]
fn shrinkage_beats_raw_rates_and_wilson_covers_the_truth() {
    let (mut mse_raw, mut mse_shrunk) = (0.0, 0.0);
    let (mut covered, mut total) = (0usize, 0usize);
    for seed in 1..=5 {
        let t = generate(3000, seed).unwrap();
        let params = GridParams {
            columns: vec!["age".into(), "estimated_salary".into(), "channel".into()],
            bins: 6,
            edges: BTreeMap::new(),
        };
        let seg = grid_segments(&t, &params.check().unwrap()).unwrap();
        let truth = truth_per_segment(&seg, &numeric(&t, "p_true"));
        let table = segment_stats(&seg, &y(&t), None, 30).unwrap();
        for s in &table.segments {
            let p = truth[s.segment];
            mse_raw += (s.rate - p).powi(2);
            mse_shrunk += (s.shrunk_rate - p).powi(2);
            covered += (s.ci_low <= p && p <= s.ci_high) as usize;
            total += 1;
        }
    }
    assert!(mse_shrunk < mse_raw, "shrunk MSE {mse_shrunk:.4} ≥ raw MSE {mse_raw:.4}");
    let coverage = covered as f64 / total as f64;
    assert!(coverage >= 0.90, "Wilson coverage {coverage:.3} over {total} segments");
    println!("segments {total}: MSE raw {mse_raw:.4}, shrunk {mse_shrunk:.4}, Wilson coverage {coverage:.3}");
}

#[test]
fn planted_micro_segments_show_in_a_large_file() {
    let t = generate(50_000, 11).unwrap();
    let ys = y(&t);
    let region =
        grid_segments(&t, &GridParams::new(vec!["region".into()]).check().unwrap()).unwrap();
    let table = segment_stats(&region, &ys, None, 30).unwrap();
    assert_eq!(
        table.segments[0].label,
        "region Islands",
        "{:?}",
        table.segments.iter().map(|s| (&s.label, s.shrunk_lift)).collect::<Vec<_>>()
    );
    assert!(table.segments[0].shrunk_lift > 1.5, "Islands lift {}", table.segments[0].shrunk_lift);
    let mut edges = BTreeMap::new();
    edges.insert("age".to_string(), vec![60.0]);
    let phone = grid_segments(
        &t,
        &GridParams::new(vec!["channel".into(), "age".into()]).edges(edges).check().unwrap(),
    )
    .unwrap();
    let table = segment_stats(&phone, &ys, None, 30).unwrap();
    let old_phone = table
        .segments
        .iter()
        .find(|s| s.label.starts_with("channel phone × age 61"))
        .expect("phone × age over 60 segment");
    // Over-60s buy far more than average, except on the phone, where the planted effect makes
    // them the least likely over-60 buyers by a wide margin.
    let others: Vec<f64> = table
        .segments
        .iter()
        .filter(|s| s.label.contains("age 61") && !s.label.starts_with("channel phone"))
        .map(|s| s.shrunk_lift)
        .collect();
    println!(
        "phone × age > 60: lift {:.2}; other channels over 60: {others:?}",
        old_phone.shrunk_lift
    );
    assert_eq!(others.len(), 2);
    assert!(
        others.iter().all(|&o| old_phone.shrunk_lift < 0.6 * o),
        "phone × age > 60 lift {} vs {others:?}",
        old_phone.shrunk_lift
    );
    assert!(old_phone.shrunk_lift < 1.0);
}

//! Segment tests on the demo data and small hand-checked cases.

use super::*;
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::table::Table;

const DEMO: &[u8] = include_bytes!("../../../public/social_network_ads.csv");

fn demo() -> (Table, Vec<u8>) {
    let t = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    let y = crate::engine::target::binary_target(&t, "Purchased", None)
        .unwrap()
        .y
        .iter()
        .map(|v| v.unwrap())
        .collect();
    (t, y)
}

#[test]
fn stats_by_hand() {
    // Segment 0: 5 of 7 bought; segment 1: 1 of 13; segment 2: 10 of 40.
    let mut assignment = vec![0; 7];
    assignment.extend(vec![1; 13]);
    assignment.extend(vec![2; 40]);
    let mut y = vec![1, 1, 1, 1, 1, 0, 0];
    y.extend([1].iter().chain([0; 12].iter()));
    y.extend([1; 10].iter().chain([0; 30].iter()));
    let seg = Segmentation { assignment, labels: vec!["a".into(), "b".into(), "c".into()] };
    let t = segment_stats(&seg, &y, None, 30).unwrap();
    assert_eq!(t.n, 60);
    assert_eq!(t.segments.iter().map(|s| s.n).sum::<u64>(), 60);
    let a = t.segments.iter().find(|s| s.label == "a").unwrap();
    assert!((a.rate - 5.0 / 7.0).abs() < 1e-12);
    assert!(a.small_n);
    // The shrunk rate lies between the raw rate and the overall rate 16/60.
    assert!(a.shrunk_rate < a.rate && a.shrunk_rate > t.overall_rate);
    assert!((a.lift - (5.0 / 7.0) / (16.0 / 60.0)).abs() < 1e-12);
    assert!(!t.segments.iter().find(|s| s.label == "c").unwrap().small_n);
    assert!(t.segments.windows(2).all(|w| w[0].shrunk_lift >= w[1].shrunk_lift));
    let csv = t.to_csv();
    assert!(csv.starts_with(
        "segment,label,n,positives,rate,ci_low,ci_high,shrunk_rate,lift,shrunk_lift,small_n\n"
    ));
    assert_eq!(csv.lines().count(), 4);
}

#[test]
fn grid_on_age_and_salary() {
    let (t, y) = demo();
    let seg = grid_segments(
        &t,
        &GridParams {
            columns: vec!["Age".into(), "EstimatedSalary".into()],
            bins: 4,
            edges: Default::default(),
        },
    )
    .unwrap();
    assert!(seg.labels.len() <= 16 && seg.labels.len() >= 12, "{}", seg.labels.len());
    assert!(
        seg.labels[0].starts_with("Age 18–") && seg.labels[0].contains(" × EstimatedSalary 15k–"),
        "{}",
        seg.labels[0]
    );
    let table = segment_stats(&seg, &y, None, 30).unwrap();
    assert_eq!(table.n, 400);
    assert!(grid_segments(&t, &GridParams { columns: vec![], bins: 4, edges: Default::default() })
        .is_err());
    assert!(matches!(
        grid_segments(
            &t,
            &GridParams { columns: vec!["Nope".into()], bins: 4, edges: Default::default() }
        ),
        Err(SegmentError::NoSuchColumn { .. })
    ));
    let gender = grid_segments(
        &t,
        &GridParams { columns: vec!["Gender".into()], bins: 4, edges: Default::default() },
    )
    .unwrap();
    assert_eq!(gender.labels, vec!["Gender Female", "Gender Male"]);
}

#[test]
fn rules_are_readable_and_cover_everyone() {
    let (t, _) = demo();
    let data =
        Dataset::from_table(&t, &TargetSpec { target: "Purchased".into(), ..Default::default() })
            .unwrap();
    let seg = rule_segments(&data, &RulesParams { max_depth: 3, min_support: 30, random_state: 1 })
        .unwrap();
    assert!(seg.labels.len() >= 3 && seg.labels.len() <= 8, "{:?}", seg.labels);
    assert!(seg.labels.iter().any(|l| l.contains("Age")), "{:?}", seg.labels);
    let mut counts = vec![0; seg.labels.len()];
    seg.assignment.iter().for_each(|&s| counts[s] += 1);
    assert!(counts.iter().all(|&c| c >= 30), "{counts:?}");
}

#[test]
fn kmeans_is_seeded_and_picks_k() {
    let (t, _) = demo();
    let p = KMeansParams {
        columns: None,
        exclude: vec!["Purchased".into()],
        k: None,
        random_state: 3,
        n_init: 3,
        max_iter: 50,
    };
    let (a, info) = kmeans_segments(&t, &p).unwrap();
    let (b, _) = kmeans_segments(&t, &p).unwrap();
    assert_eq!(a, b);
    assert!((2..=8).contains(&info.k));
    assert_eq!(info.silhouette_by_k.len(), 7);
    assert_eq!(info.profiles.iter().map(|p| p.size).sum::<usize>(), 400);
    assert!(matches!(
        kmeans_segments(&t, &KMeansParams { k: Some(1), ..p }),
        Err(SegmentError::K(1))
    ));
}

#[test]
fn gains_capture_buyers_first() {
    let y = [1, 1, 0, 1, 0, 0, 0, 0, 0, 0];
    let p = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.0];
    let g = gains(&y, &p, 5);
    assert_eq!(g.rows.len(), 5);
    // Top 20% holds 2 of 3 buyers.
    assert!((g.rows[0].cumulative_capture - 2.0 / 3.0).abs() < 1e-12);
    assert!((g.rows[0].lift - 1.0 / 0.3).abs() < 1e-12);
    assert_eq!(g.curve.last(), Some(&(1.0, 1.0)));
}

#[test]
fn short_numbers() {
    assert_eq!(short(43000.0), "43k");
    assert_eq!(short(1_250_000.0), "1.2M");
    assert_eq!(short(27.0), "27");
    assert_eq!(short(2.5), "2.5");
    assert_eq!(short(1500.0), "1.5k");
}

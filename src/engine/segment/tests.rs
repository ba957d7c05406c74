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
    let grid = |cols: &[&str]| {
        GridParams::new(cols.iter().map(|c| c.to_string()).collect()).bins(4).check()
    };
    let seg = grid_segments(&t, &grid(&["Age", "EstimatedSalary"]).unwrap()).unwrap();
    assert!(seg.labels.len() <= 16 && seg.labels.len() >= 12, "{}", seg.labels.len());
    assert!(
        seg.labels[0].starts_with("Age 18–") && seg.labels[0].contains(" × EstimatedSalary 15k–"),
        "{}",
        seg.labels[0]
    );
    let table = segment_stats(&seg, &y, None, 30).unwrap();
    assert_eq!(table.n, 400);
    assert_eq!(grid(&[]).unwrap_err(), SegmentError::GridColumns(0));
    assert_eq!(grid(&["a", "b", "c", "d"]).unwrap_err(), SegmentError::GridColumns(4));
    assert_eq!(
        GridParams::new(vec!["Age".into()]).bins(21).check().unwrap_err(),
        SegmentError::Bins(21)
    );
    assert!(matches!(
        grid_segments(&t, &grid(&["Nope"]).unwrap()),
        Err(SegmentError::NoSuchColumn { .. })
    ));
    let gender = grid_segments(&t, &grid(&["Gender"]).unwrap()).unwrap();
    assert_eq!(gender.labels, vec!["Gender Female", "Gender Male"]);
}

#[test]
fn rules_are_readable_and_cover_everyone() {
    let (t, _) = demo();
    let data =
        Dataset::from_table(&t, &TargetSpec { target: "Purchased".into(), ..Default::default() })
            .unwrap();
    let p = RulesParams::new().max_depth(3).random_state(1).check().unwrap();
    let seg = rule_segments(&data, &p, 30).unwrap();
    assert_eq!(RulesParams::new().max_depth(7).check().unwrap_err(), SegmentError::Depth(7));
    assert_eq!(rule_segments(&data, &p, 0).unwrap_err(), SegmentError::MinSupport);
    assert!(seg.labels.len() >= 3 && seg.labels.len() <= 8, "{:?}", seg.labels);
    assert!(seg.labels.iter().any(|l| l.contains("Age")), "{:?}", seg.labels);
    let mut counts = vec![0; seg.labels.len()];
    seg.assignment.iter().for_each(|&s| counts[s] += 1);
    assert!(counts.iter().all(|&c| c >= 30), "{counts:?}");
}

#[test]
fn kmeans_is_seeded_and_picks_k() {
    let (t, _) = demo();
    let p = KMeansParams { random_state: 3, n_init: 3, max_iter: 50, ..Default::default() }
        .check()
        .unwrap();
    let (a, info) = kmeans_segments(&t, &p, "Purchased").unwrap();
    let (b, _) = kmeans_segments(&t, &p, "Purchased").unwrap();
    assert_eq!(a, b);
    assert!((2..=8).contains(&info.k));
    assert_eq!(info.silhouette_by_k.len(), 7);
    assert_eq!(info.profiles.iter().map(|p| p.size).sum::<usize>(), 400);
    assert_eq!(KMeansParams::new().k(Some(1)).check().unwrap_err(), SegmentError::K(1));
    assert_eq!(
        KMeansParams { n_init: 0, ..Default::default() }.check().unwrap_err(),
        SegmentError::NInit(0)
    );
    // The target is never a clustering feature.
    assert!(info.profiles[0].means.iter().all(|(name, _, _)| name != "Purchased"));
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

#[test]
fn run_dispatches_every_method_on_labelled_rows() {
    // The demo with two rows missing their target: they are left out of every method.
    let mut text = String::from_utf8(DEMO.to_vec()).unwrap();
    text.push_str("99999999,Male,40,50000,\n99999998,Female,41,51000,\n");
    let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
    assert_eq!(t.n_rows(), 402);
    let spec = |method| SegmentSpec {
        target: "Purchased".into(),
        positive: None,
        method,
        min_support: 30,
    };
    let grid = GridParams::new(vec!["Gender".into()]).check().unwrap();
    let r = run(&t, &spec(SegmentMethod::Grid(grid)), None, &mut |_| true).unwrap();
    assert_eq!(r.rows.len(), 400);
    assert_eq!(r.table.n, 400);
    // Gender × purchase counts of the demo (counted with Python's csv module): 204 women, 77
    // of whom bought.
    let female = r.table.segments.iter().find(|s| s.label == "Gender Female").unwrap();
    assert_eq!((female.n, female.positives), (204, 77));
    let rules = RulesParams::new().check().unwrap();
    let r = run(&t, &spec(SegmentMethod::Rules(rules)), None, &mut |_| true).unwrap();
    assert_eq!(r.table.n, 400);
    let deciles = SegmentMethod::Deciles(DecileParams::new().check().unwrap());
    assert_eq!(
        run(&t, &spec(deciles.clone()), None, &mut |_| true).unwrap_err(),
        SegmentError::NeedsModel
    );
    let proba: Vec<f64> = (0..402).map(|i| i as f64 / 402.0).collect();
    let r = run(&t, &spec(deciles.clone()), Some(&proba), &mut |_| true).unwrap();
    assert_eq!(r.gains.as_ref().map(|g| g.rows.len()), Some(10));
    assert_eq!(
        run(&t, &spec(deciles), Some(&proba[..10]), &mut |_| true).unwrap_err(),
        SegmentError::Length { assignment: 10, target: 402 }
    );
    let zero = SegmentSpec {
        min_support: 0,
        ..spec(SegmentMethod::Rules(RulesParams::new().check().unwrap()))
    };
    assert_eq!(run(&t, &zero, None, &mut |_| true).unwrap_err(), SegmentError::MinSupport);
}

#[test]
fn methods_read_back_only_through_check() {
    let m = SegmentMethod::Grid(GridParams::new(vec!["Age".into()]).check().unwrap());
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(serde_json::from_str::<SegmentMethod>(&json).unwrap(), m);
    let bad = json.replace("\"bins\":4", "\"bins\":99");
    let err = serde_json::from_str::<SegmentMethod>(&bad).unwrap_err().to_string();
    assert!(err.contains("bins must be between 2 and 20, got 99"), "{err}");
    assert_eq!(m.describe(), "Grid of Age (4 quantile bins per numeric column)");
}

#[test]
fn discovered_segments_overlap_and_report_held_out_numbers() {
    use crate::engine::segment::discover::DiscoverParams;
    let (t, _) = demo();
    let p = DiscoverParams::new().max_conditions(2).check().unwrap();
    let spec = SegmentSpec {
        target: "Purchased".into(),
        positive: None,
        method: SegmentMethod::Discover(p),
        min_support: 20,
    };
    let r = run(&t, &spec, None, &mut |_| true).unwrap();
    let found = r.discovery.as_ref().expect("a discovery");
    assert_eq!(r.segmentation.labels.len(), found.segments.len());
    assert_eq!(r.table.segments.len(), found.segments.len());
    // The table is the held-out half's: its total is the held-out rows, not the 400.
    assert_eq!(r.table.n, found.holdout.n);
    assert!(r.table.n < 400);
    for (i, seg) in found.segments.iter().enumerate() {
        let members = r.members(i).unwrap();
        assert_eq!(members.len() as u64, seg.n);
        let stats = r.table.segments.iter().find(|s| s.segment == i).unwrap();
        assert_eq!((stats.n, stats.positives), (seg.holdout.n, seg.holdout.positives));
    }
    assert_eq!(r.members(found.segments.len()), None);
    // Segments may overlap: the members of all segments outnumber the rows they cover.
    let total: usize = (0..found.segments.len()).map(|i| r.members(i).unwrap().len()).sum();
    assert!(total > 400, "{total}");
}

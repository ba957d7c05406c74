//! Every stage transition leaves nothing computed from an older stage reachable: requests that
//! name a replaced stage get `Stale`, never an answer from other data, never a panic.

use super::*;
use crate::engine::clean::CleaningStep;
use crate::engine::dataset::TargetSpec;
use crate::engine::evaluate::EvalConfig;
use crate::engine::forest::ForestParams;
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::segment::{GridParams, SegmentMethod, SegmentSpec};
use crate::engine::training::{fit, TrainOptions};

/// 1,030 customers: 1,000 distinct rows, then 30 copies of the first 30 (the scenario
/// scaled down: a grid made before dropping duplicates counts 1,030 rows).
fn with_duplicates() -> Loaded {
    let mut csv = String::from("age,salary,y\n");
    let row = |i: u64| {
        let age = 18 + (i * 7919) % 50;
        let salary = 20_000 + (i * 104_729) % 80_000;
        format!("{age},{salary},{}\n", (age > 40) as u8)
    };
    (0..1000).for_each(|i| csv += &row(i));
    (0..30).for_each(|i| csv += &row(i));
    let ingested = ingest(csv.as_bytes(), &IngestOptions::default()).unwrap();
    Loaded { file_name: "dups.csv".into(), table: ingested.table, report: ingested.report }
}

fn grid() -> SegmentSpec {
    let p = GridParams::new(vec!["age".into(), "salary".into()]).check().unwrap();
    SegmentSpec {
        target: "y".into(),
        positive: None,
        method: SegmentMethod::Grid(p),
        min_support: 30,
    }
}

/// A model of the working table of cleaning `at`, as the worker makes it.
fn trained(s: &Session, gen: Gen, at: Gen) -> ModelStage {
    let cfg = EvalConfig {
        target: TargetSpec { target: "y".into(), ..Default::default() },
        params: ForestParams::new().n_estimators(5).check().unwrap(),
        test_size: 0.25,
        split_seed: 1,
        threshold: 0.5,
        permutation_repeats: 0,
    };
    let f = fit(s.working(at).unwrap(), &cfg, None, TrainOptions::default(), &mut |_, _, _| true)
        .unwrap();
    let record = FitRecord { params: cfg.params, evaluation: f.eval, cv: None, honest: f.honest };
    ModelStage::new(gen, f.model, Some(record))
}

fn stale(stage: Stage, asked: u64, current: Option<u64>) -> SessionError {
    SessionError::Stale { stage, asked: Gen(asked), current: current.map(Gen) }
}

#[test]
fn an_empty_session_has_nothing_to_give() {
    let s = Session::new();
    assert_eq!(s.lineage(), Lineage::default());
    assert_eq!(s.loaded(Gen(0)).unwrap_err(), SessionError::NoData);
    assert_eq!(s.working(Gen(0)).unwrap_err(), SessionError::NoData);
    assert_eq!(s.model(Gen(0)).unwrap_err(), SessionError::NoModel);
    let none = SessionError::StaleSegments { asked: Gen(0), current: None };
    assert_eq!(s.segments(Gen(0)).unwrap_err(), none);
}

#[test]
fn segments_made_before_a_cleaning_that_drops_rows_are_stale() {
    let mut s = Session::new();
    s.load(Gen(1), with_duplicates());
    let n: u64 = s.segment(Gen(2), Gen(1), grid(), &mut |_| true).unwrap().run.table.n;
    assert_eq!(n, 1030);
    let (_, members) = s.segment_members(Gen(2), 0).unwrap();
    assert!(members.n_rows() > 0);
    s.clean(Gen(3), Gen(1), &vec![CleaningStep::DropDuplicates]).unwrap();
    assert_eq!(s.working(Gen(3)).unwrap().n_rows(), 1000);
    // The old segmentation is gone with its cleaning: asking for its rows is stale, not a panic
    // on an index past the new table's end.
    assert_eq!(s.current_segments(), None);
    let gone = SessionError::StaleSegments { asked: Gen(2), current: None };
    assert_eq!(s.segments(Gen(2)).unwrap_err(), gone);
    for segment in [0, 5, 10_000] {
        let err = s.segment_members(Gen(2), segment).unwrap_err();
        assert!(err.is_stale(), "{err}");
    }
    // A request built on the old cleaning is refused; on the new one it counts 1,000 rows.
    assert_eq!(
        s.segment(Gen(4), Gen(1), grid(), &mut |_| true).unwrap_err(),
        stale(Stage::Cleaning, 1, Some(3))
    );
    let again = s.segment(Gen(5), Gen(3), grid(), &mut |_| true).unwrap();
    assert_eq!(again.run.table.n, 1000);
    assert_eq!(
        s.segments(Gen(2)).unwrap_err(),
        SessionError::StaleSegments { asked: Gen(2), current: Some(Gen(5)) }
    );
}

#[test]
fn a_new_file_drops_the_cleaning_the_model_and_their_results() {
    let mut s = Session::new();
    s.load(Gen(1), with_duplicates());
    s.clean(Gen(2), Gen(1), &vec![CleaningStep::DropDuplicates]).unwrap();
    let model = trained(&s, Gen(3), Gen(2));
    s.set_trained(model, Gen(2)).unwrap();
    s.segment(Gen(4), Gen(2), grid(), &mut |_| true).unwrap();
    assert_eq!(s.lineage(), Lineage { data: Gen(1), cleaning: Gen(2), model: Some(Gen(3)) });
    s.load(Gen(5), with_duplicates());
    assert_eq!(s.lineage(), Lineage { data: Gen(5), cleaning: Gen(5), model: None });
    assert_eq!(s.loaded(Gen(1)).unwrap_err(), stale(Stage::Data, 1, Some(5)));
    assert_eq!(s.cleaning(Gen(2)).unwrap_err(), stale(Stage::Cleaning, 2, Some(5)));
    assert_eq!(s.model(Gen(3)).unwrap_err(), SessionError::NoModel);
    assert!(s.segments(Gen(4)).unwrap_err().is_stale());
    assert_eq!(s.working(Gen(5)).unwrap().n_rows(), 1030);
}

#[test]
fn a_model_and_what_used_its_scores_go_with_its_cleaning() {
    let mut s = Session::new();
    s.load(Gen(1), with_duplicates());
    // Segments without a model stay when a model is trained...
    s.segment(Gen(2), Gen(1), grid(), &mut |_| true).unwrap();
    let model = trained(&s, Gen(3), Gen(1));
    s.set_trained(model, Gen(1)).unwrap();
    assert_eq!(s.segments(Gen(2)).unwrap().basis, Basis::new(Stage::Cleaning, Gen(1)));
    // ...segments with its scores go with it.
    let with_model = s.segment(Gen(4), Gen(1), grid(), &mut |_| true).unwrap();
    assert_eq!(with_model.basis, Basis::new(Stage::Model, Gen(3)));
    assert!(with_model.run.table.segments.iter().all(|seg| seg.mean_proba.is_some()));
    let retrained = trained(&s, Gen(5), Gen(1));
    s.set_trained(retrained, Gen(1)).unwrap();
    assert_eq!(s.current_segments(), None);
    assert_eq!(s.model(Gen(3)).unwrap_err(), stale(Stage::Model, 3, Some(5)));
    // A model trained on a cleaning that was replaced while its trees grew is refused.
    let late = trained(&s, Gen(6), Gen(1));
    s.clean(Gen(7), Gen(1), &vec![CleaningStep::DropDuplicates]).unwrap();
    assert_eq!(s.set_trained(late, Gen(1)).unwrap_err(), stale(Stage::Cleaning, 1, Some(7)));
    assert_eq!(s.lineage().model, None);
}

#[test]
fn a_failed_step_changes_nothing() {
    let mut s = Session::new();
    s.load(Gen(1), with_duplicates());
    s.segment(Gen(2), Gen(1), grid(), &mut |_| true).unwrap();
    let before = s.clone();
    let bad = vec![CleaningStep::FlagImpossible { column: "age".into(), min: 10.0, max: 5.0 }];
    assert!(matches!(s.clean(Gen(3), Gen(1), &bad), Err(SessionError::Clean(_))));
    let mut wrong = grid();
    wrong.target = "nope".into();
    assert!(matches!(
        s.segment(Gen(4), Gen(1), wrong, &mut |_| true),
        Err(SessionError::Segment(_))
    ));
    assert_eq!(s, before);
    assert_eq!(
        s.segment_members(Gen(2), 99).unwrap_err(),
        SessionError::NoSuchSegment {
            segment: 99,
            count: s.segments(Gen(2)).unwrap().run.segmentation.labels.len(),
        }
    );
}

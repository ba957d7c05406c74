//! The definitions file: a round trip per method, foreign and damaged files refused with a
//! message that says what is wrong, and the writer refusing exactly what the reader refuses.

use super::*;
use crate::engine::clean::{CleaningStep, ImputeStrategy};
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::segment::{
    run, GridParams, KMeansParams, RulesParams, SegmentMethod, SegmentSpec,
};

const DEMO: &[u8] = include_bytes!("../../../../public/social_network_ads.csv");

fn defs(method: SegmentMethod) -> SegmentDefinitions {
    let t = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    let spec = SegmentSpec { target: "Purchased".into(), positive: None, method, min_support: 30 };
    let r = run(&t, &spec, None, &mut |_| true).unwrap();
    SegmentDefinitions::new(&t, &spec, &r, Vec::new(), None, "2026-12-07".into()).unwrap()
}

fn grid() -> SegmentDefinitions {
    let p = GridParams::new(vec!["Age".into(), "Gender".into()]).bins(3).check().unwrap();
    defs(SegmentMethod::Grid(p))
}

fn kmeans() -> SegmentDefinitions {
    defs(SegmentMethod::KMeans(KMeansParams::new().k(Some(3)).check().unwrap()))
}

fn tree() -> SegmentDefinitions {
    defs(SegmentMethod::Rules(RulesParams::new().check().unwrap()))
}

#[test]
fn every_method_reads_back_identical() {
    for d in [grid(), kmeans(), tree()] {
        let text = d.to_json().unwrap();
        assert!(text.starts_with("{\n  \"format\": \"micronum-segments\",\n  \"version\": 1,"));
        assert_eq!(SegmentDefinitions::from_json(&text).unwrap(), d, "{}", d.method);
    }
    // What each method keeps.
    let Tagging::Grid(g) = &grid().tagging else { panic!("grid") };
    assert!(matches!(&g.columns[0], GridColumn::Numeric { edges, .. } if edges.len() == 2));
    assert!(matches!(&g.columns[1], GridColumn::Categorical { levels, .. } if levels.len() == 2));
    let Tagging::KMeans(k) = &kmeans().tagging else { panic!("kmeans") };
    assert_eq!(k.centres.len(), 3);
    assert_eq!(k.centres[0].len(), 4, "Age, EstimatedSalary, Gender = Female, Gender = Male");
    assert_eq!(kmeans().columns.len(), 3, "User ID is an id, never a feature");
}

/// The error of reading `text`.
fn refused(text: &str) -> DefinitionsError {
    SegmentDefinitions::from_json(text).unwrap_err()
}

/// The error of reading `d` as written without the check, and the writer's own refusal: the
/// same problem, found by the same validation.
fn damaged(d: &SegmentDefinitions) -> String {
    let text = serde_json::to_string(d).unwrap();
    let read = refused(&text);
    assert_eq!(d.to_json().unwrap_err(), read, "the writer refuses what the reader refuses");
    read.to_string()
}

#[test]
fn foreign_and_newer_files_are_refused() {
    let e = refused("{\"format\": \"micronum-segments\",");
    assert!(e.to_string().starts_with("not a micronum segment definitions file (not JSON:"), "{e}");
    let e = refused("{\"format\": \"micronum-model\", \"version\": 1}");
    assert_eq!(
        e.to_string(),
        "not a micronum segment definitions file (no \"format\": \"micronum-segments\" field)"
    );
    let e = refused("[1, 2]");
    assert!(matches!(e, DefinitionsError::NotDefinitions(_)));
    let text = grid().to_json().unwrap().replacen("\"version\": 1", "\"version\": 7", 1);
    assert_eq!(refused(&text), DefinitionsError::UnsupportedVersion { found: 7, supported: 1 });
    let text = grid().to_json().unwrap().replacen("\"version\": 1", "\"version\": \"1\"", 1);
    assert_eq!(refused(&text), DefinitionsError::Invalid("no version".into()));
    let text = grid().to_json().unwrap().replacen("\"segments\": [", "\"segs\": [", 1);
    assert!(refused(&text).to_string().contains("missing field `segments`"));
}

#[test]
fn damaged_definitions_say_what_is_wrong() {
    let mut d = grid();
    if let Tagging::Grid(g) = &mut d.tagging {
        if let GridColumn::Numeric { edges, .. } = &mut g.columns[0] {
            edges.reverse();
        }
    }
    assert!(damaged(&d).contains("grid: column \"Age\": edges are not increasing"));

    let mut d = grid();
    if let Tagging::Grid(g) = &mut d.tagging {
        g.cells[0][1] = 9;
    }
    assert!(damaged(&d).contains("segment 0: bin 9 does not exist"), "{}", damaged(&d));

    let mut d = grid();
    d.segments[1].label = "somebody".into();
    assert!(damaged(&d).contains("segment 1 is labelled \"somebody\""));

    let mut d = kmeans();
    if let Tagging::KMeans(k) = &mut d.tagging {
        k.centres[2].pop();
    }
    assert!(damaged(&d).contains("k-means: centre 2 is not 4 finite numbers"));

    let mut d = kmeans();
    if let Tagging::KMeans(k) = &mut d.tagging {
        k.centres[0][0] = f64::NAN;
    }
    // A NaN centre would be written as null: both sides refuse it (in other words).
    assert!(d.to_json().unwrap_err().to_string().contains("centre 0 is not 4 finite numbers"));
    assert!(refused(&serde_json::to_string(&d).unwrap()).to_string().contains("null"));

    let mut d = tree();
    if let Tagging::Rules(r) = &mut d.tagging {
        r.rules[0].conditions.push(Condition::In {
            column: "Age".into(),
            labels: vec!["young".into()],
            missing: false,
        });
    }
    assert!(damaged(&d).contains("\"Age\" is read both as numbers and as labels"));

    let mut d = tree();
    d.segments[0].n += 1;
    assert!(damaged(&d).contains("the segments hold 401 rows, not 400"));

    let mut d = tree();
    d.columns.pop();
    assert!(damaged(&d).contains("columns listed, but the segments read"));
}

#[test]
fn a_cleaning_log_that_would_replay_differently_is_refused() {
    let mut d = grid();
    d.cleaning = vec![CleaningStep::Impute {
        column: "Age".into(),
        strategy: ImputeStrategy::Median,
        value: "37".into(),
        relearn: true,
    }];
    assert!(damaged(&d).contains("cleaning step 1: it learns its value again on every batch"));
    d.cleaning = vec![CleaningStep::FlagImpossible { column: "Age".into(), min: 5.0, max: 1.0 }];
    assert!(damaged(&d).contains("cleaning step 1: its range is empty"));
}

//! Tagging by hand-checked cases: training bins (not the batch's), unseen and missing labels,
//! the k-means tie rule, overlapping rules, decile cut points, refused batches, the mix's PSI;
//! and the training table tagged back into its own segmentation for every method.

use super::*;
use crate::engine::clean::{apply, suggest};
use crate::engine::dataset::{Dataset, TargetSpec};
use crate::engine::forest::ForestParams;
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::model_io::{DataFingerprint, Model, TargetInfo};
use crate::engine::segment::{
    run, DecileParams, GridParams, KMeansParams, RulesParams, SegmentMethod, SegmentSpec,
};
use crate::engine::table::Table;

const DEMO: &[u8] = include_bytes!("../../../../public/social_network_ads.csv");

fn table(text: &str) -> Table {
    ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
}

/// Eight customers: x 1..8, g a/b/c (a most frequent), y alternating.
const SMALL: &str = "x,g,y\n1,a,0\n2,a,1\n3,b,0\n4,b,1\n5,a,0\n6,c,1\n7,b,0\n8,a,1\n";

fn spec(method: SegmentMethod) -> SegmentSpec {
    SegmentSpec { target: "y".into(), positive: None, method, min_support: 1 }
}

fn grid(columns: &[&str], bins: usize) -> SegmentMethod {
    let cols = columns.iter().map(|c| c.to_string()).collect();
    SegmentMethod::Grid(GridParams::new(cols).bins(bins).check().unwrap())
}

/// Definitions of `method` on `t` (no cleaning).
fn defs_on(t: &Table, method: SegmentMethod) -> SegmentDefinitions {
    let spec = spec(method);
    let r = run(t, &spec, None, &mut |_| true).unwrap();
    SegmentDefinitions::new(t, &spec, &r, Vec::new(), None, "test".into()).unwrap()
}

/// Labels of each row's segments.
fn labels_of(a: &Assignment) -> Vec<String> {
    a.pairs.iter().map(|&(_, s)| a.labels[s].clone()).collect()
}

#[test]
fn grid_tags_new_rows_by_training_bins_and_labels() {
    let defs = defs_on(&table(SMALL), grid(&["x", "g"], 2));
    // Training: the median of 1..8 is 4.5, so x bins are 1–4 and 5–8; g keeps a, b, c.
    let batch = table("x,g\n100,b\n4.5,zz\n4.6,\n,a\n");
    let a = assign(&defs, &batch, None).unwrap();
    assert_eq!(
        labels_of(&a),
        [
            "x 5–8 × g b",       // a training cell, far beyond the training values
            "x 1–4 × g other",   // an edge goes below it; an unseen label is "other"
            "x 5–8 × g missing", // cells no training row was in become new segments
            "x missing × g a",
        ]
    );
    assert_eq!(a.labels.len(), defs.segments.len() + 3);
    assert_eq!(a.warnings, ["g: 1 rows have labels the segments were not made with (zz)"]);
    assert_eq!(a.row_ids, [0, 1, 2, 3]);
}

#[test]
fn a_needed_column_missing_or_of_another_kind_is_refused_by_name() {
    let defs = defs_on(&table(SMALL), grid(&["x", "g"], 2));
    let e = assign(&defs, &table("g,z\na,1\n"), None).unwrap_err();
    assert_eq!(e, DefinitionsError::MissingColumn { column: "x".into(), available: "g, z".into() });
    assert!(e.to_string().starts_with("the batch has no column \"x\", which the segments need"));
    let e = assign(&defs, &table("x,g\nten,a\n"), None).unwrap_err();
    assert_eq!(
        e.to_string(),
        "column \"x\" held numbers when the segments were made but holds text here"
    );
    // A text column left empty in the whole batch is read as numbers: every cell is missing.
    let a = assign(&defs, &table("x,g\n3,\n9,\n"), None).unwrap();
    assert_eq!(labels_of(&a), ["x 1–4 × g missing", "x 5–8 × g missing"]);
    let e = assign(&defs, &table("x,g\n3,1\n"), None).unwrap_err();
    assert!(matches!(e, DefinitionsError::KindChanged { expected: "text", .. }), "{e}");
}

fn hand_made(
    tagging: Tagging,
    labels: &[&str],
    columns: &[(&str, ColumnKind)],
) -> SegmentDefinitions {
    let n = labels.len() as u64;
    SegmentDefinitions {
        format: SEGMENTS_FORMAT.into(),
        version: SEGMENTS_VERSION,
        created: "test".into(),
        target: TargetInfo { column: "y".into(), labels: ["0".into(), "1".into()] },
        id_column: None,
        cleaning: Vec::new(),
        fingerprint: DataFingerprint { rows: 0, columns: 0, hash: String::new() },
        columns: columns
            .iter()
            .map(|(name, kind)| NeededColumn {
                name: name.to_string(),
                kind: *kind,
                levels: Vec::new(),
            })
            .collect(),
        method: "test".into(),
        description: "hand-made".into(),
        min_support: 1,
        rows: n,
        segments: labels
            .iter()
            .map(|l| SegmentSummary { label: l.to_string(), n: 1, positives: 0 })
            .collect(),
        tagging,
        model: None,
    }
}

#[test]
fn kmeans_places_rows_with_training_scaling_and_first_on_a_tie() {
    let tagging = Tagging::KMeans(KMeansTagging {
        columns: vec![
            KMeansColumn::Numeric { name: "x".into(), mean: 10.0, sd: 2.0 },
            KMeansColumn::Categorical { name: "g".into(), levels: vec!["a".into(), "b".into()] },
        ],
        centres: vec![vec![0.0, 1.0, 0.0], vec![2.0, 0.0, 1.0]],
    });
    let cols = [("x", ColumnKind::Numeric), ("g", ColumnKind::Categorical)];
    let defs = hand_made(tagging, &["c0", "c1"], &cols);
    let a = assign(&defs, &table("x,g\n13,a\n,zz\n15,b\n"), None).unwrap();
    // x = 13: z = (13 − 10)/2 = 1.5, g = a → (1.5, 1, 0):
    //   d0 = 1.5² + 0 + 0 = 2.25; d1 = (1.5 − 2)² + 1² + 1² = 2.25 → a tie: the first centre.
    // x missing: z = 0; g unseen: (0, 0) → d0 = 0 + 1 + 0 = 1; d1 = 4 + 0 + 1 = 5 → c0.
    // x = 15: z = 2.5, g = b → d0 = 6.25 + 1 + 1 = 8.25; d1 = 0.25 + 0 + 0 = 0.25 → c1.
    assert_eq!(a.segments(), Some(vec![0, 0, 1]));
}

fn two_rules(overlapping: bool) -> SegmentDefinitions {
    let rules = vec![
        Rule {
            conditions: vec![Condition::Range {
                column: "x".into(),
                lower: Some(Bound::open(5.0)),
                upper: None,
                missing: false,
            }],
        },
        Rule {
            conditions: vec![Condition::In {
                column: "g".into(),
                labels: vec!["a".into()],
                missing: false,
            }],
        },
    ];
    let cols = [("x", ColumnKind::Numeric), ("g", ColumnKind::Categorical)];
    let mut defs = hand_made(Tagging::Rules(RuleSet { rules, overlapping }), &["old", "a"], &cols);
    defs.rows = 2;
    defs
}

#[test]
fn overlapping_rules_give_every_segment_a_row_is_in() {
    let batch = table("x,g\n6,a\n1,b\n,a\n");
    let a = assign(&two_rules(true), &batch, None).unwrap();
    assert_eq!(a.pairs, [(0, 0), (0, 1), (1, 2), (2, 1)]);
    assert_eq!(a.labels, ["old", "a", NO_SEGMENT]);
    assert!(a.overlapping && a.segments().is_none());
    // A partition takes the first rule met.
    let a = assign(&two_rules(false), &batch, None).unwrap();
    assert_eq!(a.segments(), Some(vec![0, 2, 1]));
}

#[test]
fn deciles_cut_the_given_scores_at_the_training_cut_points() {
    let tagging = Tagging::Deciles(DecileTagging { cuts: vec![0.8, 0.6] });
    let mut defs = hand_made(tagging, &["decile 1", "decile 2", "decile 3"], &[]);
    let t = table("x\n1\n2\n3\n");
    assert_eq!(assign(&defs, &t, None).unwrap_err(), DefinitionsError::NeedsModel);
    defs.model = Some(ModelRef {
        hash: "0".into(),
        created: "t".into(),
        fingerprint: defs.fingerprint.clone(),
    });
    assert_eq!(assign(&defs, &t, None).unwrap_err(), DefinitionsError::NeedsScores);
    let a = assign(&defs, &t, Some(&[0.9, 0.6, 0.1])).unwrap();
    assert_eq!(a.segments(), Some(vec![0, 1, 2]));
    let e = assign(&defs, &t, Some(&[0.9])).unwrap_err();
    assert_eq!(e, DefinitionsError::ScoresLength { expected: 3, found: 1 });
    let e = assign(&defs, &t, Some(&[0.9, f64::NAN, 0.1])).unwrap_err();
    assert!(matches!(e, DefinitionsError::BadScore { row: 1, .. }), "{e}");
}

#[test]
fn mix_counts_shares_and_psi_by_hand() {
    // Training: 2 rows, one per segment (shares 0.5, 0.5); hand-made partition of 4 rows.
    let defs = two_rules(false);
    let a = assign(&defs, &table("x,g\n6,a\n7,b\n8,b\n1,a\n"), None).unwrap();
    let mix = segment_mix(&defs, &a).unwrap();
    let shares: Vec<(f64, f64)> =
        mix.segments.iter().map(|s| (s.training_share, s.batch_share)).collect();
    assert_eq!(shares, [(0.5, 0.75), (0.5, 0.25)]);
    // (0.75 − 0.5)·ln(1.5) + (0.25 − 0.5)·ln(0.5) = 0.25·0.405465 + 0.25·0.693147 = 0.274653
    let psi = mix.psi.unwrap();
    assert!((psi - 0.274_653).abs() < 1e-6, "{psi}");
    assert_eq!(mix.verdict, Some(crate::engine::drift::Verdict::Major));
    assert!(segment_mix(
        &two_rules(true),
        &assign(&two_rules(true), &table("x,g\n6,a\n"), None).unwrap()
    )
    .unwrap()
    .psi
    .is_none());
    let other = defs_on(&table(SMALL), grid(&["x"], 2));
    assert!(segment_mix(&other, &a).is_err());
}

/// Assigning the training table gives the training assignment (rows with a target value).
fn reproduces(raw: &Table, target: &str, method: SegmentMethod) {
    let (clean, steps) = apply(raw, &suggest(raw, Some(target))).unwrap();
    let spec = SegmentSpec { target: target.into(), positive: None, method, min_support: 30 };
    let r = run(&clean, &spec, None, &mut |_| true).unwrap();
    let applied = steps.into_iter().map(|s| s.step).collect();
    let defs = SegmentDefinitions::new(&clean, &spec, &r, applied, None, "t".into()).unwrap();
    let again = SegmentDefinitions::from_json(&defs.to_json().unwrap()).unwrap();
    let a = assign(&again, raw, None).unwrap();
    let segments = a.segments().unwrap();
    let tagged: Vec<usize> = r.rows.iter().map(|&row| segments[row]).collect();
    assert_eq!(tagged, r.segmentation.assignment, "{}", spec.method.describe());
    assert_eq!(a.labels[..r.segmentation.labels.len()], r.segmentation.labels[..]);
}

#[test]
fn the_training_table_tags_back_into_its_segments() {
    let raw = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    reproduces(&raw, "Purchased", grid(&["Age", "EstimatedSalary", "Gender"], 5));
    let tree = RulesParams::new().max_depth(4).random_state(3).check().unwrap();
    reproduces(&raw, "Purchased", SegmentMethod::Rules(tree));
    let km = KMeansParams::new().random_state(5).check().unwrap();
    reproduces(&raw, "Purchased", SegmentMethod::KMeans(km));
}

#[test]
fn deciles_reproduce_up_to_ties_at_a_cut_and_check_their_model() {
    let raw = ingest(DEMO, &IngestOptions::default()).unwrap().table;
    let data =
        Dataset::from_table(&raw, &TargetSpec { target: "Purchased".into(), ..Default::default() })
            .unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(7)
        .check()
        .unwrap()
        .fit(&data, &rows, &mut |_| true)
        .unwrap();
    let model = Model::new(forest, &data, &raw, Vec::new(), Default::default(), "m".into());
    let proba = model.predict_table(&raw).unwrap().proba;
    let spec = spec_deciles();
    let r = run(&raw, &spec, Some(&proba), &mut |_| true).unwrap();
    let defs =
        SegmentDefinitions::new(&raw, &spec, &r, Vec::new(), Some(&model), "t".into()).unwrap();
    defs.check_model(&model).unwrap();
    // The model read back from its file is the same model.
    defs.check_model(&Model::from_json(&model.to_json().unwrap()).unwrap()).unwrap();
    let mut other = model.clone();
    other.created = "another".into();
    assert!(matches!(defs.check_model(&other), Err(DefinitionsError::WrongModel { .. })));
    let a = assign(&defs, &raw, Some(&proba)).unwrap();
    let Tagging::Deciles(d) = &defs.tagging else { panic!("deciles") };
    let mut ties = 0;
    for (i, (&got, &want)) in
        a.segments().unwrap().iter().zip(&r.segmentation.assignment).enumerate()
    {
        if got != want {
            // Only a row tied with the lowest score of a higher group moves up into it.
            assert!(got < want && proba[i] == d.cuts[got], "row {i}");
            ties += 1;
        }
    }
    // Seven trees score many rows 0 or 1 exactly: ties at the cuts are common here.
    assert!(ties < raw.n_rows(), "{ties} ties");
}

fn spec_deciles() -> SegmentSpec {
    SegmentSpec {
        target: "Purchased".into(),
        positive: None,
        method: SegmentMethod::Deciles(DecileParams::new().check().unwrap()),
        min_support: 30,
    }
}

#[test]
fn discovered_segments_travel_with_their_members() {
    use crate::engine::segment::discover::DiscoverParams;
    // The demo: discovery's rules, written as definitions and assigned to the same table, give
    // every segment exactly the members the search and the held-out test counted.
    let raw = table(
        std::str::from_utf8(include_bytes!("../../../../public/social_network_ads.csv")).unwrap(),
    );
    let p = DiscoverParams::new().max_conditions(2).min_support(20).check().unwrap();
    let spec = SegmentSpec {
        target: "Purchased".into(),
        positive: None,
        method: SegmentMethod::Discover(p),
        min_support: 20,
    };
    let r = run(&raw, &spec, None, &mut |_| true).unwrap();
    let found = r.discovery.as_ref().unwrap();
    assert!(!found.segments.is_empty());
    let defs = SegmentDefinitions::new(&raw, &spec, &r, Vec::new(), None, "test".into()).unwrap();
    let back = SegmentDefinitions::from_json(&defs.to_json().unwrap()).unwrap();
    let a = assign(&back, &raw, None).unwrap();
    assert!(a.overlapping);
    for (k, seg) in found.segments.iter().enumerate() {
        let tagged: Vec<u32> =
            a.pairs.iter().filter(|&&(_, s)| s == k).map(|&(row, _)| row as u32).collect();
        assert_eq!(tagged, seg.members, "segment {k}: {}", seg.label);
    }
}

#[test]
fn rules_warn_about_labels_unseen_in_training_not_about_labels_no_rule_names() {
    // g had a, b and c in training; the rule names only a. A batch with b, c and zz: only zz
    // was never seen. (A file written before the column's labels were kept falls back to the
    // labels the rules name, so b and c are reported too — the old behaviour.)
    let mut defs = two_rules(true);
    defs.columns[1].levels = vec!["a".into(), "b".into(), "c".into()];
    let batch = table("x,g\n6,b\n1,c\n2,zz\n3,a\n");
    let a = assign(&defs, &batch, None).unwrap();
    assert_eq!(a.warnings, ["g: 1 rows have labels the segments were not made with (zz)"]);
    defs.columns[1].levels.clear();
    let a = assign(&defs, &batch, None).unwrap();
    assert_eq!(a.warnings, ["g: 3 rows have labels the segments were not made with (b, c, zz)"]);
    // Built from a run, the definitions keep the training labels of categorical columns.
    let built = defs_on(&table(SMALL), grid(&["x", "g"], 2));
    let g = built.columns.iter().find(|c| c.name == "g").unwrap();
    assert_eq!(g.levels, ["a", "b", "c"]);
    assert!(built.columns.iter().find(|c| c.name == "x").unwrap().levels.is_empty());
}

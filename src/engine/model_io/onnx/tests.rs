//! The cleaning plan (text maps computed by hand, number steps, refusals by step number) and
//! the export's checks. The graph itself is run by onnxruntime in `tests/export_onnx.rs`.

use std::collections::BTreeMap;

use super::cleaning::{plan, FeaturePlan, NumberOp, Plan, TextMap};
use super::*;
use crate::engine::clean::{CleaningStep, ImputeStrategy, OutlierMethod};
use crate::engine::forest::FeatureSpec;

fn features() -> Vec<FeatureSpec> {
    vec![
        FeatureSpec { name: "gender".into(), levels: Some(vec!["Female".into(), "Male".into()]) },
        FeatureSpec { name: "age".into(), levels: None },
    ]
}

fn tokens(t: &[&str]) -> CleaningStep {
    CleaningStep::MissingTokens { tokens: t.iter().map(|s| s.to_string()).collect() }
}

fn spellings(column: &str, pairs: &[(&str, &str)]) -> CleaningStep {
    let mapping: BTreeMap<String, String> =
        pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    CleaningStep::NormalizeCategories { column: column.into(), mapping }
}

fn impute(column: &str, value: &str) -> CleaningStep {
    CleaningStep::Impute {
        column: column.into(),
        strategy: ImputeStrategy::Mode,
        value: value.into(),
        relearn: false,
    }
}

fn clip(column: &str, lo: f64, hi: f64) -> CleaningStep {
    CleaningStep::ClipOutliers {
        column: column.into(),
        method: OutlierMethod::Manual,
        lo,
        hi,
        relearn: false,
    }
}

fn flag(column: &str, min: f64, max: f64) -> CleaningStep {
    CleaningStep::FlagImpossible { column: column.into(), min, max }
}

fn text_map(p: &Plan) -> &TextMap {
    match &p.features[0] {
        FeaturePlan::Text(m) => m,
        other => panic!("not a text feature: {other:?}"),
    }
}

/// The code the map gives `text` (its default when `text` is not a key).
fn code(m: &TextMap, text: &str) -> f64 {
    m.keys.iter().position(|k| k == text).map_or(m.unseen, |i| m.codes[i])
}

/// The refused step's number.
fn refused_step(log: Vec<CleaningStep>) -> usize {
    match plan(&log, &features()) {
        Err(OnnxError::UnsupportedStep { step, .. }) => step,
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn labels_are_one_based_codes_and_the_rest_unseen() {
    let p = plan(&Vec::new(), &features()).unwrap();
    let m = text_map(&p);
    // Female → 1, Male → 2, unseen → 3 (two labels + 1), "" (missing) → NaN.
    assert_eq!((code(m, "Female"), code(m, "Male"), m.unseen), (1.0, 2.0, 3.0));
    assert!(code(m, "").is_nan());
    // Labels compare exactly, as `Forest::align` compares them.
    assert_eq!((code(m, "male"), code(m, "Other")), (3.0, 3.0));
    assert_eq!(p.features[1], FeaturePlan::Number(Vec::new()));
}

#[test]
fn tokens_spellings_and_a_fill_compose_into_one_map() {
    let log = vec![
        tokens(&["NA", "?"]),
        spellings("gender", &[("M", "Male"), ("male", "Male"), ("F", "Female")]),
        impute("gender", "Female"),
    ];
    let p = plan(&log, &features()).unwrap();
    let m = text_map(&p);
    assert_eq!(m.steps, [1, 2, 3]);
    // Spellings map to their labels; blank and every case of "NA" become missing, then Female.
    for (text, want) in [("M", 2.0), ("male", 2.0), ("F", 1.0), ("Male", 2.0), ("", 1.0)] {
        assert_eq!(code(m, text), want, "{text:?}");
    }
    for t in ["NA", "na", "Na", "nA", "?"] {
        assert_eq!(code(m, t), 1.0, "{t:?}");
    }
    // Not a mapped spelling, not a token: unseen (an exact-case mapping does not catch MALE).
    assert_eq!((code(m, "MALE"), code(m, "N/A")), (3.0, 3.0));
}

#[test]
fn step_order_decides() {
    // Tokens first: "NA" is missing before the mapping could read it.
    let first =
        plan(&vec![tokens(&["NA"]), spellings("gender", &[("NA", "Male")])], &features()).unwrap();
    assert!(code(text_map(&first), "NA").is_nan());
    // Mapping first: "NA" became Male (code 2), which is no token.
    let second =
        plan(&vec![spellings("gender", &[("NA", "Male")]), tokens(&["NA"])], &features()).unwrap();
    assert_eq!(code(text_map(&second), "NA"), 2.0);
    // A label mapped onto a token spelling is blanked by a later tokens step.
    let third =
        plan(&vec![spellings("gender", &[("x", "n/a")]), tokens(&["N/A"])], &features()).unwrap();
    assert!(code(text_map(&third), "x").is_nan());
}

#[test]
fn tokens_that_are_numbers_in_text_columns_only_are_fine_without_number_features() {
    // All levels look like numbers: blanking "0" must not turn the one-column table into numbers.
    let specs =
        vec![FeatureSpec { name: "grade".into(), levels: Some(vec!["1".into(), "2".into()]) }];
    let p = plan(&vec![tokens(&["0"])], &specs).unwrap();
    let m = text_map(&p);
    assert_eq!((code(m, "1"), code(m, "2"), m.unseen), (1.0, 2.0, 3.0));
    assert!(code(m, "0").is_nan());
}

#[test]
fn number_steps_in_log_order_for_their_feature() {
    let log = vec![
        tokens(&["NA"]),
        flag("AGE", 1.0, 120.0),
        clip("age", 18.0, 90.0),
        clip("salary", 0.0, 1.0),
        impute("age", " 40 "),
        CleaningStep::DropDuplicates,
    ];
    let p = plan(&log, &features()).unwrap();
    let FeaturePlan::Number(steps) = &p.features[1] else { panic!("age is a number") };
    let ops: Vec<(usize, NumberOp)> = steps.iter().map(|s| (s.number, s.op.clone())).collect();
    assert_eq!(
        ops,
        [
            (2, NumberOp::NanOutside { min: 1.0, max: 120.0 }),
            (3, NumberOp::Clamp { lo: 18.0, hi: 90.0 }),
            (5, NumberOp::Fill { value: 40.0 }),
        ]
    );
    assert_eq!(p.notes.len(), 6);
    assert!(
        p.notes[3].contains("not needed: the model does not use that column"),
        "{}",
        p.notes[3]
    );
    assert!(p.notes[5].starts_with("step 6: Drop duplicate rows — not applied"), "{}", p.notes[5]);
}

#[test]
fn formatted_numbers_are_the_callers() {
    let log =
        vec![CleaningStep::ParseFormattedNumbers { column: "age".into() }, flag("age", 0.0, 1.0)];
    let p = plan(&log, &features()).unwrap();
    assert!(p.notes[0].contains("done by the caller"), "{}", p.notes[0]);
}

#[test]
fn steps_that_depend_on_more_than_the_value_are_refused_by_number() {
    let relearn = CleaningStep::Impute {
        column: "age".into(),
        strategy: ImputeStrategy::Median,
        value: "40".into(),
        relearn: true,
    };
    assert_eq!(refused_step(vec![tokens(&["NA"]), relearn]), 2);
    // "-1" is a number: micronum blanks it only where the column also holds text.
    assert_eq!(refused_step(vec![tokens(&["NA", "-1"])]), 1);
    // Tokens after a number step: that step acted only if the column was already numbers.
    assert_eq!(refused_step(vec![clip("age", 0.0, 1.0), tokens(&["NA"])]), 2);
    assert_eq!(
        refused_step(vec![
            clip("age", 0.0, 1.0),
            CleaningStep::ParseFormattedNumbers { column: "age".into() }
        ]),
        2
    );
    assert_eq!(
        refused_step(vec![CleaningStep::ParseFormattedNumbers { column: "gender".into() }]),
        1
    );
    assert_eq!(refused_step(vec![tokens(&["NA"]), spellings("age", &[("ten", "10")])]), 2);
    assert_eq!(refused_step(vec![tokens(&["not applicable"])]), 1);
    assert_eq!(refused_step(vec![impute("age", "forty")]), 1);
    assert_eq!(refused_step(vec![tokens(&["NA"]), clip("age", 2.0, 1.0)]), 2);
    assert_eq!(refused_step(vec![clip("age", f64::NAN, 1.0)]), 1);
    assert_eq!(refused_step(vec![flag("other", 5.0, 1.0)]), 1);
}

#[test]
fn refusal_message_names_the_step() {
    let e = plan(&vec![tokens(&["NA"]), tokens(&["-1"])], &features()).unwrap_err();
    let text = e.to_string();
    assert!(
        text.starts_with("cleaning step 2 (Treat \"-1\" as missing) cannot be done in ONNX"),
        "{text}"
    );
}

#[test]
fn twelve_letters_fit_thirteen_do_not() {
    assert_eq!(MAX_TOKEN_LETTERS, 12);
    let p = plan(&vec![tokens(&["abcdefghijkl"])], &features()).unwrap();
    // 2^12 spellings, every one missing (NaN) and kept as a key.
    assert_eq!(text_map(&p).codes.iter().filter(|c| c.is_nan()).count(), 4096 + 1);
    assert_eq!(refused_step(vec![tokens(&["abcdefghijklm"])]), 1);
}

/// A small model of the demo data with its suggested cleaning.
fn demo_model() -> crate::engine::model_io::Model {
    use crate::engine::clean::{apply, suggest};
    use crate::engine::dataset::{Dataset, TargetSpec};
    use crate::engine::forest::ForestParams;
    use crate::engine::ingest::{ingest, IngestOptions};
    let demo = include_bytes!("../../../../public/social_network_ads.csv");
    let raw = ingest(demo, &IngestOptions::default()).unwrap().table;
    let log = suggest(&raw, Some("Purchased"));
    let (clean, _) = apply(&raw, &log).unwrap();
    let spec = TargetSpec { target: "Purchased".into(), ..Default::default() };
    let data = Dataset::from_table(&clean, &spec).unwrap();
    let rows: Vec<usize> = (0..data.n_rows()).collect();
    let forest = ForestParams::new()
        .n_estimators(3)
        .check()
        .unwrap()
        .fit(&data, &rows, &mut |_| true)
        .unwrap();
    crate::engine::model_io::Model::new(forest, &data, &clean, log, Default::default(), "t".into())
}

#[test]
fn the_file_starts_with_the_ir_version_and_names_its_parts() {
    let export = to_onnx(&demo_model()).unwrap();
    // ModelProto.ir_version (field 1, varint): 08 0a; producer_name "micronum": 12 08 ….
    assert_eq!(export.bytes[..4], [0x08, 0x0a, 0x12, 0x08]);
    assert_eq!(&export.bytes[4..12], b"micronum");
    let has = |s: &str| export.bytes.windows(s.len()).any(|w| w == s.as_bytes());
    for part in ["TreeEnsemble", "LabelEncoder", "ai.onnx.ml", OUTPUT, "fingerprint", "Gender"] {
        assert!(has(part), "no {part:?} in the file");
    }
    assert_eq!(
        export.inputs,
        [
            ("Gender".to_string(), true),
            ("Age".to_string(), false),
            ("EstimatedSalary".into(), false)
        ]
    );
}

#[test]
fn input_names_the_graph_cannot_use_are_refused() {
    for (name, reason) in [
        ("probability", "it is the name of the output"),
        ("", "it is empty"),
        ("micronum:X1", "names starting with \"micronum:\" are the graph's own"),
        ("Gender", "two features have this name"),
    ] {
        let mut m = demo_model();
        m.forest.features[1].name = name.into();
        let e = to_onnx(&m).unwrap_err();
        assert_eq!(e, OnnxError::BadInputName { name: name.into(), reason });
    }
}

#[test]
fn a_damaged_model_is_refused_before_anything_is_written() {
    let mut m = demo_model();
    m.forest.trees[0] = crate::engine::forest::stump(0, [1.0, 1.0], 7);
    assert!(matches!(to_onnx(&m), Err(OnnxError::Model(_))));
}

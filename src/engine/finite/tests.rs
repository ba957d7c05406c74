//! The walk against serde_json: the same numbers refused, named by their path.

use super::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Inner {
    xs: Vec<f64>,
    #[serde(skip)]
    _hidden: f64,
}

#[derive(Serialize)]
enum Shape {
    Point { at: (f64, f64) },
    Weight(f32),
}

#[derive(Serialize)]
struct Outer {
    name: String,
    inner: Vec<Inner>,
    best: Option<f64>,
    shapes: Vec<Shape>,
    scores: BTreeMap<String, f64>,
}

fn outer() -> Outer {
    Outer {
        name: "m".into(),
        inner: vec![
            Inner { xs: vec![1.0, -0.0, f64::MAX], _hidden: f64::NAN },
            Inner { xs: vec![f64::MIN_POSITIVE, 5e-324], _hidden: f64::INFINITY },
        ],
        best: Some(0.5),
        shapes: vec![Shape::Point { at: (1.0, 2.0) }, Shape::Weight(3.0)],
        scores: BTreeMap::from([("auc".to_string(), 0.9)]),
    }
}

fn path_of(o: &Outer) -> String {
    match check_finite(o).unwrap_err() {
        NotWritable::NotFinite { path, .. } => path,
        other => panic!("{other}"),
    }
}

#[test]
fn finite_values_pass_and_skipped_fields_are_not_looked_at() {
    // Extremes and −0.0 are finite; the skipped fields hold NaN and ∞.
    assert_eq!(check_finite(&outer()), Ok(()));
    assert_eq!(check_finite(&[1.0, 2.0]), Ok(()));
    assert_eq!(check_finite("text"), Ok(()));
}

#[test]
fn the_first_non_finite_number_is_named_by_its_path() {
    let mut o = outer();
    o.inner[1].xs[1] = f64::NAN;
    assert_eq!(path_of(&o), "inner[1].xs[1]");
    let mut o = outer();
    o.best = Some(f64::NEG_INFINITY);
    assert_eq!(
        check_finite(&o).unwrap_err(),
        NotWritable::NotFinite { path: "best".into(), value: f64::NEG_INFINITY }
    );
    let mut o = outer();
    o.shapes[0] = Shape::Point { at: (0.0, f64::INFINITY) };
    assert_eq!(path_of(&o), "shapes[0].Point.at[1]");
    let mut o = outer();
    o.shapes[1] = Shape::Weight(f32::NAN);
    assert_eq!(path_of(&o), "shapes[1].Weight");
    let mut o = outer();
    o.scores.insert("zeta".into(), f64::NAN);
    assert_eq!(path_of(&o), "scores[\"zeta\"]");
    assert_eq!(
        check_finite(&f64::NAN).unwrap_err().to_string(),
        "the value is NaN, which JSON cannot hold"
    );
}

#[test]
fn agrees_with_what_serde_json_writes_as_null() {
    // serde_json turns exactly the numbers refused here into `null`.
    for x in [0.0, -0.0, 1e308, -1e308, f64::MAX, 5e-324, f64::NAN, f64::INFINITY] {
        let text = serde_json::to_string(&x).unwrap();
        assert_eq!(text == "null", check_finite(&x).is_err(), "{x}: {text}");
    }
}

#[test]
fn unserializable_values_are_reported() {
    // serde_json refuses map keys that are not strings or numbers; so does the walk's key.
    let map = BTreeMap::from([((1, 2), 0.5)]);
    assert!(serde_json::to_string(&map).is_err());
    assert!(matches!(check_finite(&map), Err(NotWritable::Unserializable { .. })));
}

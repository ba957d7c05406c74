//! Every field of every case in `reference/metrics_cases.json` (computed by scikit-learn) must
//! match: floats to 1e-12, confusion matrices exactly, report texts byte for byte.

mod common;

use micronum::engine::metrics::{classification_report, BinaryMetrics};
use serde_json::Value;

fn close(name: &str, field: &str, got: f64, want: &Value) {
    let want = want.as_f64().unwrap_or_else(|| panic!("{name}.{field}: not a number"));
    assert!((got - want).abs() <= 1e-12, "{name}.{field}: got {got:.17}, sklearn {want:.17}");
}

#[test]
fn every_case_matches_scikit_learn() {
    let text = String::from_utf8(common::data_bytes("reference/metrics_cases.json")).unwrap();
    let cases: Vec<Value> = serde_json::from_str(&text).unwrap();
    assert!(cases.len() >= 40, "expected the full oracle, got {}", cases.len());
    let mut checked = 0;
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let ints = |k: &str| {
            case[k]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_u64().unwrap() as u8)
                .collect::<Vec<u8>>()
        };
        let (y_true, y_pred) = (ints("y_true"), ints("y_pred"));
        let score: Vec<f64> =
            case["y_score"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect();
        let m = BinaryMetrics::compute(&y_true, &y_pred, Some(&score)).unwrap();
        for (field, got) in [
            ("accuracy", m.accuracy),
            ("precision", m.precision),
            ("recall", m.recall),
            ("f1", m.f1),
            ("balanced_accuracy", m.balanced_accuracy),
            ("mcc", m.mcc),
        ] {
            close(name, field, got, &case[field]);
        }
        let cm: Vec<Vec<u64>> = serde_json::from_value(case["confusion_matrix"].clone()).unwrap();
        assert_eq!(
            cm,
            m.confusion_matrix.iter().map(|r| r.to_vec()).collect::<Vec<_>>(),
            "{name}.confusion_matrix"
        );
        for (field, got) in [
            ("roc_auc", m.roc_auc),
            ("average_precision", m.average_precision),
            ("log_loss", m.log_loss),
            ("brier", m.brier),
        ] {
            match case.get(field) {
                Some(want) => close(
                    name,
                    field,
                    got.unwrap_or_else(|| panic!("{name}.{field}: we gave none")),
                    want,
                ),
                None => assert!(
                    field != "roc_auc" || got.is_none(),
                    "{name}: sklearn leaves roc_auc undefined"
                ),
            }
        }
        for (field, digits) in [("classification_report", 2), ("classification_report_digits4", 4)]
        {
            let got = classification_report(&y_true, &y_pred, ["0", "1"], [0, 1], digits);
            assert_eq!(got, case[field].as_str().unwrap(), "{name}.{field}");
        }
        checked += 1;
    }
    assert_eq!(checked, cases.len());
}

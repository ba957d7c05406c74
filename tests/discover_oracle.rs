//! The statistics of `segment::discover` against scipy: exact two-sided binomial p-values,
//! BH/BY q-values and erfc, from tests/oracles/discover_stats.json (written once by
//! tests/oracles/discover_stats.py; rerun it to refresh).

use micronum::engine::segment::discover::{
    benjamini_hochberg, benjamini_yekutieli, binomial_two_sided, erfc,
};
use serde_json::Value;

fn oracle() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oracles/discover_stats.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn close(got: f64, want: f64, rel: f64) -> bool {
    (got - want).abs() <= rel * want.abs() || (got - want).abs() < 1e-300
}

#[test]
fn binomial_p_values_equal_scipy() {
    let o = oracle();
    let cases = o["binomtest"].as_array().unwrap();
    assert!(cases.len() >= 15);
    for c in cases {
        let (k, n, p) =
            (c["k"].as_u64().unwrap(), c["n"].as_u64().unwrap(), c["p"].as_f64().unwrap());
        let want = c["pvalue"].as_f64().unwrap();
        let got = binomial_two_sided(k, n, p);
        assert!(close(got, want, 1e-9), "binomtest({k}, {n}, {p}): {got} vs scipy {want}");
    }
}

#[test]
fn q_values_equal_scipy() {
    let o = oracle();
    let f = |key: &str| -> Vec<f64> {
        o["fdr"][key].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()).collect()
    };
    let p = f("p");
    for (got, want) in [(benjamini_hochberg(&p), f("bh")), (benjamini_yekutieli(&p), f("by"))] {
        assert_eq!(got.len(), want.len());
        for (g, w) in got.iter().zip(&want) {
            assert!(close(*g, *w, 1e-12), "{g} vs scipy {w}");
        }
    }
}

#[test]
fn erfc_equals_scipy() {
    for c in oracle()["erfc"].as_array().unwrap() {
        let (x, want) = (c["x"].as_f64().unwrap(), c["erfc"].as_f64().unwrap());
        let got = erfc(x);
        assert!(close(got, want, 1e-13), "erfc({x}) = {got}, scipy {want}");
    }
}

//! Checked against scipy 1.14.1 (values in comments): `stats.pearsonr(x, y)` and its
//! `confidence_interval()` (Fisher z), `stats.chi2_contingency(table, correction=False)`,
//! `stats.contingency.association(table, method="cramer")`, and the exact noncentral-χ²
//! inversion of `stats.ncx2.cdf` (brentq) for the approximate V interval.

use super::*;
use crate::engine::ingest::{ingest, IngestOptions};

/// Twelve rows in scrambled order (so no column reads as a row number): x, city (empty is
/// missing), y.
fn table() -> Table {
    let rows = [
        (7.0, "c", 0),
        (1.5, "a", 0),
        (12.0, "", 1),
        (4.0, "b", 1),
        (9.5, "c", 0),
        (2.0, "a", 0),
        (11.0, "", 0),
        (5.0, "b", 1),
        (3.0, "a", 1),
        (10.0, "", 1),
        (6.0, "b", 1),
        (8.0, "c", 0),
    ];
    // y by x order (1.5, 2, 3, …, 12): 0 0 1 1 1 1 0 0 0 1 0 1 — as scipy was given.
    let mut csv = String::from("x,city,y\n");
    for (x, city, y) in rows {
        csv += &format!("{x},{city},{y}\n");
    }
    ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table
}

#[test]
fn point_biserial_and_its_interval_match_scipy() {
    // x = [1.5, 2, 3, …, 12] sorted, y = [0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1] → pearsonr r and
    // its Fisher interval, computed by scipy on the same 12 pairs.
    let x = [1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.5, 10.0, 11.0, 12.0];
    let y = [0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 1].map(Some);
    let a = point_biserial("x", &x, &y);
    let r = a.value.unwrap();
    // scipy: r = 0.02436127685670479, interval (−0.5573323910383153, 0.5900139232607002).
    assert!((r - 0.024_361_276_856_704_79).abs() < 1e-12, "{r}");
    let (lo, hi) = a.interval.unwrap();
    assert!((lo + 0.557_332_391_038_315_3).abs() < 1e-9, "{lo}");
    assert!((hi - 0.590_013_923_260_700_2).abs() < 1e-9, "{hi}");
    assert_eq!(a.n, 12);
}

#[test]
fn cramers_v_and_chi_square_match_scipy() {
    // Table (labels a, b, c, missing × y = 0, 1): [[2, 1], [0, 3], [3, 0], [1, 2]].
    // scipy: chi2 = 6.666666666666667, dof 3, association(cramer) = 0.7453559924999299.
    let t = table();
    let ranked = associations(&t, "y", "1").unwrap();
    let city = ranked.iter().find(|a| a.column == "city").unwrap();
    assert_eq!((city.n, city.levels, city.measure), (12, Some(4), AssociationMeasure::CramersV));
    assert!((city.raw_v.unwrap() - 0.745_355_992_499_929_9).abs() < 1e-12);
    // Corrected: √((6.6667 − 3)/12) = √0.305556 = 0.552771.
    assert!((city.value.unwrap() - 0.552_770_798_392_567).abs() < 1e-9, "{city:?}");
    let (lo, hi) = city.interval.unwrap();
    assert!(lo == 0.0 && hi > city.value.unwrap() && hi <= 1.0, "{lo} {hi}");
}

#[test]
fn ranking_puts_the_stronger_column_first_and_skips_the_target() {
    let ranked = associations(&table(), "y", "1").unwrap();
    let names: Vec<&str> = ranked.iter().map(|a| a.column.as_str()).collect();
    // city (corrected V 0.55) above x (|r| ≈ 0.02 on the unsorted file: same pairs).
    assert_eq!(names, ["city", "x"]);
    assert!(ranked.windows(2).all(|w| w[0].strength() >= w[1].strength()));
}

#[test]
fn the_noncentral_interval_is_close_to_the_exact_inversion() {
    // Exact 95% bounds of λ (scipy ncx2 inversion) for (χ², df): (400, 9) → (317.846, 473.856);
    // (60, 4) → (30.888, 90.845); (49, 49) → (0, 25.168); (30, 1) → (12.371, 55.312).
    // On V's scale (√λ) the approximation is within 8% of the exact bounds.
    let cases = [
        (400.0, 9.0, 317.846, 473.856),
        (60.0, 4.0, 30.888, 90.845),
        (49.0, 49.0, 0.0, 25.168),
        (30.0, 1.0, 12.371, 55.312),
    ];
    for (chi2, df, lo, hi) in cases {
        let (a, b) = noncentrality_bounds(chi2, df);
        let close = |got: f64, want: f64| (got.sqrt() - want.sqrt()).abs() <= 0.08 * want.sqrt();
        assert!(close(a, lo) && close(b, hi), "{chi2} {df}: ({a}, {b}) vs ({lo}, {hi})");
        assert!(a <= (chi2 - df).max(0.0) && b >= chi2 - df);
    }
}

#[test]
fn undefined_cases_are_none_not_nan() {
    let y = [0, 1, 0, 1, 1].map(Some);
    assert_eq!(point_biserial("k", &[3.0; 5], &y).value, None);
    assert_eq!(point_biserial("k", &[1.0, 2.0, 3.0], &y[..3]).value, None);
    let one_label = cramers_v("c", &[0; 5], &["a".into()], &y);
    assert_eq!((one_label.value, one_label.interval), (None, None));
}

//! The suggested cleaning log fixes what make_messy.py injects, on both messy files.

mod common;

use micronum::engine::clean::{apply, level_counts, suggest};
use micronum::engine::ingest::{ingest, is_missing_token, IngestOptions};
use micronum::engine::table::{ColumnData, Kind, Table};

fn cleaned(rel: &str, target: &str) -> (Table, Table) {
    let raw = ingest(&common::data_bytes(rel), &IngestOptions::default()).unwrap().table;
    let log = suggest(&raw, Some(target));
    let (clean, _) = apply(&raw, &log).unwrap();
    (raw, clean)
}

fn check(rel: &str, gender: &str, age: &str, salary: &str, target: &str) {
    let (raw, clean) = cleaned(rel, target);
    let g = clean.column(gender).unwrap();
    let labels: Vec<String> = level_counts(&g.data).into_iter().map(|(l, _)| l).collect();
    assert_eq!(labels.len(), 2, "{rel}: gender labels {labels:?}");
    for name in [age, salary] {
        let col = clean.column(name).unwrap();
        let ColumnData::Numeric(v) = &col.data else { panic!("{rel}: {name} is not numeric") };
        assert_eq!(col.kind, Kind::Numeric);
        assert!(v.iter().all(|x| !x.is_nan()), "{rel}: {name} still has missing values");
    }
    let ColumnData::Numeric(ages) = &clean.column(age).unwrap().data else { unreachable!() };
    assert!(ages.iter().all(|a| (1.0..=120.0).contains(a)), "{rel}: impossible ages remain");
    let ColumnData::Numeric(sal) = &clean.column(salary).unwrap().data else { unreachable!() };
    assert!(sal.iter().all(|s| *s >= 0.0), "{rel}: negative salaries remain");
    let t = clean.column(target).unwrap();
    assert_eq!(t.kind, Kind::Boolean);
    let ColumnData::Numeric(y) = &t.data else { panic!("{rel}: target not numeric") };
    assert!(y.iter().all(|v| *v == 0.0 || *v == 1.0), "{rel}: target not 0/1");
    for c in &clean.columns {
        assert!(
            level_counts(&c.data).iter().all(|(l, _)| !is_missing_token(l)),
            "{rel}: {} keeps missing tokens",
            c.name
        );
    }
    // Duplicates dropped: no two rows identical; ids of kept rows point into the raw file.
    assert!(clean.n_rows() < raw.n_rows());
    let mut seen = std::collections::HashSet::new();
    for r in 0..clean.n_rows() {
        let key: Vec<String> = clean.columns.iter().map(|c| c.data.text(r)).collect();
        assert!(seen.insert(key), "{rel}: duplicate row {r} kept");
    }
    assert!(clean.row_ids.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn messy_ads_is_fixed() {
    check("messy_ads.csv", "Gender", "Age", "EstimatedSalary", "Purchased");
}

#[test]
fn messy_customers_10k_is_fixed() {
    check("messy_customers_10k.csv", "gender", "age", "estimated_salary", "purchased");
}

#[test]
fn the_clean_demo_needs_no_cleaning() {
    let raw = ingest(&common::data_bytes("social_network_ads.csv"), &IngestOptions::default())
        .unwrap()
        .table;
    let log = suggest(&raw, Some("Purchased"));
    assert!(log.is_empty(), "{log:?}");
}

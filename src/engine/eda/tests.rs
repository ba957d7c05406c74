//! EDA on a tiny hand-checked table.

use super::*;
use crate::engine::ingest::{ingest, IngestOptions};

fn t() -> Table {
    let csv = "g,age,inc,P\nM,20,10,0\nF,30,20,1\nM,40,30,1\nF,50,,0\nM,60,50,1\n";
    ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table
}

#[test]
fn summary_numbers() {
    let s = summarize(&t());
    let age = &s[1];
    // ages 20..60: mean 40, sd sqrt(1000/4) = 15.811, quartiles 30/40/50 (numpy linear)
    assert_eq!((age.n, age.missing, age.mean, age.median), (5, 0, Some(40.0), Some(40.0)));
    assert!((age.sd.unwrap() - 15.811388).abs() < 1e-6);
    assert_eq!((age.q1, age.q3), (Some(30.0), Some(50.0)));
    assert_eq!(s[2].missing, 1);
    assert_eq!(s[0].top, vec![("M".to_string(), 3), ("F".to_string(), 2)]);
}

#[test]
fn balance_and_rates() {
    let b = class_balance(&t(), "P", "1").unwrap();
    assert_eq!(b.counts, [2, 3]);
    assert!((b.majority_baseline - 0.6).abs() < 1e-12);
    let r = rate_by_category(&t(), "g", "P", "1").unwrap();
    assert_eq!((r[0].label.as_str(), r[0].n, r[0].positives), ("M", 3, 2));
    assert!(r[0].ci_low < r[0].rate && r[0].rate < r[0].ci_high);
}

#[test]
fn histogram_counts_every_row_once() {
    let h = histogram_by_class(&t(), "age", "P", "1", 4).unwrap();
    assert_eq!(h.edges, vec![20.0, 30.0, 40.0, 50.0, 60.0]);
    // 20→bin0 (neg), 30→bin1 (pos), 40→bin2 (pos), 50→bin3 (neg), 60→bin3 (last edge, pos)
    assert_eq!(h.counts, vec![vec![1, 0, 0, 1], vec![0, 1, 1, 1]]);
    assert!(matches!(histogram_by_class(&t(), "g", "P", "1", 4), Err(EdaError::NotNumeric(_))));
}

#[test]
fn correlation_is_pairwise_complete() {
    let c = correlation(&t());
    assert_eq!(c.names, vec!["age", "inc", "P"]);
    // age and inc are exactly linear on the 4 complete rows.
    assert!((c.values[0][1].unwrap() - 1.0).abs() < 1e-12);
    assert_eq!(pearson(&[1.0, 1.0], &[2.0, 3.0]), None);
}

#[test]
fn scatter_samples_deterministically() {
    let a = scatter(&t(), "age", "inc", "P", "1", 3, 1).unwrap();
    let b = scatter(&t(), "age", "inc", "P", "1", 3, 1).unwrap();
    assert_eq!(a, b);
    assert_eq!((a.x.len(), a.total), (3, 4));
}

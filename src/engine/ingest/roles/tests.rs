//! Roles inferred on small inline tables (the real files are checked in `tests/cli_defaults.rs`).

use super::*;
use crate::engine::ingest::{ingest, IngestOptions};

fn roles(text: &str) -> Vec<(String, Role, RoleReason)> {
    let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
    infer_roles(&t).into_iter().map(|r| (r.column, r.role, r.reason)).collect()
}

fn csv(header: &str, rows: usize, row: impl Fn(usize) -> String) -> String {
    let mut s = format!("{header}\n");
    (0..rows).for_each(|i| s += &format!("{}\n", row(i)));
    s
}

#[test]
fn row_numbers_are_ids_whatever_the_header() {
    // 1…n in order under R's header; 0…n−1 under an empty one; shuffled under `X`.
    let text = csv(",rownames,X,age,y", 60, |i| {
        format!("{i},{},{},{},{}", i + 1, (i * 7) % 60, 20 + i % 30, i % 2)
    });
    let got = roles(&text);
    assert_eq!(got[0], ("column_1".into(), Role::Id, RoleReason::RowIndex));
    assert_eq!(got[1], ("rownames".into(), Role::Id, RoleReason::RowIndex));
    // 7 is prime to 60, so i·7 mod 60 is a permutation of 0…59.
    assert_eq!(got[2], ("X".into(), Role::Id, RoleReason::RowIndex));
    assert_eq!(got[3].1, Role::Feature);
    // A shuffled subset of row numbers still counts under a row-index header.
    let text = csv("Unnamed: 0,v", 30, |i| format!("{},{}", (i * 7) % 60, i % 3));
    assert_eq!(roles(&text)[0].2, RoleReason::RowIndex);
    // …but not under a quantity's name.
    let text = csv("visits,v", 30, |i| format!("{},{}", (i * 7) % 60, i % 3));
    assert_eq!(roles(&text)[0].1, Role::Feature);
}

#[test]
fn row_numbers_survive_dropped_rows() {
    let text = csv("rownames,v,y", 40, |i| format!("{},{},{}", i + 1, i % 5, i % 2));
    let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
    let kept: Vec<usize> = (0..40).filter(|i| i % 3 != 0).collect();
    let r = infer_roles(&t.take_rows(&kept));
    assert_eq!(r[0].reason, RoleReason::RowIndex, "{}", r[0].evidence);
}

#[test]
fn keys_by_content_constants_text_and_dates() {
    // 200 distinct 8-digit numbers spread over 1,000: 200²/2000 = 20 expected repeats.
    let text = csv("code,salary,const,note,day,city", 200, |i| {
        format!(
            "{},{},k,note number {i},2024-01-{:02},{}",
            10_000_000 + (i * 5) % 1000,
            20_000 + (i * 37) % 101 * 1000,
            1 + i % 28,
            ["Oslo", "Rome"][i % 2]
        )
    });
    let got = roles(&text);
    assert_eq!(got[0].1, Role::Id, "{got:?}");
    assert_eq!(got[0].2, RoleReason::Id);
    assert_eq!(got[1].1, Role::Feature, "salaries repeat: a quantity");
    assert_eq!(got[2].2, RoleReason::Constant);
    assert_eq!(got[3].2, RoleReason::Id, "one text per row");
    assert_eq!(got[4].2, RoleReason::Date);
    assert_eq!(got[5].1, Role::Feature);
    // Distinct continuous values are a quantity, not a key.
    let text = csv("share,v", 100, |i| format!("{}.5,{}", i * 3, i % 2));
    assert_eq!(roles(&text)[0].1, Role::Feature);
}

#[test]
fn empty_and_free_text_columns_are_ignored() {
    let text = csv("empty,words,v", 200, |i| format!(",w{},{}", i % 120, i % 2));
    let got = roles(&text);
    assert_eq!(got[0].2, RoleReason::Empty);
    assert_eq!((got[1].1, got[1].2), (Role::Ignore, RoleReason::Text));
}

#[test]
fn roles_parse_from_text() {
    assert_eq!("IGNORE".parse::<Role>(), Ok(Role::Ignore));
    assert!("drop".parse::<Role>().is_err());
    assert_eq!(Role::Id.as_str(), "id");
}

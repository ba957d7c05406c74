//! The content and name tests behind the roles: constant columns, row numbers, key-like names
//! and integers too spread out to be a quantity.

use super::super::infer::{distinct_numbers, is_integer};
use crate::engine::table::{ColumnData, MISSING_CODE};

/// Header names that mean "row number" (compared lower case, trimmed).
const INDEX_NAMES: [&str; 11] =
    ["rownames", "unnamed: 0", "index", "x", "...1", "row", "rownum", "row_number", "#", "", "v1"];

/// Fewest rows in which numbers can be recognised as row numbers (in a handful of rows, 1, 2, 3
/// may as well be a quantity).
const MIN_ROWS: usize = 20;

/// The only non-missing value's text, when the column has exactly one.
pub(super) fn constant(data: &ColumnData) -> Option<String> {
    match data {
        ColumnData::Numeric(v) => {
            let mut present = v.iter().filter(|x| !x.is_nan());
            let first = *present.next()?;
            present.all(|&x| x == first).then(|| crate::engine::table::format_number(first))
        }
        ColumnData::Categorical { codes, levels } => {
            let mut present = codes.iter().filter(|&&c| c != MISSING_CODE);
            let first = *present.next()?;
            present.all(|&c| c == first).then(|| levels[first as usize].clone())
        }
    }
}

/// Evidence that integer column `v` (named `name`, at position `index`) numbers the rows.
pub(super) fn row_index(name: &str, index: usize, v: &[f64], row_ids: &[usize]) -> Option<String> {
    let n = v.len();
    if n < MIN_ROWS || v.iter().any(|x| x.is_nan() || !is_integer(*x)) {
        return None;
    }
    for offset in [0.0, 1.0] {
        if v.iter().zip(row_ids).all(|(&x, &r)| x == r as f64 + offset) {
            let (first, last) = (v[0], v[n - 1]);
            return Some(format!(
                "row numbers: {} … {} in file order (the record number{})",
                first as i64,
                last as i64,
                if offset == 1.0 { " counted from 1" } else { " counted from 0" }
            ));
        }
    }
    if distinct_numbers(v) != n {
        return None;
    }
    let (lo, hi) =
        v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    if (lo == 0.0 || lo == 1.0) && hi - lo + 1.0 == n as f64 {
        return Some(format!("a permutation of {} … {}: row numbers in another order", lo, hi));
    }
    let header = name.trim().to_ascii_lowercase();
    let blank = header == format!("column_{}", index + 1);
    (INDEX_NAMES.contains(&header.as_str()) || blank).then(|| {
        let shown = if blank { "an empty header".to_string() } else { format!("{name:?}") };
        format!("distinct integers under {shown}, a row-number header")
    })
}

/// True when the last word of `name` says "key" (`client_num`, `AccountNumber`, `ref_nr`), or
/// a one-word name ends in "num" (`CLIENTNUM`).
pub(super) fn key_like_name(name: &str) -> bool {
    let words = crate::engine::ingest::target::words(name);
    let key = ["id", "ids", "num", "number", "nr", "key", "uuid", "guid"];
    match words.as_slice() {
        [one] if one.len() >= 5 && one.ends_with("num") => true,
        [.., last] => key.contains(&last.as_str()),
        [] => false,
    }
}

/// Evidence that distinct integers are a key rather than a quantity: random quantities of
/// that spread would repeat (n²/2R expected repeats for n draws from a range of R values).
pub(super) fn sparse_distinct_integers(v: &[f64]) -> Option<String> {
    /// Expected repeats above which all-distinct values are not chance.
    const EXPECTED_REPEATS: f64 = 10.0;
    let n = v.len();
    if n < 50 || v.iter().any(|x| x.is_nan() || !is_integer(*x)) || distinct_numbers(v) != n {
        return None;
    }
    let (lo, hi) =
        v.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &x| (a.min(x), b.max(x)));
    let range = hi - lo + 1.0;
    let expected = (n as f64) * (n as f64) / (2.0 * range);
    (expected >= EXPECTED_REPEATS).then(|| {
        format!(
            "{n} distinct integers in a range of {range}: a quantity would repeat about \
             {expected:.0} times, so this is a key"
        )
    })
}

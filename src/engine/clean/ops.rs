//! Column-level operations shared by applying and suggesting steps. Each returns how many cells
//! it changed so reports can say so.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::engine::ingest::{infer_kind, parse_formatted, parse_number};
use crate::engine::table::{Column, ColumnData, Kind, MISSING_CODE};

/// Sets cells whose text is one of `tokens` (trimmed, any case) to missing.
pub fn blank_tokens(col: &mut Column, tokens: &[String]) -> usize {
    let ColumnData::Categorical { codes, levels } = &mut col.data else { return 0 };
    let hit: Vec<bool> = levels
        .iter()
        .map(|l| tokens.iter().any(|t| l.trim().eq_ignore_ascii_case(t.trim())))
        .collect();
    if !codes.iter().any(|&c| c != MISSING_CODE && hit[c as usize]) {
        return 0;
    }
    // Only now a copy, when the cells are shared with another table.
    let mut n = 0;
    for c in Arc::make_mut(codes).iter_mut() {
        if *c != MISSING_CODE && hit[*c as usize] {
            *c = MISSING_CODE;
            n += 1;
        }
    }
    n
}

/// Rewrites labels through `mapping`, merging labels that map to the same text.
pub fn remap_levels(col: &mut Column, mapping: &BTreeMap<String, String>) -> usize {
    let ColumnData::Categorical { codes, levels } = &mut col.data else { return 0 };
    let mut new_levels: Vec<String> = Vec::new();
    let mut old_to_new = Vec::with_capacity(levels.len());
    let mut changed_level = Vec::with_capacity(levels.len());
    for l in levels.iter() {
        let target = mapping.get(l).cloned().unwrap_or_else(|| l.clone());
        changed_level.push(&target != l);
        let code = match new_levels.iter().position(|x| *x == target) {
            Some(i) => i,
            None => {
                new_levels.push(target);
                new_levels.len() - 1
            }
        };
        old_to_new.push(code as u32);
    }
    let identity = old_to_new.iter().enumerate().all(|(i, &c)| c as usize == i);
    let mut n = 0;
    if !identity {
        for c in Arc::make_mut(codes).iter_mut() {
            if *c != MISSING_CODE {
                n += changed_level[*c as usize] as usize;
                *c = old_to_new[*c as usize];
            }
        }
    } else {
        let changed = |&c: &u32| c != MISSING_CODE && changed_level[c as usize];
        n = codes.iter().filter(|&c| changed(c)).count();
    }
    *levels = new_levels;
    n
}

/// Converts a text column to numbers with [`parse_formatted`]; returns (cells changed, cells
/// that could not be read and became missing).
pub fn parse_formatted_column(col: &mut Column) -> (usize, usize) {
    let ColumnData::Categorical { codes, levels } = &col.data else { return (0, 0) };
    let parsed: Vec<Option<f64>> = levels.iter().map(|l| parse_formatted(l)).collect();
    let plain: Vec<bool> = levels.iter().map(|l| parse_number(l.trim(), false).is_some()).collect();
    let (mut changed, mut lost) = (0, 0);
    let values: Vec<f64> = codes
        .iter()
        .map(|&c| {
            if c == MISSING_CODE {
                return f64::NAN;
            }
            match parsed[c as usize] {
                Some(x) => {
                    changed += !plain[c as usize] as usize;
                    x
                }
                None => {
                    lost += 1;
                    f64::NAN
                }
            }
        })
        .collect();
    col.data = ColumnData::numbers(values);
    col.kind = Kind::Numeric;
    (changed, lost)
}

/// Turns a text column whose every present label is a plain number into a numeric column.
pub fn numeric_if_possible(col: &mut Column) {
    let ColumnData::Categorical { codes, levels } = &col.data else { return };
    let parsed: Vec<Option<f64>> = levels.iter().map(|l| parse_number(l.trim(), false)).collect();
    let used_ok = codes.iter().all(|&c| c == MISSING_CODE || parsed[c as usize].is_some());
    if !used_ok {
        return;
    }
    let values = codes
        .iter()
        .map(|&c| if c == MISSING_CODE { f64::NAN } else { parsed[c as usize].unwrap_or(f64::NAN) })
        .collect();
    col.data = ColumnData::numbers(values);
    col.kind = infer_kind(col).0;
}

/// Applies `f` to every present numeric cell; counts the cells whose value changed.
pub fn map_numbers(col: &mut Column, f: impl Fn(f64) -> f64) -> usize {
    let ColumnData::Numeric(values) = &mut col.data else { return 0 };
    if !values.iter().any(|v| !v.is_nan() && f(*v).to_bits() != v.to_bits()) {
        return 0;
    }
    let mut n = 0;
    for v in Arc::make_mut(values).iter_mut().filter(|v| !v.is_nan()) {
        let new = f(*v);
        if new.to_bits() != v.to_bits() {
            *v = new;
            n += 1;
        }
    }
    n
}

/// Fills missing cells with `value` (a number for numeric columns, a label otherwise). A
/// numeric fill is a finite number read as ingest reads one ("inf" or "1e999" are not: a column
/// holds finite numbers or missing values). A column without any value is read as numbers
/// (ingest cannot tell): filled with a label that is not a number, it becomes a text column, as
/// it was in the data the label was learnt from.
pub fn fill_missing(col: &mut Column, value: &str) -> Result<usize, ()> {
    let blank = matches!(&col.data, ColumnData::Numeric(v) if v.iter().all(|x| x.is_nan()));
    if blank && value.trim().parse::<f64>().is_err() {
        let n = col.data.len();
        col.data =
            ColumnData::Categorical { codes: vec![MISSING_CODE; n].into(), levels: Vec::new() };
        col.kind = Kind::Categorical;
    }
    match &mut col.data {
        ColumnData::Numeric(values) => {
            let x = parse_number(value.trim(), false).ok_or(())?;
            if !values.iter().any(|v| v.is_nan()) {
                return Ok(0);
            }
            let mut n = 0;
            for v in Arc::make_mut(values).iter_mut().filter(|v| v.is_nan()) {
                *v = x;
                n += 1;
            }
            Ok(n)
        }
        ColumnData::Categorical { codes, levels } => {
            let code = match levels.iter().position(|l| l == value) {
                Some(i) => i as u32,
                None => {
                    levels.push(value.to_string());
                    (levels.len() - 1) as u32
                }
            };
            if !codes.contains(&MISSING_CODE) {
                return Ok(0);
            }
            let mut n = 0;
            for c in Arc::make_mut(codes).iter_mut().filter(|c| **c == MISSING_CODE) {
                *c = code;
                n += 1;
            }
            Ok(n)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cat(cells: &[&str]) -> Column {
        let mut levels: Vec<String> = Vec::new();
        let codes = cells
            .iter()
            .map(|c| match levels.iter().position(|l| l == c) {
                Some(i) => i as u32,
                None => {
                    levels.push(c.to_string());
                    (levels.len() - 1) as u32
                }
            })
            .collect::<Vec<_>>()
            .into();
        Column {
            name: "c".into(),
            kind: Kind::Categorical,
            data: ColumnData::Categorical { codes, levels },
        }
    }

    #[test]
    fn tokens_then_numbers() {
        let mut c = cat(&["1", "NA", "2", "n/a"]);
        assert_eq!(blank_tokens(&mut c, &["na".into(), "N/A".into()]), 2);
        numeric_if_possible(&mut c);
        assert_eq!(c.data.missing_count(), 2);
        assert!(matches!(c.data, ColumnData::Numeric(_)));
    }

    #[test]
    fn remap_merges_levels() {
        let mut c = cat(&["Male", "male", "M", "Female"]);
        let m: BTreeMap<String, String> = [("male", "Male"), ("M", "Male")]
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(remap_levels(&mut c, &m), 2);
        let ColumnData::Categorical { codes, levels } = &c.data else { panic!() };
        assert_eq!(levels, &["Male", "Female"]);
        assert_eq!(codes[..], [0, 0, 0, 1]);
    }

    #[test]
    fn formatted_numbers_parse_and_unreadable_become_missing() {
        let mut c = cat(&["52,000", "$40000", "30000", "lots"]);
        assert_eq!(parse_formatted_column(&mut c), (2, 1));
        assert_eq!(c.data.text(0), "52000");
        assert!(c.data.is_missing(3));
    }

    #[test]
    fn fill_numeric_and_label() {
        let mut n = Column {
            name: "x".into(),
            kind: Kind::Numeric,
            data: ColumnData::numbers(vec![1.0, f64::NAN]),
        };
        assert_eq!(fill_missing(&mut n, "3.5"), Ok(1));
        assert_eq!(n.data.text(1), "3.5");
        assert_eq!(fill_missing(&mut n, "abc"), Ok(0).and(Err(())));
        // Rust's parser reads these as ±∞ or NaN; a column never holds them.
        for word in ["inf", "-infinity", "NaN", "1e999"] {
            let mut m = Column { data: ColumnData::numbers(vec![f64::NAN]), ..n.clone() };
            assert_eq!(fill_missing(&mut m, word), Err(()), "{word}");
            assert!(m.data.is_missing(0));
        }
        assert_eq!(fill_missing(&mut n, " -1e308 "), Ok(0), "no cell is missing any more");

        // A text column a batch left empty is read as numbers; filled with a label, it is text.
        let mut blank = Column {
            name: "g".into(),
            kind: Kind::Numeric,
            data: ColumnData::Numeric(vec![f64::NAN; 2].into()),
        };
        assert_eq!(fill_missing(&mut blank, "North"), Ok(2));
        assert_eq!((blank.data.text(1), blank.kind), ("North".to_string(), Kind::Categorical));
    }
}

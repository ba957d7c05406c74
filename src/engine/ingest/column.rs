//! Building one column while records stream in: numbers while every cell parses, otherwise
//! dictionary-encoded text. No `String` is kept per cell.

use rustc_hash::FxHashMap;

use crate::engine::table::{format_number, ColumnData, MISSING_CODE};

/// Accumulates the cells of one column.
pub enum ColumnBuilder {
    Numeric(Vec<f64>),
    Text { codes: Vec<u32>, levels: Vec<String>, index: FxHashMap<String, u32> },
}

/// Parses a plain number (`12`, `-3.5`, `1e3`, and `1,5` when `decimal_comma`); `None` otherwise.
pub fn parse_number(cell: &str, decimal_comma: bool) -> Option<f64> {
    let parsed = if decimal_comma && cell.contains(',') {
        if cell.contains('.') {
            return None;
        }
        cell.replacen(',', ".", 1).parse::<f64>().ok()
    } else if let Some(x) = parse_integer(cell) {
        Some(x)
    } else {
        // Rust accepts "inf", "NaN", "infinity": those are not numbers in a CSV.
        if !cell
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        {
            return None;
        }
        cell.parse::<f64>().ok()
    };
    parsed.filter(|x| x.is_finite())
}

/// Most digits of an integer read by [`parse_integer`] (below 2^53, so every one is exact).
const EXACT_DIGITS: usize = 15;

/// Reads a plain integer of at most [`EXACT_DIGITS`] digits with an optional sign (the common
/// cell, read without the general float parser; the value is the one `str::parse` gives).
fn parse_integer(cell: &str) -> Option<f64> {
    let (negative, digits) = match cell.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        all => (false, all),
    };
    if digits.is_empty() || digits.len() > EXACT_DIGITS {
        return None;
    }
    let mut value = 0u64;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + u64::from(b - b'0');
    }
    let x = value as f64;
    Some(if negative { -x } else { x })
}

impl ColumnBuilder {
    /// An empty numeric builder with room for `rows` cells.
    pub fn with_capacity(rows: usize) -> Self {
        ColumnBuilder::Numeric(Vec::with_capacity(rows))
    }

    /// Appends a trimmed cell; empty means missing.
    pub fn push(&mut self, cell: &str, decimal_comma: bool) {
        if let ColumnBuilder::Numeric(values) = self {
            if cell.is_empty() {
                values.push(f64::NAN);
                return;
            }
            if let Some(x) = parse_number(cell, decimal_comma) {
                values.push(x);
                return;
            }
            self.switch_to_text();
        }
        if let ColumnBuilder::Text { codes, levels, index } = self {
            if cell.is_empty() {
                codes.push(MISSING_CODE);
            } else if let Some(&code) = index.get(cell) {
                codes.push(code);
            } else {
                let code = levels.len() as u32;
                levels.push(cell.to_string());
                index.insert(cell.to_string(), code);
                codes.push(code);
            }
        }
    }

    /// Switches a numeric builder to text, writing the numbers seen so far as text.
    fn switch_to_text(&mut self) {
        let ColumnBuilder::Numeric(values) = self else { return };
        let mut codes = Vec::with_capacity(values.capacity());
        let mut levels = Vec::new();
        let mut index = FxHashMap::default();
        for &x in values.iter() {
            if x.is_nan() {
                codes.push(MISSING_CODE);
                continue;
            }
            let text = format_number(x);
            let code = *index.entry(text.clone()).or_insert_with(|| {
                levels.push(text);
                (levels.len() - 1) as u32
            });
            codes.push(code);
        }
        *self = ColumnBuilder::Text { codes, levels, index };
    }

    /// The finished column, holding no spare capacity (it lives as long as the data).
    pub fn finish(self) -> ColumnData {
        match self {
            ColumnBuilder::Numeric(mut v) => {
                v.shrink_to_fit();
                ColumnData::numbers(v)
            }
            ColumnBuilder::Text { mut codes, levels, .. } => {
                codes.shrink_to_fit();
                ColumnData::labels(codes, levels)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_numbers_until_text_appears() {
        let mut b = ColumnBuilder::with_capacity(4);
        for c in ["19", "", "35.5"] {
            b.push(c, false);
        }
        assert!(matches!(b, ColumnBuilder::Numeric(_)));
        b.push("NA", false);
        b.push("19", false);
        match b.finish() {
            ColumnData::Categorical { codes, levels } => {
                assert_eq!(levels, vec!["19", "35.5", "NA"]);
                assert_eq!(codes, std::sync::Arc::new(vec![0, MISSING_CODE, 1, 2, 0]));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn parse_number_rejects_words_and_formats() {
        assert_eq!(parse_number("-3.5", false), Some(-3.5));
        assert_eq!(parse_number("1,5", true), Some(1.5));
        assert_eq!(parse_number("1,5", false), None);
        assert_eq!(parse_number("inf", false), None);
        assert_eq!(parse_number("NaN", false), None);
        assert_eq!(parse_number("$5", false), None);
        assert_eq!(parse_number("52,000", false), None);
        assert_eq!(parse_number("+", false), None);
        assert_eq!(parse_number("-", false), None);
        assert_eq!(parse_number("1-2", false), None);
    }

    #[test]
    fn integers_read_as_the_float_parser_reads_them() {
        for cell in ["0", "-0", "+7", "007", "123456789012345", "-999999999999999", "42"] {
            let want: f64 = cell.parse().unwrap();
            let got = parse_integer(cell).unwrap();
            assert_eq!(got.to_bits(), want.to_bits(), "{cell}");
        }
        // Longer integers and anything else go to the float parser.
        assert_eq!(parse_integer("1234567890123456"), None);
        assert_eq!(parse_number("1234567890123456", false), Some(1234567890123456.0));
        assert_eq!(parse_integer("1.5"), None);
        assert_eq!(parse_integer("1e3"), None);
    }
}

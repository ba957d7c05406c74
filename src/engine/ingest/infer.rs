//! What a column means (numeric, categorical, boolean, id, text), with the evidence shown to the
//! user. Roles (feature, id, ignore) build on these kinds in [`super::roles`]; the target and its
//! positive label are guessed in [`super::target_guess`].

use crate::engine::table::{Column, ColumnData, Kind, MISSING_CODE};

/// Spellings of "missing" recognised by inference and suggested by cleaning (compared trimmed,
/// case-insensitively).
pub const MISSING_TOKENS: [&str; 12] =
    ["na", "n/a", "nan", "null", "none", "?", "-", "--", "missing", "unknown", "#n/a", "nil"];

/// True when `cell` spells a missing value.
pub fn is_missing_token(cell: &str) -> bool {
    let c = cell.trim();
    MISSING_TOKENS.iter().any(|t| c.eq_ignore_ascii_case(t))
}

/// Parses numbers written with currency symbols, thousands separators, spaces or a trailing
/// percent (`$52,000`, `52 000 €`, `1.234,5` is not handled: use the decimal-comma option).
pub fn parse_formatted(cell: &str) -> Option<f64> {
    let c = cell.trim();
    let stripped: String = c
        .chars()
        .filter(|ch| !matches!(ch, '$' | '€' | '£' | '¥' | ',' | ' ' | '\u{a0}' | '\'' | '_'))
        .collect();
    let stripped = stripped.strip_suffix('%').unwrap_or(&stripped);
    let stripped = stripped.trim_start_matches('+');
    if stripped.is_empty() || stripped == c && c.parse::<f64>().is_err() && !c.contains(',') {
        // Nothing was removed and it is not a plain number.
        return stripped.parse::<f64>().ok().filter(|x| x.is_finite());
    }
    if !stripped.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'e' | b'E')) {
        return None;
    }
    stripped.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Boolean spellings, lower case, as (false, true) pairs.
const BOOL_PAIRS: [(&str, &str); 5] =
    [("0", "1"), ("no", "yes"), ("false", "true"), ("n", "y"), ("f", "t")];

/// True when the header names an identifier (`id`, `User ID`, `customer_id`).
pub fn id_like_name(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n == "id"
        || n.ends_with("_id")
        || n.ends_with(" id")
        || n.ends_with("id#")
        || n == "uuid"
        || n.ends_with("_key")
}

/// The inferred kind of `column` and the evidence for it.
pub fn infer_kind(column: &Column) -> (Kind, String) {
    match &column.data {
        ColumnData::Numeric(values) => infer_numeric(&column.name, values),
        ColumnData::Categorical { codes, levels } => infer_text(&column.name, codes, levels),
    }
}

fn infer_numeric(name: &str, values: &[f64]) -> (Kind, String) {
    let (mut n, mut zeros, mut ones, mut integers) = (0usize, 0usize, 0usize, true);
    for &x in values.iter().filter(|x| !x.is_nan()) {
        n += 1;
        zeros += usize::from(x == 0.0);
        ones += usize::from(x == 1.0);
        integers &= is_integer(x);
    }
    if zeros > 0 && ones > 0 && zeros + ones == n {
        return (Kind::Boolean, format!("boolean: {n} values, all 0 or 1"));
    }
    if id_like_name(name) && integers && n > 0 {
        let distinct = distinct_numbers(values);
        if distinct * 100 >= n * 95 {
            return (
                Kind::Id,
                format!("id: {distinct} distinct integers in {n} rows, and the name says id"),
            );
        }
    }
    (Kind::Numeric, format!("numeric: all {n} non-empty values are numbers"))
}

/// True when finite `x` has no fraction (a conversion, not `trunc`: that is a library call on
/// x86-64 without SSE4.1).
pub(super) fn is_integer(x: f64) -> bool {
    /// From here on every f64 is an integer.
    const ALL_INTEGERS: f64 = (1u64 << 52) as f64;
    x.abs() >= ALL_INTEGERS || (x as i64) as f64 == x
}

/// Number of distinct values among the non-missing `values` (`-0` and `0` are one value).
pub fn distinct_numbers(values: &[f64]) -> usize {
    /// Widest range of integers counted in a bitmap (2 MB of bits).
    const DENSE_RANGE: f64 = (1u64 << 24) as f64;
    let present = || values.iter().copied().filter(|x| !x.is_nan());
    let (mut lo, mut hi, mut integers, mut increasing) =
        (f64::INFINITY, f64::NEG_INFINITY, true, true);
    let mut n = 0usize;
    for x in present() {
        increasing &= x > hi;
        lo = lo.min(x);
        hi = hi.max(x);
        integers &= is_integer(x);
        n += 1;
    }
    if increasing {
        // An id or a row number: all distinct.
        return n;
    }
    if integers && hi - lo < DENSE_RANGE {
        let mut bits = vec![0u64; ((hi - lo) as usize >> 6) + 1];
        for x in present() {
            let i = (x - lo) as usize;
            bits[i >> 6] |= 1 << (i & 63);
        }
        return bits.iter().map(|w| w.count_ones() as usize).sum();
    }
    let mut keys: Vec<u64> = present().map(|x| (x + 0.0).to_bits()).collect();
    keys.sort_unstable();
    keys.dedup();
    keys.len()
}

fn infer_text(name: &str, codes: &[u32], levels: &[String]) -> (Kind, String) {
    let mut count = vec![0usize; levels.len()];
    for &c in codes {
        if c != MISSING_CODE {
            count[c as usize] += 1;
        }
    }
    let n: usize = count.iter().sum();
    let (mut numeric, mut formatted, mut tokens) = (0usize, 0usize, 0usize);
    for (level, &k) in levels.iter().zip(&count) {
        if level.trim().parse::<f64>().is_ok_and(|x| x.is_finite()) {
            numeric += k;
        } else if is_missing_token(level) {
            tokens += k;
        } else if parse_formatted(level).is_some() {
            formatted += k;
        }
    }
    let real = n - tokens;
    if real > 0 && numeric + formatted == real && numeric + formatted > 0 {
        return (
            Kind::Numeric,
            format!(
                "numeric: {} of {n} values are numbers{}{}",
                numeric + formatted,
                if formatted > 0 {
                    format!(" ({formatted} written with separators or currency)")
                } else {
                    String::new()
                },
                if tokens > 0 {
                    format!("; {tokens} look like missing tokens")
                } else {
                    String::new()
                },
            ),
        );
    }
    let distinct_real: Vec<String> = levels
        .iter()
        .zip(&count)
        .filter(|(l, &k)| k > 0 && !is_missing_token(l))
        .map(|(l, _)| l.trim().to_lowercase())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    if distinct_real.len() == 2 && BOOL_PAIRS.iter().any(|(f, t)| distinct_real == [*f, *t]) {
        return (Kind::Boolean, format!("boolean: 2 values {{{}}}", distinct_real.join(", ")));
    }
    if id_like_name(name) && n > 0 && levels.len() * 100 >= n * 95 {
        return (
            Kind::Id,
            format!("id: {} distinct values in {n} rows, and the name says id", levels.len()),
        );
    }
    let d = levels.len();
    if d <= 50 || (d as f64) < 0.05 * n as f64 {
        (Kind::Categorical, format!("categorical: {d} distinct labels in {n} values"))
    } else if d == n {
        (Kind::Id, format!("id: {n} distinct values, one per row"))
    } else {
        (Kind::Text, format!("text: {d} distinct values in {n}: too many for a category"))
    }
}

/// Distinct non-missing values of a column as text, in first-seen order.
pub fn distinct_texts(column: &Column) -> Vec<String> {
    match &column.data {
        ColumnData::Numeric(v) => {
            let mut seen: Vec<f64> = Vec::new();
            for &x in v.iter().filter(|x| !x.is_nan()) {
                if !seen.contains(&x) {
                    seen.push(x);
                    if seen.len() > 1000 {
                        break;
                    }
                }
            }
            seen.into_iter().map(crate::engine::table::format_number).collect()
        }
        ColumnData::Categorical { codes, levels } => {
            let mut used = vec![false; levels.len()];
            for &c in codes.iter() {
                if c != MISSING_CODE {
                    used[c as usize] = true;
                }
            }
            levels.iter().zip(used).filter(|(_, u)| *u).map(|(l, _)| l.clone()).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_col(name: &str, cells: &[&str]) -> Column {
        let mut levels: Vec<String> = Vec::new();
        let codes = cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    return MISSING_CODE;
                }
                match levels.iter().position(|l| l == c) {
                    Some(i) => i as u32,
                    None => {
                        levels.push(c.to_string());
                        (levels.len() - 1) as u32
                    }
                }
            })
            .collect::<Vec<_>>()
            .into();
        Column {
            name: name.into(),
            kind: Kind::Text,
            data: ColumnData::Categorical { codes, levels },
        }
    }

    /// The plain definition: sort, merge equal values.
    fn distinct_by_sorting(values: &[f64]) -> usize {
        let mut v: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        v.len()
    }

    #[test]
    fn distinct_numbers_counts_as_sorting_does() {
        let nan = f64::NAN;
        let cases: [&[f64]; 8] = [
            &[],
            &[nan, nan],
            &[1.0, 2.0, nan, 7.0, 1e9],                  // increasing
            &[3.0, 1.0, 3.0, -2.0, nan, 0.0, -0.0, 1.0], // dense integers, -0 is 0
            &[5.0, 5.0, 5.0],                            // one value
            &[0.5, 0.25, 0.5, -0.0, 0.0, 1e300, nan],    // fractions: sorted
            &[1.0, 3e7, 1.0, -3e7],                      // integers too far apart for a bitmap
            &[9.007_199_254_740_992e15, 1.0, 9.007_199_254_740_992e15], // beyond 2^52
        ];
        for values in cases {
            assert_eq!(distinct_numbers(values), distinct_by_sorting(values), "{values:?}");
        }
        assert!(is_integer(-4.0) && is_integer(1e300) && !is_integer(2.5) && !is_integer(-0.5));
    }

    #[test]
    fn formatted_numbers_parse() {
        assert_eq!(parse_formatted("$52,000"), Some(52000.0));
        assert_eq!(parse_formatted("52 000 €"), Some(52000.0));
        assert_eq!(parse_formatted("12%"), Some(12.0));
        assert_eq!(parse_formatted("abc"), None);
        assert_eq!(parse_formatted("NA"), None);
    }

    #[test]
    fn numeric_with_tokens_and_formats_is_numeric() {
        let (k, ev) = infer_kind(&text_col("Salary", &["52,000", "NA", "40000", "$30000"]));
        assert_eq!(k, Kind::Numeric, "{ev}");
        assert!(ev.contains("1 look like missing"), "{ev}");
    }

    #[test]
    fn yes_no_is_boolean_and_ids_are_ids() {
        assert_eq!(infer_kind(&text_col("Purchased", &["yes", "no", "Yes"])).0, Kind::Boolean);
        assert_eq!(infer_kind(&text_col("Purchased", &["yes", "no", "no"])).0, Kind::Boolean);
        let ids = Column {
            name: "User ID".into(),
            kind: Kind::Numeric,
            data: ColumnData::numbers(vec![5.0, 7.0, 9.0]),
        };
        assert_eq!(infer_kind(&ids).0, Kind::Id);
    }
}

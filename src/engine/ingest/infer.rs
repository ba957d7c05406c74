//! What a column means (numeric, categorical, boolean, id, text), with the evidence shown to the
//! user, and the guesses for the target column and its positive ("bought") label.

use crate::engine::table::{Column, ColumnData, Kind, Table, MISSING_CODE};

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
    let present: Vec<f64> = values.iter().copied().filter(|x| !x.is_nan()).collect();
    let n = present.len();
    let mut distinct = present.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    if distinct.len() == 2 && distinct == [0.0, 1.0] {
        return (Kind::Boolean, format!("boolean: {n} values, all 0 or 1"));
    }
    let integers = present.iter().all(|x| x.fract() == 0.0);
    if id_like_name(name) && integers && n > 0 && distinct.len() * 100 >= n * 95 {
        return (
            Kind::Id,
            format!("id: {} distinct integers in {n} rows, and the name says id", distinct.len()),
        );
    }
    (Kind::Numeric, format!("numeric: all {n} non-empty values are numbers"))
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
            for &c in codes {
                if c != MISSING_CODE {
                    used[c as usize] = true;
                }
            }
            levels.iter().zip(used).filter(|(_, u)| *u).map(|(l, _)| l.clone()).collect()
        }
    }
}

/// Guesses the target: a column named like `purchased`/`target`/`label`/`y`, else the last
/// column with two values.
pub fn guess_target(table: &Table) -> Option<String> {
    const NAMES: [&str; 8] =
        ["purchased", "purchase", "target", "label", "y", "class", "bought", "converted"];
    for want in NAMES {
        if let Some(c) = table.columns.iter().find(|c| c.name.trim().eq_ignore_ascii_case(want)) {
            return Some(c.name.clone());
        }
    }
    table
        .columns
        .iter()
        .rev()
        .find(|c| c.kind == Kind::Boolean || (c.kind != Kind::Id && distinct_texts(c).len() == 2))
        .map(|c| c.name.clone())
}

/// The label meaning "bought": `1`, `yes`, `true`, `y` (any case) when present, else the second
/// label in sorted order (as scikit-learn orders labels): by value when every label is a number,
/// else as text.
pub fn guess_positive(labels: &[String]) -> Option<String> {
    for want in ["1", "yes", "true", "y"] {
        if let Some(l) = labels.iter().find(|l| l.trim().eq_ignore_ascii_case(want)) {
            return Some(l.clone());
        }
    }
    let mut sorted: Vec<&String> = labels.iter().collect();
    // One rule for the whole list: comparing numbers by value and other pairs as text is not an
    // order (9 < 10 < "1a" < 9), and `sort_by` may panic on it.
    if labels.iter().all(|l| l.parse::<f64>().is_ok()) {
        let value = |l: &str| l.parse::<f64>().unwrap_or(f64::NAN);
        sorted.sort_by(|a, b| value(a).total_cmp(&value(b)));
    } else {
        sorted.sort();
    }
    sorted.get(1).map(|s| (*s).clone())
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
            .collect();
        Column {
            name: name.into(),
            kind: Kind::Text,
            data: ColumnData::Categorical { codes, levels },
        }
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
            data: ColumnData::Numeric(vec![5.0, 7.0, 9.0]),
        };
        assert_eq!(infer_kind(&ids).0, Kind::Id);
    }

    #[test]
    fn positive_label_rules() {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        assert_eq!(guess_positive(&s(&["0", "1"])).as_deref(), Some("1"));
        assert_eq!(guess_positive(&s(&["No", "Yes"])).as_deref(), Some("Yes"));
        assert_eq!(guess_positive(&s(&["MM", "CH"])).as_deref(), Some("MM"));
        assert_eq!(guess_positive(&s(&["10", "9"])).as_deref(), Some("10"));
        assert_eq!(guess_positive(&s(&["10", "9", "2"])).as_deref(), Some("9"));
        // Mixed numbers and text sort as text (and must not panic, however many there are).
        assert_eq!(guess_positive(&s(&["9", "10", "1a"])).as_deref(), Some("1a"));
        let many: Vec<String> =
            (2..40).map(|i| if i % 3 == 0 { format!("{i}x") } else { i.to_string() }).collect();
        assert_eq!(guess_positive(&many).as_deref(), Some("11"));
    }
}

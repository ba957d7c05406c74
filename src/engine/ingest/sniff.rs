//! Guess the delimiter and decimal comma from the first lines, quote-aware.
//!
//! For each candidate among `, ; \t |` the first records are read with the csv crate; the winner
//! is the delimiter whose records most often have the same field count (> 1), ties broken by the
//! larger field count. A file with one column sniffs as `,`.

/// Candidate delimiters, in order of preference on ties.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Bytes of the file looked at when sniffing.
const SAMPLE_BYTES: usize = 64 * 1024;
/// Records looked at when sniffing.
const SAMPLE_RECORDS: usize = 50;

/// The delimiter that gives the most consistent multi-field records.
pub fn sniff_delimiter(text: &str) -> u8 {
    let sample = head(text, SAMPLE_BYTES);
    let mut best = (b',', 0usize, 0usize);
    for &d in &CANDIDATES {
        let counts = field_counts(sample, d);
        let Some((mode, freq)) = mode(&counts) else { continue };
        if mode < 2 {
            continue;
        }
        if freq > best.1 || (freq == best.1 && mode > best.2) {
            best = (d, freq, mode);
        }
    }
    best.0
}

/// True when numbers in the sample are written with a decimal comma (`1,5`); only meaningful
/// when the delimiter is not a comma.
pub fn sniff_decimal_comma(text: &str, delimiter: u8) -> bool {
    if delimiter == b',' {
        return false;
    }
    let sample = head(text, SAMPLE_BYTES);
    let mut reader = reader(sample, delimiter);
    let (mut comma, mut dot) = (0usize, 0usize);
    for record in reader.records().take(SAMPLE_RECORDS).flatten() {
        for field in record.iter() {
            let f = field.trim();
            if looks_decimal(f, ',') {
                comma += 1;
            } else if looks_decimal(f, '.') {
                dot += 1;
            }
        }
    }
    comma > dot
}

fn looks_decimal(field: &str, sep: char) -> bool {
    let field = field.strip_prefix('-').unwrap_or(field);
    match field.split_once(sep) {
        Some((a, b)) => {
            !a.is_empty()
                && !b.is_empty()
                && a.bytes().all(|c| c.is_ascii_digit())
                && b.bytes().all(|c| c.is_ascii_digit())
                && b.len() != 3 // "52,000" is a thousands separator, not a decimal
        }
        None => false,
    }
}

fn head(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // Cut at the last complete line so a half record does not skew the counts.
    match text[..end].rfind('\n') {
        Some(i) if i > 0 => &text[..i],
        _ => &text[..end],
    }
}

fn reader(sample: &str, delimiter: u8) -> csv::Reader<&[u8]> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(sample.as_bytes())
}

fn field_counts(sample: &str, delimiter: u8) -> Vec<usize> {
    reader(sample, delimiter)
        .records()
        .take(SAMPLE_RECORDS)
        .flatten()
        .filter(|r| !(r.len() == 1 && r.get(0).is_some_and(|f| f.trim().is_empty())))
        .map(|r| {
            // Trailing empty fields (a trailing delimiter) do not count.
            let mut n = r.len();
            while n > 1 && r.get(n - 1).is_some_and(|f| f.trim().is_empty()) {
                n -= 1;
            }
            n
        })
        .collect()
}

fn mode(values: &[usize]) -> Option<(usize, usize)> {
    let mut counts = std::collections::BTreeMap::new();
    for &v in values {
        *counts.entry(v).or_insert(0usize) += 1;
    }
    counts.into_iter().max_by_key(|&(value, freq)| (freq, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_consistent_delimiter() {
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n4,5,6\n"), b',');
        assert_eq!(sniff_delimiter("a;b;c\n1,5;2;3\n4;5,5;6\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("a|b\n1|2\n"), b'|');
        // Commas inside quotes do not count.
        assert_eq!(sniff_delimiter("name;city\n\"Doe, J\";Oslo\n\"Roe, K\";Rome\n"), b';');
        assert_eq!(sniff_delimiter("single\n1\n2\n"), b',');
    }

    #[test]
    fn detects_decimal_comma_only_with_another_delimiter() {
        assert!(sniff_decimal_comma("x;y\n1,5;2,25\n3,0;4,75\n", b';'));
        assert!(!sniff_decimal_comma("x;y\n52,000;1\n", b';'));
        assert!(!sniff_decimal_comma("x,y\n1,5\n", b','));
    }
}

//! Reading one date in each format: digits, separators, two-digit years, month names, and
//! checks that the day exists in its month (leap years included).

use super::Date;

fn valid(year: i32, month: u32, day: u32) -> Option<Date> {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(Date { year, month, day })
}

/// Digits only, 1 to `max` of them.
fn digits(s: &str, max: usize) -> Option<u32> {
    (!s.is_empty() && s.len() <= max && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// A four-digit year, or a two-digit one (70–99 → 19xx, 00–69 → 20xx).
fn year(s: &str) -> Option<i32> {
    match s.len() {
        4 => digits(s, 4).map(|y| y as i32),
        2 => digits(s, 2).map(|y| if y >= 70 { 1900 + y as i32 } else { 2000 + y as i32 }),
        _ => None,
    }
}

/// The date part of a date-time: what comes before `T` or a space followed by a time.
fn date_part(t: &str) -> &str {
    let cut = t.find(['T', ' ']).unwrap_or(t.len());
    let rest = &t[cut..];
    let time_like = rest.len() > 1 && rest[1..].starts_with(|c: char| c.is_ascii_digit());
    if cut < t.len() && time_like && rest[1..].contains(':') {
        &t[..cut]
    } else {
        t
    }
}

pub(super) fn iso(t: &str) -> Option<Date> {
    let d = date_part(t);
    let sep = if d.contains('-') { '-' } else { '/' };
    let mut it = d.split(sep);
    let (y, m, day) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    valid(year(y)?, digits(m, 2)?, digits(day, 2)?)
}

pub(super) fn numeric(t: &str, day_first: bool) -> Option<Date> {
    let d = date_part(t);
    let sep = ['/', '.', '-'].into_iter().find(|&s| d.contains(s))?;
    let mut it = d.split(sep);
    let (a, b, y) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || a.len() > 2 || b.len() > 2 {
        return None;
    }
    let (day, month) = if day_first { (a, b) } else { (b, a) };
    valid(year(y)?, digits(month, 2)?, digits(day, 2)?)
}

const MONTHS: [&str; 12] =
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/// A month from its English name or three-letter abbreviation (any case).
fn month_name(s: &str) -> Option<u32> {
    let l = s.trim_end_matches('.').to_ascii_lowercase();
    if l.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let i = MONTHS.iter().position(|m| l.starts_with(m))?;
    (l == MONTHS[i] || l == full[i] || (i == 8 && l == "sept")).then_some(i as u32 + 1)
}

pub(super) fn named(t: &str) -> Option<Date> {
    let parts: Vec<&str> = t.split([' ', '-', ',']).filter(|p| !p.is_empty()).collect();
    let [a, b, c] = parts.as_slice() else { return None };
    // `31 Jan 2024` or `Jan 31 2024`.
    let (day, month) = match (month_name(a), month_name(b)) {
        (None, Some(m)) => (digits(a, 2)?, m),
        (Some(m), None) => (digits(b, 2)?, m),
        _ => return None,
    };
    valid(year(c)?, month, day)
}

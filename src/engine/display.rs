//! Numbers as the page, its charts and reports show them. One function per format, so the
//! formatting code is compiled once instead of at every place that shows a number (the page's
//! size is budgeted).

/// `x` with `digits` decimals (`format!("{x:.digits$}")`).
#[inline(never)]
pub fn fixed(x: f64, digits: usize) -> String {
    format!("{x:.digits$}")
}

/// `fraction` as a percentage with `digits` decimals: `percent(0.1234, 1)` is `12.3%`.
pub fn percent(fraction: f64, digits: usize) -> String {
    let mut s = fixed(fraction * 100.0, digits);
    s.push('%');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_and_percent_round_like_format() {
        assert_eq!(fixed(0.74851, 3), "0.749");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(-0.0004, 3), "-0.000");
        assert_eq!(percent(0.1234, 1), "12.3%");
        assert_eq!(percent(1.0, 0), "100%");
    }
}

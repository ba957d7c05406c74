//! Numbers as the page, its charts and reports show them. One function per format, so the
//! formatting code is compiled once instead of at every place that shows a number (the page's
//! size is budgeted).

/// `x` with `digits` decimals (`format!("{x:.digits$}")`), without the sign of a number that
/// rounds to zero (`fixed(-0.0001, 2)` is `0.00`, not `-0.00`).
#[inline(never)]
pub fn fixed(x: f64, digits: usize) -> String {
    let s = format!("{x:.digits$}");
    match s.strip_prefix('-') {
        Some(rest) if rest.bytes().all(|b| b == b'0' || b == b'.') => rest.to_string(),
        _ => s,
    }
}

/// `fraction` as a percentage with `digits` decimals: `percent(0.1234, 1)` is `12.3%`.
pub fn percent(fraction: f64, digits: usize) -> String {
    let mut s = fixed(fraction * 100.0, digits);
    s.push('%');
    s
}

/// An amount of money: two decimals, thousands grouped (`money(-12345.6)` is `-12,345.60`),
/// the same in every sentence whatever its size.
pub fn money(x: f64) -> String {
    let text = fixed(x.abs(), 2);
    let (whole, cents) = text.split_once('.').unwrap_or((text.as_str(), "00"));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if x < 0.0 && text != "0.00" { "-" } else { "" };
    format!("{sign}{grouped}.{cents}")
}

/// What a positive row of the target means, in the words of the user's own file: "churn rate"
/// rather than "purchase rate".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The target column.
    pub target: String,
    /// Its label counted as positive.
    pub positive: String,
}

impl Outcome {
    pub fn new(target: &str, positive: &str) -> Outcome {
        Outcome { target: target.to_string(), positive: positive.to_string() }
    }

    /// A positive row: the target's name when its positive label is a plain yes (`churn`,
    /// `Purchased`), else the target with its label (`Status = bad`).
    pub fn event(&self) -> String {
        let yes = ["1", "yes", "y", "true", "t"];
        let plain = yes.iter().any(|y| self.positive.trim().eq_ignore_ascii_case(y));
        if plain {
            self.target.clone()
        } else {
            format!("{} = {}", self.target, self.positive)
        }
    }

    /// The share of positive rows: "churn rate", "Status = bad rate".
    pub fn rate(&self) -> String {
        format!("{} rate", self.event())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_has_two_decimals_and_grouped_thousands() {
        assert_eq!(money(100.0), "100.00");
        assert_eq!(money(60.0), "60.00");
        assert_eq!(money(1234.5), "1,234.50");
        assert_eq!(money(-12345.678), "-12,345.68");
        assert_eq!(money(1_000_000.0), "1,000,000.00");
        assert_eq!(money(-0.001), "0.00");
        assert_eq!(money(999.999), "1,000.00");
        assert_eq!(fixed(-0.0001, 2), "0.00");
        assert_eq!(fixed(-0.0, 3), "0.000");
        assert_eq!(fixed(-0.006, 2), "-0.01");
        assert_eq!(fixed(-3.0, 0), "-3");
    }

    #[test]
    fn outcomes_speak_the_files_words() {
        assert_eq!(Outcome::new("churn", "Yes").rate(), "churn rate");
        assert_eq!(Outcome::new("Purchased", "1").event(), "Purchased");
        assert_eq!(Outcome::new("Status", "bad").rate(), "Status = bad rate");
    }

    #[test]
    fn fixed_and_percent_round_like_format() {
        assert_eq!(fixed(0.74851, 3), "0.749");
        assert_eq!(fixed(2.5, 0), "2");
        assert_eq!(fixed(-0.0004, 3), "0.000"); // no "-0.000" on screen
        assert_eq!(percent(0.1234, 1), "12.3%");
        assert_eq!(percent(1.0, 0), "100%");
    }
}

//! The vocabulary of rule segments: a [`Condition`] on one named column, and a [`Rule`], a
//! conjunction of conditions. The tree method's leaves are rules (they partition the rows);
//! discovered segments are rules too (they may overlap).
//!
//! Semantics, the same in [`Rule::matches`] and in the SQL export:
//! - `Range`: a present number inside the interval (each end open, closed or absent);
//! - `In`: a present label that is one of `labels`; `NotIn`: a present label that is none of
//!   them (a label never seen in training is "none of them");
//! - `missing: true` on any of these lets a missing cell match too; `Missing` matches only a
//!   missing cell (a NaN number, an empty label).
//!
//! Labels compare exactly (cells are trimmed when read). Bounds are finite numbers.

use serde::{Deserialize, Serialize};

use crate::engine::segment::short;

/// One end of a numeric interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bound {
    pub value: f64,
    /// Whether `value` itself is inside the interval.
    pub closed: bool,
}

impl Bound {
    /// The end `value`, inside the interval.
    pub fn closed(value: f64) -> Bound {
        Bound { value, closed: true }
    }

    /// The end `value`, outside the interval.
    pub fn open(value: f64) -> Bound {
        Bound { value, closed: false }
    }
}

/// A test of one column of a row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// A number inside `lower`..`upper` (`None`: no bound on that side).
    Range {
        column: String,
        lower: Option<Bound>,
        upper: Option<Bound>,
        /// A missing cell matches too.
        #[serde(default)]
        missing: bool,
    },
    /// A label that is one of `labels`.
    In {
        column: String,
        labels: Vec<String>,
        /// A missing cell matches too.
        #[serde(default)]
        missing: bool,
    },
    /// A present label that is none of `labels` (labels never seen in training included).
    NotIn {
        column: String,
        labels: Vec<String>,
        /// A missing cell matches too.
        #[serde(default)]
        missing: bool,
    },
    /// A missing cell.
    Missing { column: String },
}

/// What kind of column a condition reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnKind {
    Numeric,
    Categorical,
    /// Either kind: only whether the cell is missing matters.
    Any,
}

impl Condition {
    /// The column the condition reads.
    pub fn column(&self) -> &str {
        match self {
            Condition::Range { column, .. }
            | Condition::In { column, .. }
            | Condition::NotIn { column, .. }
            | Condition::Missing { column } => column,
        }
    }

    /// The kind of column the condition needs.
    pub fn kind(&self) -> ColumnKind {
        match self {
            Condition::Range { .. } => ColumnKind::Numeric,
            Condition::In { .. } | Condition::NotIn { .. } => ColumnKind::Categorical,
            Condition::Missing { .. } => ColumnKind::Any,
        }
    }

    /// Whether a number (NaN: missing) satisfies a `Range` or `Missing` condition.
    pub fn holds_number(&self, x: f64) -> bool {
        match self {
            Condition::Range { lower, upper, missing, .. } => {
                if x.is_nan() {
                    return *missing;
                }
                let above = lower.is_none_or(|b| x > b.value || (b.closed && x == b.value));
                let below = upper.is_none_or(|b| x < b.value || (b.closed && x == b.value));
                above && below
            }
            Condition::Missing { .. } => x.is_nan(),
            Condition::In { missing, .. } | Condition::NotIn { missing, .. } => {
                x.is_nan() && *missing
            }
        }
    }

    /// Whether a label (None: missing) satisfies an `In`, `NotIn` or `Missing` condition.
    pub fn holds_label(&self, label: Option<&str>) -> bool {
        match (self, label) {
            (Condition::Missing { .. }, l) => l.is_none(),
            (Condition::In { missing, .. } | Condition::NotIn { missing, .. }, None) => *missing,
            (Condition::In { labels, .. }, Some(l)) => labels.iter().any(|x| x == l),
            (Condition::NotIn { labels, .. }, Some(l)) => !labels.iter().any(|x| x == l),
            (Condition::Range { missing, .. }, l) => l.is_none() && *missing,
        }
    }

    /// In words: "Age ≤ 42.5", "30 < Age ≤ 45", "Gender = Male", "region not in {N, S}",
    /// "salary is missing"; "(or missing)" when missing cells match too.
    pub fn text(&self) -> String {
        let or_missing = |s: String, m: bool| if m { format!("{s} (or missing)") } else { s };
        match self {
            Condition::Range { column, lower, upper, missing } => {
                let s = match (lower, upper) {
                    (None, None) => format!("{column} is known"),
                    (Some(l), None) => {
                        format!("{column} {} {}", if l.closed { "≥" } else { ">" }, short(l.value))
                    }
                    (None, Some(u)) => format!("{column} {} {}", lt(u.closed), short(u.value)),
                    (Some(l), Some(u)) => format!(
                        "{} {} {column} {} {}",
                        short(l.value),
                        lt(l.closed),
                        lt(u.closed),
                        short(u.value)
                    ),
                };
                or_missing(s, *missing)
            }
            Condition::In { column, labels, missing } => {
                or_missing(set_text(column, labels, "=", "in"), *missing)
            }
            Condition::NotIn { column, labels, missing } => {
                or_missing(set_text(column, labels, "≠", "not in"), *missing)
            }
            Condition::Missing { column } => format!("{column} is missing"),
        }
    }
}

fn lt(closed: bool) -> &'static str {
    if closed {
        "≤"
    } else {
        "<"
    }
}

fn set_text(column: &str, labels: &[String], one: &str, many: &str) -> String {
    match labels {
        [l] => format!("{column} {one} {l}"),
        _ => format!("{column} {many} {{{}}}", labels.join(", ")),
    }
}

/// Conditions joined by "and"; a rule without conditions matches every row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rule {
    pub conditions: Vec<Condition>,
}

impl Rule {
    /// In words, conditions joined by " and " ("everyone" without conditions).
    pub fn text(&self) -> String {
        if self.conditions.is_empty() {
            return "everyone".into();
        }
        self.conditions.iter().map(Condition::text).collect::<Vec<_>>().join(" and ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(lower: Option<Bound>, upper: Option<Bound>, missing: bool) -> Condition {
        Condition::Range { column: "Age".into(), lower, upper, missing }
    }

    #[test]
    fn ranges_respect_open_and_closed_ends_and_missing() {
        // (30, 45]: 30 out, 30.0000001 in, 45 in, 45.0000001 out.
        let c = range(Some(Bound::open(30.0)), Some(Bound::closed(45.0)), false);
        assert!(!c.holds_number(30.0) && c.holds_number(30.000_000_1));
        assert!(c.holds_number(45.0) && !c.holds_number(45.000_000_1));
        assert!(!c.holds_number(f64::NAN));
        // [30, 45): the other way round, and missing cells match.
        let c = range(Some(Bound::closed(30.0)), Some(Bound::open(45.0)), true);
        assert!(c.holds_number(30.0) && !c.holds_number(45.0) && c.holds_number(f64::NAN));
        assert!(range(None, None, false).holds_number(-1e308));
        assert_eq!(c.text(), "30 ≤ Age < 45 (or missing)");
        assert_eq!(range(None, Some(Bound::closed(42.5)), false).text(), "Age ≤ 42.5");
        assert_eq!(range(Some(Bound::open(90_000.0)), None, false).text(), "Age > 90k");
    }

    #[test]
    fn label_sets_and_missing() {
        let labels = vec!["North".to_string(), "East".to_string()];
        let inside =
            Condition::In { column: "region".into(), labels: labels.clone(), missing: false };
        let outside = Condition::NotIn { column: "region".into(), labels, missing: true };
        assert!(inside.holds_label(Some("East")) && !inside.holds_label(Some("east")));
        assert!(!inside.holds_label(None));
        // A label never seen anywhere is "none of them".
        assert!(outside.holds_label(Some("Atlantis")) && !outside.holds_label(Some("North")));
        assert!(outside.holds_label(None));
        let missing = Condition::Missing { column: "region".into() };
        assert!(missing.holds_label(None) && !missing.holds_label(Some("North")));
        assert!(missing.holds_number(f64::NAN) && !missing.holds_number(0.0));
        assert_eq!(inside.text(), "region in {North, East}");
        assert_eq!(outside.text(), "region not in {North, East} (or missing)");
        let rule = Rule { conditions: vec![inside, missing] };
        assert_eq!(rule.text(), "region in {North, East} and region is missing");
        assert_eq!(Rule::default().text(), "everyone");
    }

    #[test]
    fn conditions_read_back_from_json() {
        let c = range(Some(Bound::open(1.5)), None, true);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"range":{"column":"Age","lower":{"value":1.5,"closed":false},"upper":null,"missing":true}}"#
        );
        assert_eq!(serde_json::from_str::<Condition>(&json).unwrap(), c);
        let short: Condition =
            serde_json::from_str(r#"{"in":{"column":"g","labels":["a"]}}"#).unwrap();
        assert_eq!(
            short,
            Condition::In { column: "g".into(), labels: vec!["a".into()], missing: false }
        );
    }
}

//! Discovered rules: a conjunction of conditions on named columns, serializable, readable in
//! words, and able to tag the rows of any table (new data included) by column name and label
//! text, so the rules can be exported (SQL) and applied to new batches.
//!
//! Semantics (the same in [`Rule::matches`], [`Rule::members`] and the search's bins):
//! - `In`: the cell's label is one of `levels`; `NotIn`: the cell is present and its label is
//!   none of `levels`; labels compare as trimmed text, exactly;
//! - `Range`: lower < x ≤ upper (a bound that is `None` is open); a missing x never matches;
//! - `Missing`: the cell is missing (NaN or an empty category).

use serde::{Deserialize, Serialize};

use super::error::RuleError;
use crate::engine::segment::short;
use crate::engine::table::{ColumnData, Table, MISSING_CODE};

/// One condition of a rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Condition {
    /// The label is one of these.
    In { column: String, levels: Vec<String> },
    /// The label is present and none of these.
    NotIn { column: String, levels: Vec<String> },
    /// lower < x ≤ upper; `None` is an open end.
    Range { column: String, lower: Option<f64>, upper: Option<f64> },
    /// The cell is missing.
    Missing { column: String },
}

/// Conditions joined by "and". An empty rule matches every row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Rule {
    pub conditions: Vec<Condition>,
}

impl Condition {
    /// The column the condition reads.
    pub fn column(&self) -> &str {
        match self {
            Condition::In { column, .. }
            | Condition::NotIn { column, .. }
            | Condition::Range { column, .. }
            | Condition::Missing { column } => column,
        }
    }

    /// In words: "region = East", "region in {East, West}", "region ≠ Islands",
    /// "31 < age ≤ 45", "tenure ≤ 3", "salary is missing".
    pub fn text(&self) -> String {
        match self {
            Condition::In { column, levels } if levels.len() == 1 => {
                format!("{column} = {}", levels[0])
            }
            Condition::In { column, levels } => format!("{column} in {{{}}}", levels.join(", ")),
            Condition::NotIn { column, levels } if levels.len() == 1 => {
                format!("{column} ≠ {}", levels[0])
            }
            Condition::NotIn { column, levels } => {
                format!("{column} not in {{{}}}", levels.join(", "))
            }
            Condition::Range { column, lower, upper } => match (lower, upper) {
                (Some(l), Some(u)) => format!("{} < {column} ≤ {}", short(*l), short(*u)),
                (Some(l), None) => format!("{column} > {}", short(*l)),
                (None, Some(u)) => format!("{column} ≤ {}", short(*u)),
                (None, None) => format!("{column} is known"),
            },
            Condition::Missing { column } => format!("{column} is missing"),
        }
    }
}

impl Rule {
    /// In words, conditions joined by " and " ("everyone" for no condition).
    pub fn text(&self) -> String {
        if self.conditions.is_empty() {
            return "everyone".into();
        }
        self.conditions.iter().map(Condition::text).collect::<Vec<_>>().join(" and ")
    }

    /// Whether row `row` of `table` satisfies every condition.
    pub fn matches(&self, table: &Table, row: usize) -> Result<bool, RuleError> {
        if row >= table.n_rows() {
            return Err(RuleError::RowOutOfRange { row, rows: table.n_rows() });
        }
        let tests = self.compile(table)?;
        Ok(tests.iter().all(|t| t.holds(row)))
    }

    /// The 0-based rows of `table` that satisfy every condition, ascending.
    pub fn members(&self, table: &Table) -> Result<Vec<usize>, RuleError> {
        let tests = self.compile(table)?;
        let mut keep: Vec<bool> = vec![true; table.n_rows()];
        for t in &tests {
            t.filter(&mut keep);
        }
        Ok(keep.iter().enumerate().filter(|(_, k)| **k).map(|(i, _)| i).collect())
    }

    /// Each condition bound to its column of `table` (names and labels resolved once).
    fn compile<'t>(&self, table: &'t Table) -> Result<Vec<Test<'t>>, RuleError> {
        self.conditions.iter().map(|c| Test::new(c, table)).collect()
    }
}

/// A condition resolved against one table.
enum Test<'t> {
    /// Allowed category codes (`negate`: present and not allowed).
    Codes {
        codes: &'t [u32],
        allowed: Vec<u32>,
        negate: bool,
    },
    Range {
        values: &'t [f64],
        lower: f64,
        upper: f64,
    },
    Missing {
        data: &'t ColumnData,
    },
}

impl<'t> Test<'t> {
    fn new(c: &Condition, table: &'t Table) -> Result<Test<'t>, RuleError> {
        let column = c.column();
        let col = table.column(column).ok_or_else(|| RuleError::NoSuchColumn {
            column: column.to_string(),
            available: table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", "),
        })?;
        let wrong =
            |expected, found| RuleError::WrongKind { column: column.to_string(), expected, found };
        Ok(match (c, &col.data) {
            (Condition::Missing { .. }, data) => Test::Missing { data },
            (Condition::In { levels: want, .. }, ColumnData::Categorical { codes, levels })
            | (Condition::NotIn { levels: want, .. }, ColumnData::Categorical { codes, levels }) => {
                let allowed = (0..levels.len() as u32)
                    .filter(|&i| want.iter().any(|w| w.trim() == levels[i as usize].trim()))
                    .collect();
                Test::Codes { codes, allowed, negate: matches!(c, Condition::NotIn { .. }) }
            }
            (Condition::Range { lower, upper, .. }, ColumnData::Numeric(values)) => Test::Range {
                values,
                lower: lower.unwrap_or(f64::NEG_INFINITY),
                upper: upper.unwrap_or(f64::INFINITY),
            },
            (Condition::Range { .. }, ColumnData::Categorical { .. }) => {
                return Err(wrong("numeric", "categorical"))
            }
            (_, _) => return Err(wrong("categorical", "numeric")),
        })
    }

    fn holds(&self, row: usize) -> bool {
        match self {
            Test::Codes { codes, allowed, negate } => {
                let c = codes[row];
                c != MISSING_CODE && allowed.contains(&c) != *negate
            }
            // NaN fails both comparisons, so a missing x never matches.
            Test::Range { values, lower, upper } => *lower < values[row] && values[row] <= *upper,
            Test::Missing { data } => data.is_missing(row),
        }
    }

    /// Clears `keep[row]` for every row the condition rejects.
    #[inline(never)]
    fn filter(&self, keep: &mut [bool]) {
        for (row, k) in keep.iter_mut().enumerate() {
            *k = *k && self.holds(row);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};

    fn table() -> Table {
        let csv = "region,age,channel\nEast,20,web\nWest,35,phone\nEast,,phone\n,50,web\nNorth,31,store\n";
        ingest(csv.as_bytes(), &IngestOptions::default()).unwrap().table
    }

    fn cat(column: &str, levels: &[&str], negate: bool) -> Condition {
        let (column, levels) = (column.to_string(), levels.iter().map(|s| s.to_string()).collect());
        if negate {
            Condition::NotIn { column, levels }
        } else {
            Condition::In { column, levels }
        }
    }

    #[test]
    fn conditions_select_rows_by_name_and_label() {
        let t = table();
        let rule = |c: Vec<Condition>| Rule { conditions: c }.members(&t).unwrap();
        assert_eq!(rule(vec![cat("region", &["East"], false)]), vec![0, 2]);
        assert_eq!(rule(vec![cat("region", &["East", "West"], false)]), vec![0, 1, 2]);
        // NotIn never takes a missing cell (row 3).
        assert_eq!(rule(vec![cat("region", &["East"], true)]), vec![1, 4]);
        let range = |l: Option<f64>, u: Option<f64>| Condition::Range {
            column: "age".into(),
            lower: l,
            upper: u,
        };
        // 20 < age ≤ 35: 35 and 31; the missing age (row 2) never matches.
        assert_eq!(rule(vec![range(Some(20.0), Some(35.0))]), vec![1, 4]);
        assert_eq!(rule(vec![range(None, Some(31.0))]), vec![0, 4]);
        assert_eq!(rule(vec![Condition::Missing { column: "age".into() }]), vec![2]);
        assert_eq!(rule(vec![Condition::Missing { column: "region".into() }]), vec![3]);
        let both = vec![cat("region", &["East"], false), cat("channel", &["phone"], false)];
        assert_eq!(rule(both.clone()), vec![2]);
        let r = Rule { conditions: both };
        assert!(r.matches(&t, 2).unwrap() && !r.matches(&t, 0).unwrap());
        assert_eq!(Rule::default().members(&t).unwrap(), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn text_reads_as_words() {
        let r = Rule {
            conditions: vec![
                cat("region", &["East"], false),
                cat("channel", &["phone", "web"], false),
                Condition::Range { column: "tenure".into(), lower: None, upper: Some(3.0) },
                Condition::Range { column: "salary".into(), lower: Some(88_000.0), upper: None },
                Condition::Range { column: "age".into(), lower: Some(31.0), upper: Some(45.5) },
                cat("gender", &["Male"], true),
                Condition::Missing { column: "visits".into() },
            ],
        };
        assert_eq!(
            r.text(),
            "region = East and channel in {phone, web} and tenure ≤ 3 and salary > 88k and \
             31 < age ≤ 45.5 and gender ≠ Male and visits is missing"
        );
        assert_eq!(Rule::default().text(), "everyone");
    }

    #[test]
    fn errors_name_the_column() {
        let t = table();
        let r = Rule { conditions: vec![cat("nope", &["x"], false)] };
        assert!(
            matches!(r.members(&t), Err(RuleError::NoSuchColumn { column, .. }) if column == "nope")
        );
        let r = Rule {
            conditions: vec![Condition::Range {
                column: "region".into(),
                lower: None,
                upper: None,
            }],
        };
        assert_eq!(
            r.members(&t).unwrap_err(),
            RuleError::WrongKind {
                column: "region".into(),
                expected: "numeric",
                found: "categorical"
            }
        );
        let r = Rule { conditions: vec![cat("age", &["3"], false)] };
        assert!(matches!(r.members(&t), Err(RuleError::WrongKind { expected: "categorical", .. })));
        assert_eq!(
            Rule::default().matches(&t, 9).unwrap_err(),
            RuleError::RowOutOfRange { row: 9, rows: 5 }
        );
    }

    #[test]
    fn rules_round_trip_through_json() {
        let r = Rule {
            conditions: vec![
                cat("region", &["East"], true),
                Condition::Range { column: "age".into(), lower: Some(1.5), upper: None },
            ],
        };
        let back: Rule = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(back, r);
    }
}

//! Conditions, rules and numbers as SQL expressions over the cleaned columns.
//!
//! Every condition says exactly which rows it takes, NULLs included: a comparison with a NULL
//! is NULL, which `CASE WHEN` and `WHERE` treat as not met, and nothing is ever negated, so
//! "not met" is all that NULL can mean here.

use super::super::condition::{Condition, Rule};
use crate::engine::model_io::sql::{string, Dialect, SqlError};

/// `x` as a 64-bit float value (a bare literal in SQLite, which reads `30.5` as REAL; cast
/// elsewhere, where a decimal literal would make the arithmetic exact decimal instead).
pub fn number(d: Dialect, x: f64) -> Result<String, SqlError> {
    let text = d.float(x)?;
    Ok(match d {
        Dialect::Sqlite => text,
        _ => d.cast_float(&text),
    })
}

/// Quoted labels, comma-separated.
pub fn labels(list: &[String]) -> Result<String, SqlError> {
    Ok(list.iter().map(|l| string(l)).collect::<Result<Vec<_>, _>>()?.join(", "))
}

/// `c` (a cleaned column) meets `cond`.
pub fn condition(cond: &Condition, c: &str, d: Dialect) -> Result<String, SqlError> {
    let or_null = |present: String, missing: bool| {
        if missing {
            format!("({c} IS NULL OR {present})")
        } else {
            present
        }
    };
    Ok(match cond {
        Condition::Range { lower, upper, missing, .. } => {
            let mut parts = Vec::new();
            if let Some(b) = lower {
                parts.push(format!(
                    "{c} {} {}",
                    if b.closed { ">=" } else { ">" },
                    d.float(b.value)?
                ));
            }
            if let Some(b) = upper {
                parts.push(format!(
                    "{c} {} {}",
                    if b.closed { "<=" } else { "<" },
                    d.float(b.value)?
                ));
            }
            let present = match parts.len() {
                0 => format!("{c} IS NOT NULL"),
                1 => parts.remove(0),
                _ => format!("({})", parts.join(" AND ")),
            };
            or_null(present, *missing)
        }
        Condition::In { labels: list, missing, .. } => match (list.is_empty(), missing) {
            (true, true) => format!("{c} IS NULL"),
            (true, false) => "1 = 0".into(),
            (false, m) => or_null(format!("{c} IN ({})", labels(list)?), *m),
        },
        Condition::NotIn { labels: list, missing, .. } => match (list.is_empty(), missing) {
            (true, true) => "1 = 1".into(),
            (true, false) => format!("{c} IS NOT NULL"),
            (false, m) => or_null(format!("{c} NOT IN ({})", labels(list)?), *m),
        },
        Condition::Missing { .. } => format!("{c} IS NULL"),
    })
}

/// Every condition of `rule` met; `column` gives each column's cleaned name.
pub fn rule(rule: &Rule, column: &dyn Fn(&str) -> String, d: Dialect) -> Result<String, SqlError> {
    if rule.conditions.is_empty() {
        return Ok("1 = 1".into());
    }
    let parts: Vec<String> = rule
        .conditions
        .iter()
        .map(|cond| condition(cond, &column(cond.column()), d))
        .collect::<Result<_, _>>()?;
    Ok(parts.join(" AND "))
}

#[cfg(test)]
mod tests {
    use super::super::super::condition::Bound;
    use super::*;

    fn range(lower: Option<Bound>, upper: Option<Bound>, missing: bool) -> Condition {
        Condition::Range { column: "Age".into(), lower, upper, missing }
    }

    #[test]
    fn conditions_in_sql() {
        let d = Dialect::Sqlite;
        let sql = |c: &Condition| condition(c, "c0", d).unwrap();
        assert_eq!(
            sql(&range(Some(Bound::open(30.0)), Some(Bound::closed(45.5)), false)),
            "(c0 > 30.0 AND c0 <= 45.5)"
        );
        assert_eq!(
            sql(&range(Some(Bound::closed(30.0)), None, true)),
            "(c0 IS NULL OR c0 >= 30.0)"
        );
        assert_eq!(sql(&range(None, None, false)), "c0 IS NOT NULL");
        let labels = vec!["O'Brien".to_string(), "b".to_string()];
        let inside = Condition::In { column: "g".into(), labels: labels.clone(), missing: true };
        assert_eq!(sql(&inside), "(c0 IS NULL OR c0 IN ('O''Brien', 'b'))");
        let outside = Condition::NotIn { column: "g".into(), labels, missing: false };
        assert_eq!(sql(&outside), "c0 NOT IN ('O''Brien', 'b')");
        let none = Condition::In { column: "g".into(), labels: vec![], missing: false };
        assert_eq!(sql(&none), "1 = 0");
        assert_eq!(sql(&Condition::Missing { column: "g".into() }), "c0 IS NULL");
        let duck = condition(&range(None, Some(Bound::open(1.5)), false), "c0", Dialect::Duckdb);
        assert_eq!(duck.unwrap(), "c0 < 1.5e0");
        assert_eq!(number(Dialect::Postgres, 0.25).unwrap(), "CAST(0.25 AS DOUBLE PRECISION)");
        assert_eq!(number(Dialect::Sqlite, 4.0).unwrap(), "4.0");
    }
}

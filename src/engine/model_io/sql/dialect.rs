//! What differs between the SQL dialects: the floating-point type, how a number is written so
//! that it reads back as exactly the same `f64`, and the identifier and string quoting (the same
//! double and single quotes everywhere, with the quote character doubled inside).

use std::fmt;
use std::str::FromStr;

use super::SqlError;

/// A target database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Dialect {
    #[default]
    Sqlite,
    Postgres,
    Duckdb,
}

impl Dialect {
    /// The dialect's 64-bit floating-point type.
    pub fn float_type(self) -> &'static str {
        match self {
            Dialect::Sqlite => "REAL",
            Dialect::Postgres => "DOUBLE PRECISION",
            Dialect::Duckdb => "DOUBLE",
        }
    }

    /// The dialect's text type.
    pub fn text_type(self) -> &'static str {
        match self {
            Dialect::Sqlite | Dialect::Postgres => "TEXT",
            Dialect::Duckdb => "VARCHAR",
        }
    }

    /// A finite `x` written so the database reads back exactly `x`: the shortest round-trip
    /// digits. SQLite reads `30.5` as REAL; PostgreSQL reads it as `numeric`, which becomes the
    /// correctly rounded `double precision` where it meets one; DuckDB would read `30.5` as a
    /// DECIMAL, so it gets the scientific form (`3.05e1`), which DuckDB reads as DOUBLE.
    pub fn float(self, x: f64) -> Result<String, SqlError> {
        if !x.is_finite() {
            return Err(SqlError::NotFinite(format!("{x}")));
        }
        Ok(match self {
            Dialect::Sqlite | Dialect::Postgres => format!("{x:?}"),
            Dialect::Duckdb => format!("{x:e}"),
        })
    }

    /// `expr` as the dialect's floating-point type.
    pub fn cast_float(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.float_type())
    }

    /// `expr` as text.
    pub fn cast_text(self, expr: &str) -> String {
        format!("CAST({expr} AS {})", self.text_type())
    }

    /// Lower-case name, as on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::Duckdb => "duckdb",
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Dialect {
    type Err = SqlError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "sqlite" | "sqlite3" => Ok(Dialect::Sqlite),
            "postgres" | "postgresql" => Ok(Dialect::Postgres),
            "duckdb" => Ok(Dialect::Duckdb),
            _ => Err(SqlError::UnknownDialect(s.to_string())),
        }
    }
}

/// A quoted identifier: `"name"`, with `"` doubled inside.
pub fn ident(name: &str) -> Result<String, SqlError> {
    if name.contains('\0') {
        return Err(SqlError::Unquotable(name.replace('\0', "\\0")));
    }
    Ok(format!("\"{}\"", name.replace('"', "\"\"")))
}

/// A string literal: `'text'`, with `'` doubled inside.
pub fn string(text: &str) -> Result<String, SqlError> {
    if text.contains('\0') {
        return Err(SqlError::Unquotable(text.replace('\0', "\\0")));
    }
    Ok(format!("'{}'", text.replace('\'', "''")))
}

/// A table name, `name` or `schema.name` (each part quoted).
pub fn table(name: &str) -> Result<String, SqlError> {
    if name.trim().is_empty() || name.split('.').any(|p| p.is_empty()) {
        return Err(SqlError::BadTableName(name.to_string()));
    }
    let parts: Result<Vec<String>, SqlError> = name.split('.').map(ident).collect();
    Ok(parts?.join("."))
}

/// `text` made safe for a `--` comment line: control characters (a newline would end the
/// comment and turn the rest into SQL) become spaces.
pub fn comment(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_doubles_quotes() {
        assert_eq!(ident("User ID").unwrap(), "\"User ID\"");
        assert_eq!(ident("a\"b").unwrap(), "\"a\"\"b\"");
        assert_eq!(string("O'Brien").unwrap(), "'O''Brien'");
        assert!(matches!(ident("a\0b"), Err(SqlError::Unquotable(_))));
        assert!(matches!(string("\0"), Err(SqlError::Unquotable(_))));
        assert_eq!(table("sales.batch").unwrap(), "\"sales\".\"batch\"");
        assert!(matches!(table(""), Err(SqlError::BadTableName(_))));
        assert!(matches!(table("a..b"), Err(SqlError::BadTableName(_))));
        assert_eq!(comment("a\nDROP TABLE x;\r"), "a DROP TABLE x; ");
    }

    #[test]
    fn floats_round_trip_in_every_dialect() {
        for x in [30.5, 0.1, 1.0 / 3.0, -70200.0, 1e-7, 2.5e21, f64::MAX, 0.0] {
            for d in [Dialect::Sqlite, Dialect::Postgres, Dialect::Duckdb] {
                let text = d.float(x).unwrap();
                assert_eq!(text.parse::<f64>().unwrap(), x, "{d}: {text}");
                // Never an integer literal (SQLite would do integer arithmetic on it).
                assert!(text.contains(['.', 'e']), "{d}: {text}");
            }
        }
        assert_eq!(Dialect::Sqlite.float(30.5).unwrap(), "30.5");
        assert_eq!(Dialect::Duckdb.float(30.5).unwrap(), "3.05e1");
        assert!(matches!(Dialect::Sqlite.float(f64::INFINITY), Err(SqlError::NotFinite(_))));
        assert!(matches!(Dialect::Postgres.float(f64::NAN), Err(SqlError::NotFinite(_))));
    }

    #[test]
    fn dialect_names_parse() {
        assert_eq!("PostgreSQL".parse::<Dialect>().unwrap(), Dialect::Postgres);
        assert_eq!("duckdb".parse::<Dialect>().unwrap(), Dialect::Duckdb);
        assert_eq!(Dialect::default(), Dialect::Sqlite);
        assert!(matches!("oracle".parse::<Dialect>(), Err(SqlError::UnknownDialect(_))));
    }
}

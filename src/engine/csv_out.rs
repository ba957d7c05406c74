//! Writing tables and rows as CSV, safe to open in a spreadsheet.
//!
//! Text cells that start with `=`, `+`, `-`, `@`, tab or carriage return are prefixed with `'`
//! so spreadsheets show them as text instead of running them as formulas (OWASP's advice on CSV
//! injection). Numbers are written as plain numbers (a negative number stays a number).

use std::io::{self, Write};

use crate::engine::table::{ColumnData, Table};

/// A text cell made safe for spreadsheets.
pub fn escape_cell(text: &str) -> String {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_string(),
    }
}

/// A CSV writer with the crate's quoting rules.
pub fn writer<W: Write>(w: W) -> csv::Writer<W> {
    csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(w)
}

/// Writes `table` with its original column names; numbers plain, text escaped.
pub fn write_csv<W: Write>(table: &Table, w: W) -> io::Result<()> {
    let mut out = writer(w);
    out.write_record(table.columns.iter().map(|c| escape_cell(&c.name)))?;
    for r in 0..table.n_rows() {
        let row = table.columns.iter().map(|c| match &c.data {
            ColumnData::Numeric(_) => c.data.text(r),
            ColumnData::Categorical { .. } => escape_cell(&c.data.text(r)),
        });
        out.write_record(row)?;
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};

    #[test]
    fn formulas_are_defused_and_numbers_kept() {
        assert_eq!(escape_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(escape_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(escape_cell("Male"), "Male");
        let t = ingest(b"n,t\n-5,=1+1\n2,\"a,b\"\n", &IngestOptions::default()).unwrap().table;
        let mut buf = Vec::new();
        write_csv(&t, &mut buf).unwrap();
        assert_eq!(String::from_utf8(buf).unwrap(), "n,t\n-5,'=1+1\n2,\"a,b\"\n");
    }

    #[test]
    fn round_trip_of_a_clean_table() {
        let text = "id,g,x\n1,Male,1.5\n2,Female,\n";
        let t = ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table;
        let mut buf = Vec::new();
        write_csv(&t, &mut buf).unwrap();
        let back = ingest(&buf, &IngestOptions::default()).unwrap().table;
        assert_eq!(format!("{t:?}"), format!("{back:?}"));
    }
}

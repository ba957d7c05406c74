//! SQLite for the SQL export tests: a CSV loaded as a warehouse would hold it.

use micronum::engine::ingest::parse_number;
use rusqlite::types::Value;
use rusqlite::Connection;

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Loads CSV text into `table` as a warehouse would hold it: a column is REAL when every
/// non-blank cell is a number, else TEXT (cells as written, spaces included); blank is NULL.
pub fn load_csv(conn: &Connection, table: &str, text: &str) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let real: Vec<bool> = (0..header.len())
        .map(|j| {
            rows.iter()
                .all(|r| r[j].trim().is_empty() || parse_number(r[j].trim(), false).is_some())
        })
        .collect();
    let columns: Vec<String> = header
        .iter()
        .zip(&real)
        .map(|(h, &r)| format!("{} {}", quote(h), if r { "REAL" } else { "TEXT" }))
        .collect();
    conn.execute(&format!("CREATE TABLE {} ({})", quote(table), columns.join(", ")), []).unwrap();
    let marks = vec!["?"; header.len()].join(", ");
    let tx = conn.unchecked_transaction().unwrap();
    {
        let mut insert =
            tx.prepare(&format!("INSERT INTO {} VALUES ({marks})", quote(table))).unwrap();
        for row in &rows {
            let values: Vec<Value> = row
                .iter()
                .zip(&real)
                .map(|(cell, &r)| match (cell.trim(), r) {
                    ("", _) => Value::Null,
                    (t, true) => Value::Real(parse_number(t, false).unwrap()),
                    (_, false) => Value::Text(cell.clone()),
                })
                .collect();
            insert.execute(rusqlite::params_from_iter(values)).unwrap();
        }
    }
    tx.commit().unwrap();
}

/// `(row, segment)` lines of a segments query, in the query's order.
pub fn segments(conn: &Connection, sql: &str) -> Vec<(usize, String)> {
    let mut stmt = conn.prepare(sql).unwrap_or_else(|e| panic!("SQLite refused the query: {e}"));
    let last = stmt.column_count() - 1;
    assert_eq!(stmt.column_name(0).unwrap(), "row");
    assert_eq!(stmt.column_name(last).unwrap(), "segment");
    let rows = stmt
        .query_map([], |r| Ok((r.get::<_, i64>(0)? as usize, r.get::<_, String>(last)?)))
        .unwrap();
    rows.map(Result::unwrap).collect()
}

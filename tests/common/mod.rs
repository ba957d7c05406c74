//! Helpers shared by integration tests: where `../shared` is, and reading its files.
#![allow(dead_code)]

use std::path::PathBuf;

pub mod page;
pub mod props;
pub mod requests;
pub mod sqlite;

/// Path of `rel` under the shared folder: `$MICRONUM_SHARED`, else `../shared` beside the repo.
pub fn shared(rel: &str) -> PathBuf {
    let base = std::env::var_os("MICRONUM_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared"));
    base.join(rel)
}

/// Bytes of `data/rel` in the shared folder.
pub fn data_bytes(rel: &str) -> Vec<u8> {
    let path = shared(&format!("data/{rel}"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs the built `micronum` binary: (exit code, stdout, stderr).
pub fn micronum(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_micronum"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

/// Path of `data/rel` in the shared folder, as text for command lines.
pub fn data_path(rel: &str) -> String {
    shared(&format!("data/{rel}")).display().to_string()
}

/// The first `rows` customers of `customers_10k.csv` with cells blanked and left unimputed, as
/// a user's export has them: `age` in every 7th row, `estimated_salary` in every 11th, `region`
/// in every 13th.
pub fn customers_with_blanks(rows: usize) -> String {
    let text = String::from_utf8(data_bytes("customers_10k.csv")).expect("UTF-8");
    let mut lines = text.lines();
    let mut out = format!("{}\n", lines.next().expect("a header"));
    for (i, line) in lines.take(rows).enumerate() {
        let mut cells: Vec<&str> = line.split(',').collect();
        for (column, every) in [(2, 7), (3, 11), (4, 13)] {
            if i % every == 3 {
                cells[column] = "";
            }
        }
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

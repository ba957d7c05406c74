//! Helpers shared by integration tests: where `../shared` is, and reading its files.
#![allow(dead_code)]

use std::path::PathBuf;

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

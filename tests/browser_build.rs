//! Guards the worker's build settings that its speed depends on (DEVELOPERS.md "Speed in the
//! browser"): V8 runs a wasm call with the code it started with, so long loops live in functions
//! called per tree or row, and wasm-opt must not inline them back into a function called once.

use std::fs;
use std::path::Path;

/// The `<link data-trunk rel="rust" …>` tag of `bin` in index.html.
fn rust_link(bin: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("index.html");
    let html = fs::read_to_string(&path).expect("index.html");
    html.lines()
        .find(|l| l.contains("rel=\"rust\"") && l.contains(&format!("data-bin=\"{bin}\"")))
        .unwrap_or_else(|| panic!("index.html has no rust link for {bin}"))
        .to_string()
}

#[test]
fn worker_wasm_keeps_large_single_caller_functions_apart() {
    let link = rust_link("worker");
    let size = link
        .split("--one-caller-inline-max-function-size=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<u32>().ok())
        .unwrap_or_else(|| {
            panic!("the worker's wasm-opt must get --one-caller-inline-max-function-size: {link}")
        });
    assert!(size <= 200, "a limit of {size} lets wasm-opt inline the per-tree functions again");
    assert!(link.contains("data-cargo-profile-release=\"web-worker\""), "{link}");
}

#[test]
fn per_tree_and_per_row_functions_are_not_inlined() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for (file, function) in [
        ("engine/forest/grow.rs", "pub fn grow_tree("),
        ("engine/ingest/mod.rs", "fn push_record("),
        ("engine/model_io/mod.rs", "fn hash_row("),
        ("engine/clean/duplicates.rs", "fn row_hash("),
        ("engine/baseline/bootstrap.rs", "fn resample("),
        ("engine/forest/votes.rs", "pub fn add_tree("),
        ("engine/forest/coded.rs", "fn add_votes("),
    ] {
        let text = fs::read_to_string(root.join(file)).expect(file);
        let at = text.find(function).unwrap_or_else(|| panic!("{file}: no {function}"));
        let before: Vec<&str> = text[..at].lines().rev().take(2).collect();
        assert!(
            before.iter().any(|l| l.trim() == "#[inline(never)]"),
            "{file}: {function} must stay #[inline(never)] (one call per tree or row)"
        );
    }
}

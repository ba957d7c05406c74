//! Guards the dependency direction: engine ← protocol ← worker ← ui; charts ← ui;
//! engine, charts ← report (the HTML report, shared by the CLI and the worker).
//! Fails when a file in a lower layer imports a web crate or a higher layer.

use std::fs;
use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    if dir.is_file() {
        out.push(dir.to_path_buf());
        return;
    }
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())).flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Lines of files under `dir` that mention any of `forbidden` as a path root.
fn offending(dir: &str, forbidden: &[&str]) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join(dir), &mut files);
    let mut found = Vec::new();
    for file in files {
        let text = fs::read_to_string(&file).expect("readable source");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for crate_name in forbidden {
                let hit = code.contains(&format!("{crate_name}::"))
                    || code.contains(&format!("use {crate_name}"))
                    || code.contains(&format!("extern crate {crate_name}"));
                if hit {
                    found.push(format!("{}:{}: {}", file.display(), i + 1, line.trim()));
                }
            }
        }
    }
    found
}

const WEB: &[&str] = &["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo", "plotters_canvas"];

#[test]
fn engine_has_no_web_or_upper_layer_imports() {
    let mut forbidden = WEB.to_vec();
    forbidden.extend([
        "plotters",
        "crate::protocol",
        "crate::worker",
        "crate::ui",
        "crate::charts",
    ]);
    let bad = offending("src/engine", &forbidden);
    assert!(bad.is_empty(), "engine must stay pure Rust:\n{}", bad.join("\n"));
}

#[test]
fn protocol_uses_only_engine_and_serde() {
    let mut forbidden = WEB.to_vec();
    forbidden.extend(["crate::worker", "crate::ui", "crate::charts"]);
    let bad = offending("src/protocol", &forbidden);
    assert!(bad.is_empty(), "protocol must stay plain serde:\n{}", bad.join("\n"));
}

#[test]
fn charts_do_not_know_the_browser_or_the_app() {
    let mut forbidden = WEB.to_vec();
    forbidden.extend(["crate::ui", "crate::worker", "crate::protocol"]);
    let bad = offending("src/charts", &forbidden);
    assert!(bad.is_empty(), "charts must stay backend-generic:\n{}", bad.join("\n"));
}

#[test]
fn report_uses_only_engine_and_charts() {
    // The CLI and the browser worker both build the report, so it must compile to wasm without
    // knowing the page: no web crates, and no protocol, worker or ui.
    let mut forbidden = WEB.to_vec();
    forbidden.extend(["crate::protocol", "crate::worker", "crate::ui"]);
    let bad = offending("src/report", &forbidden);
    assert!(bad.is_empty(), "report must stay on engine + charts:\n{}", bad.join("\n"));
}

#[test]
fn worker_handler_is_native_code() {
    // Only the wasm entry of the worker, its helper pool and its reader of a browser `File`
    // may touch the browser.
    let wasm_only = ["src/worker/entry.rs", "src/worker/pool.rs", "src/worker/blob.rs"];
    let bad: Vec<String> = offending("src/worker", WEB)
        .into_iter()
        .filter(|l| !wasm_only.iter().any(|f| l.contains(f)))
        .collect();
    assert!(bad.is_empty(), "worker handler must be native-testable:\n{}", bad.join("\n"));
}

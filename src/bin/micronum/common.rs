//! Helpers shared by the subcommands: reading a CSV into a table with the file name in errors,
//! and writing outputs.

use std::path::Path;

use anyhow::Context;
use micronum::engine::ingest::{ingest, IngestOptions, Ingested};

/// Reads and parses `path`; errors say which file.
pub fn read_table(path: &Path) -> anyhow::Result<Ingested> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let opts = IngestOptions { file_name: name, ..Default::default() };
    ingest(&bytes, &opts).with_context(|| format!("{}", path.display()))
}

/// Writes `text` to `path`, with the path in the error.
pub fn write_file(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Writes `model` as a model file, streaming its JSON. A model that would not read back is
/// refused before the file is created.
pub fn write_model(path: &Path, model: &micronum::engine::model_io::Model) -> anyhow::Result<()> {
    model.check_writable().with_context(|| format!("writing {}", path.display()))?;
    let file =
        std::fs::File::create(path).with_context(|| format!("writing {}", path.display()))?;
    model.write_json(file).with_context(|| format!("writing {}", path.display()))
}

/// Reads and validates a model file.
pub fn read_model(path: &Path) -> anyhow::Result<micronum::engine::model_io::Model> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    micronum::engine::model_io::Model::from_json(&text)
        .with_context(|| format!("{}", path.display()))
}

/// The current time as ISO 8601 UTC (seconds), from the system clock.
pub fn now_iso() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs()) as i64;
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + (m <= 2) as i64;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem % 3600 / 60, rem % 60)
}

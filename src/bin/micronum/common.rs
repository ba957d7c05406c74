//! Helpers shared by the subcommands: reading a CSV into a table with the file name in errors,
//! and writing outputs.

use std::path::Path;

use anyhow::Context;
use micronum::engine::ingest::stream::{read_all, Source, SLICE_BYTES};
use micronum::engine::ingest::{IngestOptions, Ingested};

/// Reads and parses `path` a slice at a time (never the whole file in memory); errors say
/// which file.
pub fn read_table(path: &Path) -> anyhow::Result<Ingested> {
    let reading = || format!("reading {}", path.display());
    let file = std::fs::File::open(path).with_context(reading)?;
    let size = file.metadata().with_context(reading)?.len();
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
    let opts = IngestOptions { file_name: name, ..Default::default() };
    let mut source = FileSource { file, size };
    read_all(&mut source, opts, SLICE_BYTES, &mut |_, _| ())
        .with_context(|| format!("{}", path.display()))
}

/// A file on disk as a [`Source`].
struct FileSource {
    file: std::fs::File,
    size: u64,
}

impl Source for FileSource {
    fn size(&self) -> u64 {
        self.size
    }

    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, String> {
        use std::io::{Read, Seek, SeekFrom};
        self.file.seek(SeekFrom::Start(offset)).map_err(|e| e.to_string())?;
        let mut buf = Vec::with_capacity(len);
        (&mut self.file).take(len as u64).read_to_end(&mut buf).map_err(|e| e.to_string())?;
        Ok(buf)
    }
}

/// Writes `text` to `path`, with the path in the error.
pub fn write_file(path: &Path, text: &[u8]) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Writes `model` as a model file, streaming its JSON. A model that would not read back is
/// refused before its first byte, so the file is then neither created nor truncated.
pub fn write_model(path: &Path, model: &micronum::engine::model_io::Model) -> anyhow::Result<()> {
    let file = CreatedOnWrite { path, file: None };
    model.write_json(file).with_context(|| format!("writing {}", path.display()))
}

/// A file created (or truncated) at the first write.
struct CreatedOnWrite<'a> {
    path: &'a Path,
    file: Option<std::fs::File>,
}

impl std::io::Write for CreatedOnWrite<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let file = match &mut self.file {
            Some(file) => file,
            None => self.file.insert(std::fs::File::create(self.path)?),
        };
        file.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.as_mut().map_or(Ok(()), |f| f.flush())
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use micronum::engine::dataset::{Dataset, TargetSpec};
    use micronum::engine::forest::ForestParams;
    use micronum::engine::model_io::Model;

    fn model() -> Model {
        let text = "x,y\n1,0\n2,0\n3,1\n4,1\n";
        let table = micronum::engine::ingest::ingest(text.as_bytes(), &IngestOptions::default())
            .unwrap()
            .table;
        let spec = TargetSpec { target: "y".into(), ..Default::default() };
        let data = Dataset::from_table(&table, &spec).unwrap();
        let params = ForestParams::new().n_estimators(2).check().unwrap();
        let forest = params.fit(&data, &[0, 1, 2, 3], &mut |_| true).unwrap();
        Model::new(forest, &data, &table, Vec::new(), Default::default(), "t".into())
    }

    #[test]
    fn a_model_that_would_not_read_back_leaves_the_file_alone() {
        let path =
            std::env::temp_dir().join(format!("micronum-common-{}.json", std::process::id()));
        std::fs::write(&path, "yesterday's model").unwrap();
        let mut bad = model();
        // A tree whose class weight is not a number weighs its nodes NaN.
        let cuts = bad.forest.trees[0].thresholds().clone();
        let mut b = micronum::engine::forest::TreeBuilder::new(cuts, [f64::NAN, 1.0]);
        b.push([1, 1]);
        bad.forest.trees[0] = b.finish();
        let err = format!("{:#}", write_model(&path, &bad).unwrap_err());
        assert!(err.contains("not saved") && err.contains("tree 0: node 0: weight NaN"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "yesterday's model");
        write_model(&path, &model()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(Model::from_json(&text).unwrap(), model());
        std::fs::remove_file(&path).unwrap();
    }
}

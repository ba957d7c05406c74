//! What happens to each CSV record, whichever parser produced it (the whole-text reader of
//! [`super::ingest_with_progress`] or the push parser of [`super::stream`]): the header names the
//! columns (and the size check runs), blank lines are skipped, every data record must have the
//! header's field count, a seeded sample may keep only some records, and the cells go to the
//! column builders. Keeping this in one place is what makes both parsers give the same table.

use super::column::ColumnBuilder;
use super::{header_names, push_record, trimmed_len, Cells, IngestError, IngestOptions};
use crate::engine::rng;
use crate::engine::table::{Column, Kind, Table};

/// The fields of one record, as either parser holds them.
pub(super) trait Fields {
    /// Number of fields.
    fn len(&self) -> usize;
    /// Field `i`, if there is one.
    fn get(&self, i: usize) -> Option<&str>;
}

impl Fields for csv::StringRecord {
    fn len(&self) -> usize {
        csv::StringRecord::len(self)
    }

    fn get(&self, i: usize) -> Option<&str> {
        csv::StringRecord::get(self, i)
    }
}

/// Records turned into a table.
pub(super) struct Sink {
    opts: IngestOptions,
    decimal_comma: bool,
    /// Estimated data rows of the whole file (for the size check and the columns' room).
    rows_estimate: u64,
    header: Option<Vec<String>>,
    builders: Vec<ColumnBuilder>,
    row_ids: Vec<usize>,
    /// Data records seen (kept or not).
    records: usize,
    fraction: f64,
    rng: rng::Rng,
    pub warnings: Vec<String>,
}

impl Sink {
    /// An empty sink; `rows_estimate` is the file's estimated row count.
    pub fn new(
        opts: IngestOptions,
        decimal_comma: bool,
        rows_estimate: u64,
        warnings: Vec<String>,
    ) -> Sink {
        let fraction = opts.sample.map_or(1.0, |s| s.fraction.clamp(f64::MIN_POSITIVE, 1.0));
        let rng = rng::rng(opts.sample.map_or(0, |s| s.seed));
        Sink {
            opts,
            decimal_comma,
            rows_estimate,
            header: None,
            builders: Vec::new(),
            row_ids: Vec::new(),
            records: 0,
            fraction,
            rng,
            warnings,
        }
    }

    /// True once the header was read.
    pub fn has_header(&self) -> bool {
        self.header.is_some()
    }

    /// The size check for `rows_estimate` rows: cells of the rows a sample keeps.
    pub fn check_size(&self, rows_estimate: u64) -> Result<u64, IngestError> {
        let columns = self.header.as_ref().map_or(0, |h| h.len()) as u64;
        let est = (rows_estimate as f64 * self.fraction).ceil() as u64;
        let cells = est.saturating_mul(columns);
        if cells > self.opts.max_cells {
            return Err(IngestError::TooLarge { cells, max: self.opts.max_cells });
        }
        Ok(est)
    }

    /// Takes one record that starts on `line` (1-based). `unterminated`: the record is the
    /// file's last, holds a line break in a field, and the file has an odd number of quotes (a
    /// quoted field that never ends swallowed the rest of the file).
    pub fn record(
        &mut self,
        record: &impl Fields,
        line: u64,
        unterminated: bool,
    ) -> Result<(), IngestError> {
        if record.len() == 1 && record.get(0).is_some_and(|f| f.trim().is_empty()) {
            return Ok(()); // blank line
        }
        let Some(names) = &self.header else {
            let names = header_names(record, &self.opts, &mut self.warnings)?;
            self.header = Some(names);
            let est = self.check_size(self.rows_estimate)?;
            // Room for a slightly longer file than estimated: growing would double a column.
            let room = est as usize + est as usize / 16;
            let n = self.header.as_ref().map_or(0, |h| h.len());
            self.builders = (0..n).map(|_| ColumnBuilder::with_capacity(room)).collect();
            self.row_ids.reserve(room);
            return Ok(());
        };
        if unterminated {
            return Err(IngestError::UnterminatedQuote { line });
        }
        // Extra empty fields (a trailing delimiter) are fine; anything else must match.
        let fields = if record.len() > names.len() { trimmed_len(record) } else { record.len() };
        if fields != names.len() {
            return Err(IngestError::RaggedRow { line, expected: names.len(), found: fields });
        }
        let record_index = self.records;
        self.records += 1;
        if self.fraction < 1.0 && rng::unit(&mut self.rng) >= self.fraction {
            return Ok(());
        }
        let cells = Cells { line, names, opts: &self.opts, decimal_comma: self.decimal_comma };
        push_record(record, &mut self.builders, cells)?;
        self.row_ids.push(record_index);
        Ok(())
    }

    /// The table (columns of kind `Text` until inferred) once every record was taken;
    /// `trimmed_len` is the length of the whole text without surrounding whitespace.
    pub fn finish(mut self, trimmed_len: usize) -> Result<(Table, Vec<String>), IngestError> {
        let Some(names) = self.header.take() else { return Err(IngestError::Empty) };
        if self.fraction < 1.0 {
            self.warnings.push(format!(
                "A random sample: {} of the file's {} rows were read (each kept with probability {:.4}, seed {}).",
                self.row_ids.len(),
                self.records,
                self.fraction,
                self.opts.sample.map_or(0, |s| s.seed)
            ));
        }
        if self.row_ids.is_empty() {
            if names.len() == 1 && trimmed_len > 200 {
                return Err(IngestError::NoStructure { len: trimmed_len });
            }
            return Err(IngestError::HeaderOnly);
        }
        self.row_ids.shrink_to_fit();
        let columns = names
            .into_iter()
            .zip(self.builders)
            .map(|(name, b)| Column { name, kind: Kind::Text, data: b.finish() })
            .collect();
        Ok((Table { columns, row_ids: self.row_ids }, self.warnings))
    }
}

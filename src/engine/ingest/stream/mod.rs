//! Ingest as a push parser: the file is fed in chunks of any size ([`IngestStream::feed`]) and
//! the table comes at the end ([`IngestStream::finish`]), the same table (and report) as
//! [`super::ingest_with_progress`] makes from the whole file, while only one chunk of the file,
//! one record and the table being built are held — never the whole file or its whole text.
//!
//! Order of work, as for the whole file: decode ([`decoder`]); gather the text's beginning
//! until it decides what the whole-file reader decides from it (at least 64 KiB and 65,536
//! characters for the binary check and the delimiter and decimal-comma sniffing, 200 lines for
//! the row estimate, two characters past the first non-blank one for the JSON check) or the
//! file ends; then parse records as text arrives ([`parser`]).
//!
//! Two facts are known only at the end and are handled there: whether the file was UTF-8 at
//! all (see [`decoder`]: a restart may be asked for once), and its text length in bytes when it
//! is not UTF-8 (UTF-16, Latin-1): the size check at the header then uses a lower bound of that
//! length (so a refusal there is one the whole-file reader makes too) and runs again with the
//! exact length at the end. A file over the cell limit is refused either way; only when such a
//! non-UTF-8 file also has a broken row further on may the broken row be reported instead.
//!
//! What the caller does (the browser's worker reads a `File` with `File.slice`): make a stream
//! with the file's size, feed the slices in order, then finish. When `feed` or `finish` answers
//! [`Step::Restart`], feed the file again from its first byte, then finish.

mod decoder;
mod parser;
mod source;

pub use source::{read_all, Bytes, ReadError, Source, SLICE_BYTES};

use decoder::{Decoded, Decoder};
use parser::Parser;

use super::records::Sink;
use super::{decode, described, line_sample, rows_for, sniff, Format, IngestError, IngestOptions};
use super::{Ingested, LATIN1_WARNING};

/// Bytes of text (and characters) looked at before parsing, as the whole-file reader looks at
/// them: its sniffing and binary check read the first 64 KiB and 65,536 characters.
const HEAD_BYTES: usize = 64 * 1024;
/// Lines the row estimate reads.
const HEAD_LINES: usize = 200;

/// What the caller does next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Feed the next chunk (or finish after the last).
    Continue,
    /// Feed the file again from its first byte (it is not UTF-8 and is read as Latin-1).
    Restart,
}

/// The end of a stream.
#[derive(Debug, Clone, PartialEq)]
pub enum Finished {
    /// The table and the report.
    Table(Box<Ingested>),
    /// Feed the file again from its first byte, then finish again.
    Restart,
}

/// The text's beginning, gathered before parsing.
#[derive(Default)]
struct Head {
    text: String,
    chars: usize,
    lines: usize,
}

/// What parsing needs besides the parser.
struct Parsing {
    parser: Parser,
    delimiter: u8,
    decimal_comma: bool,
    /// The first lines' bytes and count, for the row estimate.
    sample: (usize, usize),
    /// The text length the size check at the header used.
    assumed_len: u64,
    /// The Latin-1 warning was given at the start.
    latin1_warned: bool,
}

enum Stage {
    Head(Head),
    Parsing(Box<Parsing>),
    Failed(IngestError),
    Done,
}

/// Counts over the whole text as it streams by.
#[derive(Default)]
struct TextStats {
    len: u64,
    quotes: u64,
    /// Byte offset of the first non-blank character and just past the last one.
    first: Option<u64>,
    last_end: u64,
}

impl TextStats {
    fn add(&mut self, text: &str) {
        if self.first.is_none() {
            if let Some((i, _)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) {
                self.first = Some(self.len + i as u64);
            }
        }
        if let Some((i, c)) = text.char_indices().rev().find(|(_, c)| !c.is_whitespace()) {
            self.last_end = self.len + (i + c.len_utf8()) as u64;
        }
        self.quotes += text.bytes().filter(|&b| b == b'"').count() as u64;
        self.len += text.len() as u64;
    }

    /// The length of the text without surrounding blanks (`str::trim`).
    fn trimmed(&self) -> usize {
        self.first.map_or(0, |f| (self.last_end - f) as usize)
    }
}

/// A file being read chunk by chunk (see the module documentation).
pub struct IngestStream {
    opts: IngestOptions,
    /// The file's size in bytes.
    total: u64,
    fed: u64,
    decoder: Decoder,
    stats: TextStats,
    stage: Stage,
    /// Decoded text of the current chunk (reused).
    text: String,
}

impl IngestStream {
    /// A stream for a file of `total` bytes read with `opts`.
    pub fn new(opts: IngestOptions, total: u64) -> IngestStream {
        IngestStream::start(opts, total, false)
    }

    fn start(opts: IngestOptions, total: u64, latin1: bool) -> IngestStream {
        IngestStream {
            opts,
            total,
            fed: 0,
            decoder: Decoder::new(latin1),
            stats: TextStats::default(),
            stage: Stage::Head(Head::default()),
            text: String::new(),
        }
    }

    /// Bytes fed so far and the file's size (for progress).
    pub fn progress(&self) -> (u64, u64) {
        (self.fed, self.total)
    }

    /// Reads the file's next `chunk`.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Step, IngestError> {
        self.fed += chunk.len() as u64;
        self.run(chunk, false)
    }

    /// Ends the file: the table, or [`Finished::Restart`].
    pub fn finish(&mut self) -> Result<Finished, IngestError> {
        if self.run(&[], true)? == Step::Restart {
            return Ok(Finished::Restart);
        }
        let Stage::Parsing(p) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Err(self.failed());
        };
        let Parsing { mut parser, delimiter, decimal_comma, sample, assumed_len, latin1_warned } =
            *p;
        parser.end(self.stats.len, self.stats.quotes % 2 == 1).map_err(|e| self.fail(e))?;
        // The size check again, now that the text's length is known.
        if assumed_len != self.stats.len && parser.sink.has_header() {
            let rows = rows_for(self.stats.len as usize, sample);
            parser.sink.check_size(rows).map_err(|e| self.fail(e))?;
        }
        let (table, mut warnings) =
            parser.sink.finish(self.stats.trimmed()).map_err(|e| self.fail(e))?;
        if self.decoder.is_latin1() && !latin1_warned {
            warnings.insert(0, LATIN1_WARNING.into());
        }
        let format = Format { encoding: self.decoder.encoding, delimiter, decimal_comma };
        Ok(Finished::Table(Box::new(described(table, &self.opts, format, warnings))))
    }

    /// Decodes `chunk` and takes its text; on a restart, starts over in Latin-1.
    fn run(&mut self, chunk: &[u8], last: bool) -> Result<Step, IngestError> {
        if matches!(self.stage, Stage::Failed(_) | Stage::Done) {
            return Err(self.failed());
        }
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        let decoded = self.decoder.decode(chunk, last, &mut text).map_err(|e| self.fail(e))?;
        if decoded == Decoded::Restart {
            let opts = std::mem::take(&mut self.opts);
            *self = IngestStream::start(opts, self.total, true);
            return Ok(Step::Restart);
        }
        self.stats.add(&text);
        let taken = self.take(&text, last);
        self.text = text;
        taken.map_err(|e| self.fail(e))?;
        Ok(Step::Continue)
    }

    /// Takes decoded text: into the head, or to the parser.
    fn take(&mut self, text: &str, last: bool) -> Result<(), IngestError> {
        match &mut self.stage {
            Stage::Parsing(p) => p.parser.parse(text.as_bytes()),
            Stage::Head(head) => {
                head.text.push_str(text);
                head.chars += text.chars().count();
                head.lines += text.bytes().filter(|&b| b == b'\n').count();
                if last || self.head_decides() {
                    self.begin_parsing(last)?;
                }
                Ok(())
            }
            Stage::Failed(_) | Stage::Done => Ok(()),
        }
    }

    /// True when the head decides everything the whole text would (see the module
    /// documentation).
    fn head_decides(&self) -> bool {
        let Stage::Head(h) = &self.stage else { return false };
        let past_first = self.stats.first.is_some_and(|f| {
            h.text.get(f as usize..).is_some_and(|rest| rest.chars().nth(1).is_some())
        });
        h.text.len() > HEAD_BYTES && h.chars >= HEAD_BYTES && h.lines >= HEAD_LINES && past_first
    }

    /// Checks the head, sniffs the format and parses the head (`last`: it is the whole text).
    fn begin_parsing(&mut self, last: bool) -> Result<(), IngestError> {
        let Stage::Head(head) = std::mem::replace(&mut self.stage, Stage::Done) else {
            return Ok(());
        };
        let text = head.text;
        decode::check_text(&text)?;
        let delimiter = self.opts.delimiter.unwrap_or_else(|| sniff::sniff_delimiter(&text));
        let decimal_comma = (self.opts.decimal_comma)
            .unwrap_or_else(|| sniff::sniff_decimal_comma(&text, delimiter));
        let sample = line_sample(&text);
        let assumed_len = if last { self.stats.len } else { self.least_text_len() };
        let latin1_warned = self.decoder.is_latin1();
        let warnings = if latin1_warned { vec![LATIN1_WARNING.to_string()] } else { Vec::new() };
        let rows = rows_for(assumed_len as usize, sample);
        let sink = Sink::new(self.opts.clone(), decimal_comma, rows, warnings);
        let mut parser = Parser::new(delimiter, sink);
        parser.parse(text.as_bytes())?;
        let parsing =
            Parsing { parser, delimiter, decimal_comma, sample, assumed_len, latin1_warned };
        self.stage = Stage::Parsing(Box::new(parsing));
        Ok(())
    }

    /// The least the whole text's length can be: the file's bytes after a UTF-8 BOM while it
    /// reads as UTF-8 (exact unless it turns out not to be UTF-8, when it only grows); half the
    /// bytes for UTF-16 and Latin-1 (every two bytes make at least one byte of text).
    fn least_text_len(&self) -> u64 {
        match self.decoder.encoding {
            "UTF-8" => self.total,
            "UTF-8 (BOM)" => self.total.saturating_sub(3),
            _ => self.total.saturating_sub(4) / 2,
        }
    }

    /// Keeps `e` as the stream's end and gives it back.
    fn fail(&mut self, e: IngestError) -> IngestError {
        self.stage = Stage::Failed(e.clone());
        e
    }

    /// The error a spent stream answers with.
    fn failed(&self) -> IngestError {
        match &self.stage {
            Stage::Failed(e) => e.clone(),
            _ => IngestError::Malformed { line: 0, message: "the file was already read".into() },
        }
    }
}

#[cfg(test)]
mod tests;

//! Records from text given a piece at a time: csv-core's push parser, configured as the csv
//! crate configures it for [`super::super::ingest_with_progress`] (the same delimiter, `"`
//! quotes, doubled quotes inside them, any line end), with the positions the csv crate reports
//! (a record's line is the parser's line count when the record starts), so every record, line
//! number and error is the same.
//!
//! The one check that needs the end of the file — a record holding a line break in a field is
//! an unterminated quote when it is the file's last and the file has an odd number of quotes —
//! is made by keeping such a record back until the next one arrives or the text ends.

use csv_core::ReadRecordResult;

use crate::engine::ingest::records::{Fields, Sink};
use crate::engine::ingest::IngestError;

/// A record as csv-core wrote it: the fields' bytes one after the other, and where each ends.
struct CoreRecord<'a> {
    bytes: &'a [u8],
    ends: &'a [usize],
}

impl Fields for CoreRecord<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// Fields are cut from valid UTF-8 at ASCII delimiters and quotes, so they are UTF-8.
    fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        std::str::from_utf8(&self.bytes[start..end]).ok()
    }
}

/// A record with a line break in a field, kept until it is known whether it is the last.
struct Held {
    bytes: Vec<u8>,
    ends: Vec<usize>,
    line: u64,
    /// Text bytes read when the record ended.
    end: u64,
}

/// The push parser and the sink its records go to.
pub(super) struct Parser {
    core: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    outlen: usize,
    endlen: usize,
    /// Text bytes given to the parser so far.
    consumed: u64,
    /// The line the record being read starts on (1-based).
    line: u64,
    held: Option<Held>,
    pub sink: Sink,
}

impl Parser {
    /// A parser of fields separated by `delimiter`, its records going to `sink`.
    pub fn new(delimiter: u8, sink: Sink) -> Parser {
        Parser {
            core: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            out: vec![0; 1024],
            ends: vec![0; 64],
            outlen: 0,
            endlen: 0,
            consumed: 0,
            line: 1,
            held: None,
            sink,
        }
    }

    /// Parses the next piece of text.
    pub fn parse(&mut self, mut text: &[u8]) -> Result<(), IngestError> {
        while !text.is_empty() {
            let (_, n) = self.step(text)?;
            text = &text[n.min(text.len())..];
        }
        Ok(())
    }

    /// Ends the text, which had `len` bytes and `odd_quotes` (an odd number of `"`).
    pub fn end(&mut self, len: u64, odd_quotes: bool) -> Result<(), IngestError> {
        // Empty input tells csv-core the text ended: it gives the last record, then End.
        loop {
            match self.step(&[])?.0 {
                ReadRecordResult::End | ReadRecordResult::InputEmpty => break,
                _ => {}
            }
        }
        if let Some(h) = self.held.take() {
            let unterminated = odd_quotes && h.end >= len;
            let record = CoreRecord { bytes: &h.bytes, ends: &h.ends };
            self.sink.record(&record, h.line, unterminated)?;
        }
        Ok(())
    }

    /// One call of csv-core on `input`; returns what it found and the bytes it read.
    fn step(&mut self, input: &[u8]) -> Result<(ReadRecordResult, usize), IngestError> {
        let (res, nin, nout, nend) = self.core.read_record(
            input,
            &mut self.out[self.outlen..],
            &mut self.ends[self.endlen..],
        );
        self.consumed += nin as u64;
        self.outlen += nout;
        self.endlen += nend;
        match res {
            ReadRecordResult::OutputFull => self.out.resize(self.out.len() * 2, 0),
            ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
            ReadRecordResult::Record => self.record()?,
            ReadRecordResult::InputEmpty | ReadRecordResult::End => {}
        }
        Ok((res, nin))
    }

    /// Hands the record just read to the sink (or holds it back, see the module documentation).
    fn record(&mut self) -> Result<(), IngestError> {
        let (bytes, ends) = (&self.out[..self.outlen], &self.ends[..self.endlen]);
        // Another record follows a held one, so the held one was not the last.
        if let Some(h) = self.held.take() {
            let record = CoreRecord { bytes: &h.bytes, ends: &h.ends };
            self.sink.record(&record, h.line, false)?;
        }
        if bytes.contains(&b'\n') {
            let held = Held {
                bytes: bytes.to_vec(),
                ends: ends.to_vec(),
                line: self.line,
                end: self.consumed,
            };
            self.held = Some(held);
        } else {
            self.sink.record(&CoreRecord { bytes, ends }, self.line, false)?;
        }
        (self.outlen, self.endlen) = (0, 0);
        self.line = self.core.line();
        Ok(())
    }
}

//! Reading a whole file through an [`IngestStream`] from wherever its bytes are: a file on disk
//! (the CLI), a browser `File` read slice by slice (the worker), or bytes in memory (the demo,
//! tests). One loop feeds the slices in order, restarts once when the file turns out not to be
//! UTF-8, and reports progress between slices; the table is the one
//! [`ingest_with_progress`](super::super::ingest_with_progress) makes from the whole file.

use thiserror::Error;

use super::{Finished, IngestStream, Step};
use crate::engine::ingest::{IngestError, IngestOptions, Ingested};

/// Bytes read and parsed at a time: small next to any table, large enough that a slice's
/// overhead (a browser read, a system call) does not show.
pub const SLICE_BYTES: usize = 4 << 20;

/// Where a file's bytes come from.
pub trait Source {
    /// The file's size in bytes.
    fn size(&self) -> u64;
    /// Up to `len` bytes from byte `offset` (fewer only at the end of the file).
    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, String>;
}

/// Why a file could not be read into a table.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ReadError {
    #[error("cannot read the file: {0}")]
    Source(String),
    #[error(transparent)]
    Ingest(#[from] IngestError),
}

/// Bytes in memory as a [`Source`].
pub struct Bytes<'a>(pub &'a [u8]);

impl Source for Bytes<'_> {
    fn size(&self) -> u64 {
        self.0.len() as u64
    }

    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, String> {
        let start = (offset as usize).min(self.0.len());
        let end = start.saturating_add(len).min(self.0.len());
        Ok(self.0[start..end].to_vec())
    }
}

/// Reads all of `source` with `opts`, `slice` bytes at a time, calling `progress(bytes fed,
/// size)` before the first slice and after each.
pub fn read_all(
    source: &mut dyn Source,
    opts: IngestOptions,
    slice: usize,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<Ingested, ReadError> {
    let size = source.size();
    let mut stream = IngestStream::new(opts, size);
    let mut offset = 0u64;
    progress(0, size);
    loop {
        let chunk = if offset < size {
            source.read_at(offset, slice.max(1)).map_err(ReadError::Source)?
        } else {
            Vec::new()
        };
        let step = if chunk.is_empty() {
            match stream.finish()? {
                Finished::Table(t) => return Ok(*t),
                Finished::Restart => Step::Restart,
            }
        } else {
            offset += chunk.len() as u64;
            let step = stream.feed(&chunk)?;
            progress(stream.progress().0, size);
            step
        };
        if step == Step::Restart {
            offset = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::ingest_with_progress;

    /// Bytes that a source hands out in short reads and whose reads can fail.
    struct Flaky<'a> {
        bytes: &'a [u8],
        most: usize,
        fail_at: Option<u64>,
        reads: usize,
    }

    impl Source for Flaky<'_> {
        fn size(&self) -> u64 {
            self.bytes.len() as u64
        }

        fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, String> {
            self.reads += 1;
            if self.fail_at.is_some_and(|f| offset >= f) {
                return Err(format!("the disk went away at byte {offset}"));
            }
            let mut b = Bytes(self.bytes);
            b.read_at(offset, len.min(self.most))
        }
    }

    fn whole(bytes: &[u8]) -> Result<Ingested, IngestError> {
        ingest_with_progress(bytes, &IngestOptions::default(), &mut |_, _| ())
    }

    #[test]
    fn any_slicing_gives_the_whole_file_reader_s_table() {
        let utf8 = "id,name,score\n1,Zoë,2.5\n2,Łukasz,\n3,\"a, b\",7\n".as_bytes().to_vec();
        // Latin-1 (é as 0xE9): found only at the byte, so the stream restarts once.
        let mut latin1 = b"id,city\n".to_vec();
        latin1.extend((0..300).flat_map(|i| format!("{i},Paris\n").into_bytes()));
        latin1.extend(b"301,S\xe9te\n");
        for file in [utf8, latin1] {
            let expected = whole(&file).unwrap();
            for most in [1, 3, 64, 1 << 20] {
                let mut src = Flaky { bytes: &file, most, fail_at: None, reads: 0 };
                let mut seen = Vec::new();
                let got =
                    read_all(&mut src, IngestOptions::default(), 5, &mut |d, t| seen.push((d, t)));
                // Debug text: a missing number is NaN, which is not equal to itself.
                let (got, want) = (format!("{:?}", got.unwrap()), format!("{expected:?}"));
                assert_eq!(got, want, "slices of at most {most} bytes");
                let size = file.len() as u64;
                assert_eq!(seen.first(), Some(&(0, size)));
                assert_eq!(seen.last(), Some(&(size, size)));
            }
        }
    }

    #[test]
    fn a_failing_source_and_a_bad_file_say_what_went_wrong() {
        let file = b"a,b\n1,2\n3,4\n5\n";
        let mut src = Flaky { bytes: file, most: 4, fail_at: Some(8), reads: 0 };
        let err = read_all(&mut src, IngestOptions::default(), 4, &mut |_, _| ()).unwrap_err();
        assert_eq!(err, ReadError::Source("the disk went away at byte 8".into()));
        assert_eq!(src.reads, 3);
        let mut ok = Bytes(file);
        let err = read_all(&mut ok, IngestOptions::default(), 4, &mut |_, _| ()).unwrap_err();
        assert_eq!(
            err,
            ReadError::Ingest(IngestError::RaggedRow { line: 4, expected: 2, found: 1 })
        );
        let mut empty = Bytes(b"");
        let err = read_all(&mut empty, IngestOptions::default(), 4, &mut |_, _| ()).unwrap_err();
        assert_eq!(err, ReadError::Ingest(IngestError::Empty));
    }
}

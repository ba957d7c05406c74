//! A browser `File` (a `Blob`) as an ingest [`Source`] (wasm only): the page posts the `File`
//! the user chose, which costs no copy, and the worker reads it a slice at a time with
//! `FileReaderSync` (synchronous reads are allowed in workers). So the file's bytes are never
//! all in the page or in the worker's memory at once: only one slice and the table being built.

use js_sys::Uint8Array;
use wasm_bindgen::JsCast;
use web_sys::{Blob, FileReaderSync};

use crate::engine::ingest::stream::Source;

/// A `Blob` read slice by slice.
pub struct BlobSource {
    blob: Blob,
    reader: FileReaderSync,
}

impl BlobSource {
    /// A source reading `blob`.
    pub fn new(blob: Blob) -> Result<BlobSource, String> {
        let reader = FileReaderSync::new().map_err(|_| "no FileReaderSync in this worker")?;
        Ok(BlobSource { blob, reader })
    }
}

impl Source for BlobSource {
    fn size(&self) -> u64 {
        self.blob.size() as u64
    }

    fn read_at(&mut self, offset: u64, len: usize) -> Result<Vec<u8>, String> {
        let end = (offset as f64 + len as f64).min(self.blob.size());
        let slice = self
            .blob
            .slice_with_f64_and_f64(offset as f64, end)
            .map_err(|_| format!("cannot slice the file at byte {offset}"))?;
        let buffer = self.reader.read_as_array_buffer(&slice).map_err(|e| {
            match e.dyn_ref::<js_sys::Error>() {
                Some(e) => format!("reading at byte {offset}: {}", String::from(e.message())),
                None => format!("reading at byte {offset} failed"),
            }
        })?;
        Ok(Uint8Array::new(&buffer).to_vec())
    }
}

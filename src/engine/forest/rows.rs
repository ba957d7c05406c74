//! The in-bag rows of one growing tree, each node owning a contiguous range of them, in one of two
//! layouts chosen by the width of the data:
//!
//! - [`Records`] (at most 32 features): each row is a record of its packed codes (see
//!   [`super::packed`], gathered from the column-major codes when the tree starts) and its
//!   `multiplicity << 1 | class` word, 12 bytes for up to 8 features, and every partition moves
//!   the records. Histograms then read memory in order: on
//!   large data the column-major codes of a deep node's rows are scattered over megabytes, so
//!   gathering them by index mostly waits on cache misses.
//! - [`Indexed`] (wider data, where moving whole records would cost more than it saves): row
//!   indices into the column-major codes, with a per-dataset-row weight word.
//!
//! Partitions are in place and not stable: a node's histograms are integer sums and its
//! routed rows' votes integer sums too, so the order of rows inside a node changes nothing
//! (the same trees and votes as a stable partition, without a second buffer of every row).
//! Both layouts give the same histograms, so the tree does not depend on the layout.
//!
//! Out-of-bag and scored rows, which are only ever partitioned, use the same layout with their
//! row index as their word. The buffers live in a thread's [`super::grow::Workspace`], reused from
//! tree to tree (a fit on 750,000 rows would otherwise allocate and free tens of megabytes per
//! tree, which the allocator keeps between the long-lived trees). Records are the faster layout
//! in V8 too (1,000,000 rows at leaf 20: 14.4 s against 15.4 s to train and evaluate in two
//! workers; 100,000 rows at leaf 1: 3.4 s against 3.9 s).

use std::any::Any;
use std::ops::Range;

use super::bin::Binned;
use super::split::{partition, Rule, Scratch};

/// Rows of a growing tree, addressed by position; nodes own contiguous ranges.
pub trait NodeRows {
    /// Number of rows.
    fn len(&self) -> usize;

    /// Fills `scratch.bins` with the class counts of rows `range` on feature `f`, whose codes
    /// are below `n_bins` or missing.
    fn gather(&self, range: Range<usize>, f: usize, n_bins: usize, scratch: &mut Scratch);

    /// Partition of rows `range` by `rule` on feature `f` (left ones first); returns how many go
    /// left.
    fn partition(&mut self, range: Range<usize>, f: usize, rule: &Rule) -> usize;

    /// The words given with rows `range` (dataset indices for out-of-bag rows).
    fn words(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_;
}

/// One row: packed codes of every feature and a word (`multiplicity << 1 | class` for in-bag
/// rows, the dataset index for out-of-bag ones). Aligned to 4 bytes, so one word of codes and
/// the word take 12 bytes.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(4))]
pub struct Record<const W: usize> {
    codes: [u64; W],
    wy: u32,
}

impl<const W: usize> Record<W> {
    /// The record of row `r` (codes read from the column-major `cols`) with word `wy`.
    #[inline(always)]
    fn of(cols: &[&[u8]], r: u32, wy: u32) -> Record<W> {
        let mut codes = [0u64; W];
        for (f, col) in cols.iter().enumerate() {
            let (word, shift) = super::packed::lane(f);
            codes[word] |= u64::from(col[r as usize]) << shift;
        }
        Record { codes, wy }
    }

    #[inline(always)]
    fn code(&self, word: usize, shift: u32) -> u8 {
        let codes = self.codes;
        (codes[word] >> shift) as u8
    }

    #[inline(always)]
    fn word(&self) -> u32 {
        self.wy
    }
}

/// Rows as records of `W` code words, in a reused buffer.
pub struct Records<'b, const W: usize> {
    rec: &'b mut Vec<Record<W>>,
}

impl<'b, const W: usize> Records<'b, W> {
    /// `buffer`, emptied, with room for `rows` records (a little more, so that the next trees,
    /// whose counts differ slightly, rarely need to grow it), to be filled with
    /// [`Records::push`].
    pub fn new(buffer: &'b mut Vec<Record<W>>, rows: usize) -> Records<'b, W> {
        buffer.clear();
        buffer.reserve_exact(rows + rows / 64);
        Records { rec: buffer }
    }

    /// Appends row `r` (codes read from the column-major `cols`, one per feature) with word
    /// `wy`.
    #[inline(always)]
    pub fn push(&mut self, cols: &[&[u8]], r: u32, wy: u32) {
        self.rec.push(Record::of(cols, r, wy));
    }
}

impl<const W: usize> NodeRows for Records<'_, W> {
    fn len(&self) -> usize {
        self.rec.len()
    }

    fn gather(&self, range: Range<usize>, f: usize, n_bins: usize, scratch: &mut Scratch) {
        let (word, shift) = super::packed::lane(f);
        let rows = self.rec[range].iter().map(|r| (r.code(word, shift), r.word()));
        scratch.gather(rows, n_bins);
    }

    fn partition(&mut self, range: Range<usize>, f: usize, rule: &Rule) -> usize {
        let (word, shift) = super::packed::lane(f);
        partition(&mut self.rec[range], |r| r.code(word, shift), rule)
    }

    fn words(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        self.rec[range].iter().map(|r| r.word())
    }
}

/// Rows as indices into the column-major codes, in reused buffers.
pub struct Indexed<'a, 'b> {
    binned: &'a Binned,
    idx: &'b mut Vec<u32>,
    /// Per dataset row: `multiplicity << 1 | class` (empty for out-of-bag rows, whose words are
    /// their indices).
    wy: &'b [u32],
}

impl<'a, 'b> Indexed<'a, 'b> {
    /// Rows `idx` (dataset indices) with per-dataset-row weight words `wy` (empty for
    /// out-of-bag rows).
    pub fn new(binned: &'a Binned, idx: &'b mut Vec<u32>, wy: &'b [u32]) -> Indexed<'a, 'b> {
        Indexed { binned, idx, wy }
    }
}

impl NodeRows for Indexed<'_, '_> {
    fn len(&self) -> usize {
        self.idx.len()
    }

    fn gather(&self, range: Range<usize>, f: usize, n_bins: usize, scratch: &mut Scratch) {
        let col = self.binned.column(f);
        let rows = self.idx[range].iter().map(|&r| (col[r as usize], self.wy[r as usize]));
        scratch.gather(rows, n_bins);
    }

    fn partition(&mut self, range: Range<usize>, f: usize, rule: &Rule) -> usize {
        let col = self.binned.column(f);
        partition(&mut self.idx[range], |&r| col[r as usize], rule)
    }

    /// Rows given without words (out of bag) read as their dataset indices.
    fn words(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        self.idx[range].iter().map(|&r| self.wy.get(r as usize).copied().unwrap_or(r))
    }
}

/// Row buffers one thread reuses from tree to tree: the in-bag and routed rows, as records of
/// whatever width the fit uses or as indices.
#[derive(Default)]
pub struct Buffers {
    /// `Vec<Record<W>>` of the fit's `W` (in-bag, then routed rows).
    records: [Option<Box<dyn Any + Send>>; 2],
    pub(super) idx: [Vec<u32>; 2],
    pub(super) wy: Vec<u32>,
}

impl Buffers {
    /// The in-bag and routed record buffers for records of `W` words.
    pub(super) fn records<const W: usize>(&mut self) -> (&mut Vec<Record<W>>, &mut Vec<Record<W>>) {
        let [a, b] = &mut self.records;
        (record_buffer::<W>(a), record_buffer::<W>(b))
    }
}

/// The `Vec<Record<W>>` in `slot`, made when the slot is empty or holds another width.
fn record_buffer<const W: usize>(slot: &mut Option<Box<dyn Any + Send>>) -> &mut Vec<Record<W>> {
    if !slot.as_ref().is_some_and(|b| b.is::<Vec<Record<W>>>()) {
        *slot = Some(Box::new(Vec::<Record<W>>::new()));
    }
    match slot.as_mut().and_then(|b| b.downcast_mut::<Vec<Record<W>>>()) {
        Some(v) => v,
        None => unreachable!("the slot was just given a Vec<Record<W>>"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_take_twelve_bytes_for_up_to_eight_features() {
        assert_eq!(std::mem::size_of::<Record<1>>(), 12);
        assert_eq!(std::mem::size_of::<Record<2>>(), 20);
        let mut ws = Buffers::default();
        // Two rows of eight features: row 0 has codes 8, 7, …, 1; row 1 has 0x18, …, 0x11.
        let cols: Vec<Vec<u8>> = (0..8).map(|f| vec![8 - f as u8, 0x18 - f as u8]).collect();
        let cols: Vec<&[u8]> = cols.iter().map(|c| c.as_slice()).collect();
        let (a, _) = ws.records::<1>();
        let mut rows = Records::new(a, 2);
        rows.push(&cols, 1, 7);
        rows.push(&cols, 0, 9);
        assert_eq!(rows.words(0..2).collect::<Vec<_>>(), vec![7, 9]);
        assert_eq!((rows.rec[0].code(0, 0), rows.rec[1].code(0, 56)), (0x18, 0x01));
        // The same width reuses the buffer; a fit of another width gets its own.
        assert_eq!(ws.records::<1>().0.len(), 2);
        assert_eq!(ws.records::<2>().0.len(), 0);
    }
}

//! The in-bag rows of one growing tree, each node owning a contiguous range of them, in one of two
//! layouts chosen by the width of the data:
//!
//! - [`Records`] (at most 32 features): each row is a record of its packed codes (see
//!   [`super::packed`]) and its `multiplicity << 1 | class` word, and every partition moves the
//!   records. Histograms then read memory in order: on large data the column-major codes of a
//!   deep node's rows are scattered over megabytes, so gathering them by index mostly waits on
//!   cache misses.
//! - [`Indexed`] (wider data, where moving whole records would cost more than it saves): row
//!   indices into the column-major codes, with a per-dataset-row weight word.
//!
//! Both give the same histograms in the same order, so the tree does not depend on the layout.
//!
//! Out-of-bag and scored rows, which are only ever partitioned, use the same layout with their
//! row index as their word. Records are the faster layout in V8 too (1,000,000 rows at leaf 20:
//! 14.4 s against 15.4 s to train and evaluate in two workers; 100,000 rows at leaf 1: 3.4 s
//! against 3.9 s).

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

    /// Stable partition of rows `range` by `rule` on feature `f`; returns how many go left.
    fn partition(&mut self, range: Range<usize>, f: usize, rule: &Rule) -> usize;

    /// The words given with rows `range` (dataset indices for out-of-bag rows).
    fn words(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_;
}

/// One row: packed codes of every feature and a word (`multiplicity << 1 | class` for in-bag
/// rows, the dataset index for out-of-bag ones).
#[derive(Debug, Clone, Copy)]
pub struct Record<const W: usize> {
    codes: [u64; W],
    wy: u32,
}

impl<const W: usize> Record<W> {
    #[inline(always)]
    fn code(&self, word: usize, shift: u32) -> u8 {
        (self.codes[word] >> shift) as u8
    }
}

/// In-bag rows as records of `W` code words.
pub struct Records<const W: usize> {
    rec: Vec<Record<W>>,
    tmp: Vec<Record<W>>,
}

impl<const W: usize> Records<W> {
    /// Records of `rows` (dataset indices) with their words `wy`, codes read from `packed`
    /// (row-major, `W` words a row).
    pub fn new(packed: &[u64], rows: &[u32], wy: &[u32]) -> Records<W> {
        let rec: Vec<Record<W>> = rows
            .iter()
            .zip(wy)
            .map(|(&r, &wy)| {
                let start = r as usize * W;
                let mut codes = [0u64; W];
                codes.copy_from_slice(&packed[start..start + W]);
                Record { codes, wy }
            })
            .collect();
        let tmp = rec.clone();
        Records { rec, tmp }
    }
}

impl<const W: usize> NodeRows for Records<W> {
    fn len(&self) -> usize {
        self.rec.len()
    }

    fn gather(&self, range: Range<usize>, f: usize, n_bins: usize, scratch: &mut Scratch) {
        let (word, shift) = super::packed::lane(f);
        let rows = self.rec[range].iter().map(|r| (r.code(word, shift), r.wy));
        scratch.gather(rows, n_bins);
    }

    fn partition(&mut self, range: Range<usize>, f: usize, rule: &Rule) -> usize {
        let (word, shift) = super::packed::lane(f);
        partition(&mut self.rec[range], &mut self.tmp, |r| r.code(word, shift), rule)
    }

    fn words(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        self.rec[range].iter().map(|r| r.wy)
    }
}

/// In-bag rows as indices into the column-major codes.
pub struct Indexed<'a> {
    binned: &'a Binned,
    idx: Vec<u32>,
    /// Per dataset row: `multiplicity << 1 | class` (0 out of bag).
    wy: Vec<u32>,
    tmp: Vec<u32>,
}

impl<'a> Indexed<'a> {
    /// Rows `rows` (dataset indices) with weight words `wy` (none for out-of-bag rows).
    pub fn new(binned: &'a Binned, rows: Vec<u32>, wy: &[u32]) -> Indexed<'a> {
        let mut per_row = if wy.is_empty() { Vec::new() } else { vec![0u32; binned.n_rows] };
        for (&r, &w) in rows.iter().zip(wy) {
            per_row[r as usize] = w;
        }
        let tmp = vec![0; rows.len()];
        Indexed { binned, idx: rows, wy: per_row, tmp }
    }
}

impl NodeRows for Indexed<'_> {
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
        partition(&mut self.idx[range], &mut self.tmp, |&r| col[r as usize], rule)
    }

    /// Rows given without words (out of bag) read as their dataset indices.
    fn words(&self, range: Range<usize>) -> impl Iterator<Item = u32> + '_ {
        self.idx[range].iter().map(|&r| self.wy.get(r as usize).copied().unwrap_or(r))
    }
}

/// Row-major packed codes of every row of `binned` (`words` words a row), for [`Records`].
pub fn pack_rows(binned: &Binned, words: usize) -> Vec<u64> {
    let mut packed = vec![0u64; binned.n_rows * words];
    for f in 0..binned.bins.len() {
        let (word, shift) = super::packed::lane(f);
        for (r, &c) in binned.column(f).iter().enumerate() {
            packed[r * words + word] |= (c as u64) << shift;
        }
    }
    packed
}

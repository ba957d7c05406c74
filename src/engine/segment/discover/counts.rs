//! Counting rows and buyers of conditions on the search half, by histograms.
//!
//! The rows of a condition are one or two slices of the search rows sorted by its column's bin
//! ([`Half::rows`]). Counting them by bin of another column (or by bin pair of two columns) and
//! taking prefix sums gives the counts of the conjunction with every condition on that column
//! (pair) at once ([`sum_1d`], [`sum_2d`]: one or two ranges of bins per condition). Rows and
//! buyers travel together as one u64, rows in the low 32 bits and buyers in the high ones: sums
//! of such values are the packed sums (exact while there are fewer than 2³² rows), so prefix
//! sums and their differences are plain wrapping integer arithmetic.

use super::select::{Conditions, Selector};

/// The search half as bins.
pub(super) struct Half {
    /// Per column, the bin of each search row.
    pub codes: Vec<Vec<u8>>,
    pub y: Vec<u8>,
    /// Per column, the search rows ordered by bin, and where each bin starts (n_bins + 1).
    pub sorted: Vec<Vec<u32>>,
    starts: Vec<Vec<usize>>,
}

impl Half {
    pub fn new(cond: &Conditions, rows: &[usize], y: &[u8]) -> Half {
        let codes: Vec<Vec<u8>> =
            cond.columns.iter().map(|c| rows.iter().map(|&r| c.codes[r]).collect()).collect();
        let (mut sorted, mut starts) = (Vec::new(), Vec::new());
        for (col, c) in codes.iter().zip(&cond.columns) {
            let (s, st) = counting_sort(col, c.n_bins);
            sorted.push(s);
            starts.push(st);
        }
        Half { codes, y: rows.iter().map(|&r| y[r]).collect(), sorted, starts }
    }

    /// The search rows of `s`: one slice per bin range.
    pub fn rows<'a>(&'a self, s: &'a Selector) -> impl Iterator<Item = &'a [u32]> + 'a {
        let (sorted, starts) = (&self.sorted[s.column], &self.starts[s.column]);
        s.ranges.iter().map(move |&(lo, hi)| &sorted[starts[lo]..starts[hi + 1]])
    }
}

/// Rows 0..n ordered by code, and the start of each code's run.
fn counting_sort(codes: &[u8], n_bins: usize) -> (Vec<u32>, Vec<usize>) {
    let mut starts = vec![0usize; n_bins + 1];
    for &c in codes {
        starts[c as usize + 1] += 1;
    }
    for b in 0..n_bins {
        starts[b + 1] += starts[b];
    }
    let mut next = starts.clone();
    let mut sorted = vec![0u32; codes.len()];
    for (r, &c) in codes.iter().enumerate() {
        sorted[next[c as usize]] = r as u32;
        next[c as usize] += 1;
    }
    (sorted, starts)
}

/// One search row or buyer, packed: rows in the low 32 bits, buyers in the high.
pub(super) fn unit(y: u8) -> u64 {
    1 + ((y as u64) << 32)
}

pub(super) fn unpack(v: u64) -> (u64, u64) {
    (v & 0xFFFF_FFFF, v >> 32)
}

pub(super) fn rate(v: u64) -> f64 {
    let (n, k) = unpack(v);
    k as f64 / n.max(1) as f64
}

/// Adds the packed counts of `rows` by bin of `codes` to `out`.
#[inline(never)]
pub(super) fn add_1d(rows: &[u32], codes: &[u8], y: &[u8], out: &mut [u64]) {
    for &r in rows {
        let r = r as usize;
        out[codes[r] as usize] += unit(y[r]);
    }
}

/// Adds the packed counts of `rows` by bin pair (x, z) to `out` (row-major, `width` = z bins).
#[inline(never)]
pub(super) fn add_2d(rows: &[u32], x: &[u8], z: &[u8], y: &[u8], width: usize, out: &mut [u64]) {
    for &r in rows {
        let r = r as usize;
        out[x[r] as usize * width + z[r] as usize] += unit(y[r]);
    }
}

/// Inclusive prefix sums with a leading 0: `p[i]` = Σ h[..i].
pub(super) fn prefix_1d(h: &[u64], p: &mut Vec<u64>) {
    p.clear();
    p.push(0);
    for &v in h {
        p.push(p[p.len() - 1].wrapping_add(v));
    }
}

/// 2-D prefix sums of an `rows × cols` histogram into a `(rows+1) × (cols+1)` table.
pub(super) fn prefix_2d(h: &[u64], rows: usize, cols: usize, p: &mut Vec<u64>) {
    let w = cols + 1;
    p.clear();
    p.resize((rows + 1) * w, 0);
    for i in 0..rows {
        for j in 0..cols {
            p[(i + 1) * w + j + 1] = h[i * cols + j]
                .wrapping_add(p[i * w + j + 1])
                .wrapping_add(p[(i + 1) * w + j])
                .wrapping_sub(p[i * w + j]);
        }
    }
}

pub(super) fn sum_1d(p: &[u64], s: &Selector) -> u64 {
    s.ranges.iter().fold(0u64, |acc, &(lo, hi)| acc.wrapping_add(p[hi + 1].wrapping_sub(p[lo])))
}

pub(super) fn sum_2d(p: &[u64], w: usize, b: &Selector, c: &Selector) -> u64 {
    let mut acc = 0u64;
    for &(b0, b1) in &b.ranges {
        for &(c0, c1) in &c.ranges {
            acc = acc
                .wrapping_add(p[(b1 + 1) * w + c1 + 1])
                .wrapping_sub(p[b0 * w + c1 + 1])
                .wrapping_sub(p[(b1 + 1) * w + c0])
                .wrapping_add(p[b0 * w + c0]);
        }
    }
    acc
}

//! Rows that repeat an earlier row exactly (every cell the same: numbers bit for bit, labels by
//! code), for the duplicate-rows problem and the step that drops them.
//!
//! How: every row is hashed to 8 bytes (FNV-1a over its cells' bits), the (hash, row) pairs are
//! sorted, and only rows with equal hashes are compared cell by cell, each with the rows of its
//! group kept before it — so the answer is exact whatever the hashes collide on, and the memory
//! is 16 bytes a row and a flag (a hash table of the rows took about 50 bytes a row on a million
//! rows, issue 23). Deterministic: no random hash seed.

use crate::engine::table::{ColumnData, Table};

/// Indices of rows not identical (in every column) to an earlier row, in order.
pub(crate) fn first_occurrences(t: &Table) -> Vec<usize> {
    let repeated = repeats(t);
    (0..t.n_rows()).filter(|&r| !repeated[r]).collect()
}

/// Number of rows identical (in every column) to an earlier row.
pub(crate) fn repeat_count(t: &Table) -> usize {
    repeats(t).iter().filter(|&&r| r).count()
}

/// For every row, whether it repeats an earlier row.
fn repeats(t: &Table) -> Vec<bool> {
    repeats_by(t, row_hash)
}

/// [`repeats`] with the rows hashed by `hash` (exact for any hash: tests pass one that
/// collides).
fn repeats_by(t: &Table, hash: impl Fn(&Table, usize) -> u64) -> Vec<bool> {
    let n = t.n_rows();
    // Row numbers as u32: tables stay far below 4 billion rows (the cell limit), and a pair is
    // then 16 bytes. Sorted by hash, then row: a group of equal hashes is in row order.
    let mut keyed: Vec<(u64, u32)> = (0..n).map(|r| (hash(t, r), r as u32)).collect();
    keyed.sort_unstable();
    let mut repeated = vec![false; n];
    let mut kept: Vec<usize> = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        kept.clear();
        for &(_, r) in group {
            let r = r as usize;
            // A row equal to a dropped one equals the kept row that one repeats.
            match kept.iter().any(|&k| rows_equal(t, k, r)) {
                true => repeated[r] = true,
                false => kept.push(r),
            }
        }
    }
    repeated
}

/// Not inlined: in the browser a function runs unoptimised until it is called again, and this
/// one is called per row (see `ingest::push_record`).
#[inline(never)]
fn row_hash(t: &Table, r: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in &t.columns {
        let v = match &c.data {
            ColumnData::Numeric(v) => v[r].to_bits(),
            ColumnData::Categorical { codes, .. } => codes[r] as u64,
        };
        h = (h ^ v).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn rows_equal(t: &Table, a: usize, b: usize) -> bool {
    t.columns.iter().all(|c| match &c.data {
        ColumnData::Numeric(v) => v[a].to_bits() == v[b].to_bits(),
        ColumnData::Categorical { codes, .. } => codes[a] == codes[b],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::rng;
    use crate::engine::table::{Column, Kind};

    /// The rows of `t` that equal no earlier row, by comparing every pair (the definition).
    fn brute_force(t: &Table) -> Vec<usize> {
        (0..t.n_rows()).filter(|&r| (0..r).all(|k| !rows_equal(t, k, r))).collect()
    }

    fn table(numbers: Vec<f64>, codes: Vec<u32>) -> Table {
        let n = numbers.len();
        Table {
            columns: vec![
                Column {
                    name: "x".into(),
                    kind: Kind::Numeric,
                    data: ColumnData::numbers(numbers),
                },
                Column {
                    name: "g".into(),
                    kind: Kind::Categorical,
                    data: ColumnData::labels(codes, vec!["a".into(), "b".into(), "c".into()]),
                },
            ],
            row_ids: (0..n).collect(),
        }
    }

    #[test]
    fn repeats_found_by_hand() {
        // Rows: (1,a) (2,a) (1,a) (1,b) (2,a) (NaN,a) (NaN,a) (-0,a) (0,a).
        // Repeats: row 2 (= row 0), row 4 (= row 1), row 6 (= row 5: the same NaN bits);
        // -0 and 0 differ in their bits, so rows 7 and 8 are both kept.
        let t = table(
            vec![1.0, 2.0, 1.0, 1.0, 2.0, f64::NAN, f64::NAN, -0.0, 0.0],
            vec![0, 0, 0, 1, 0, 0, 0, 0, 0],
        );
        assert_eq!(first_occurrences(&t), [0, 1, 3, 5, 7, 8]);
        assert_eq!(repeat_count(&t), 3);
    }

    #[test]
    fn agrees_with_every_pair_compared_on_random_tables() {
        let mut g = rng::rng(23);
        for size in [0, 1, 2, 50, 400] {
            // Few distinct values, so there are many repeats.
            let numbers = (0..size).map(|_| rng::below(&mut g, 4) as f64).collect();
            let codes = (0..size).map(|_| rng::below(&mut g, 3) as u32).collect();
            let t = table(numbers, codes);
            let want = brute_force(&t);
            assert_eq!(first_occurrences(&t), want, "{size} rows");
            assert_eq!(repeat_count(&t), size - want.len());
        }
    }

    #[test]
    fn hashes_that_collide_change_nothing() {
        let mut g = rng::rng(5);
        let numbers = (0..300).map(|_| rng::below(&mut g, 3) as f64).collect();
        let codes = (0..300).map(|_| rng::below(&mut g, 2) as u32).collect();
        let t = table(numbers, codes);
        let want: Vec<bool> = {
            let firsts = brute_force(&t);
            (0..300).map(|r| !firsts.contains(&r)).collect()
        };
        // Every row in one group; rows grouped by their label only (rows with different
        // numbers collide).
        assert_eq!(repeats_by(&t, |_, _| 0), want);
        let label = |t: &Table, r: usize| match &t.columns[1].data {
            ColumnData::Categorical { codes, .. } => u64::from(codes[r]),
            ColumnData::Numeric(_) => unreachable!("column g holds labels"),
        };
        assert_eq!(repeats_by(&t, label), want);
    }
}

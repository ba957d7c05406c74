//! Bin codes packed row-major, eight features to a `u64`: feature `f` of a row is byte `f % 8`
//! (counting from the least significant) of the row's word `f / 8`. One row's codes share a cache
//! line, so walking a row down a tree or moving a row during a partition touches one place.

/// Words per row for `n_features` features (at least one).
pub fn words_for(n_features: usize) -> usize {
    n_features.div_ceil(8).max(1)
}

/// Word index and bit shift of feature `f` inside a row.
#[inline]
pub fn lane(f: usize) -> (usize, u32) {
    (f / 8, 8 * (f % 8) as u32)
}

/// Code of feature `f` in `row` (the row's words).
#[inline]
pub fn get(row: &[u64], f: usize) -> u8 {
    let (w, shift) = lane(f);
    (row[w] >> shift) as u8
}

/// Sets the code of feature `f` in `row`.
#[inline]
pub fn set(row: &mut [u64], f: usize, code: u8) {
    let (w, shift) = lane(f);
    row[w] = (row[w] & !(0xff << shift)) | (code as u64) << shift;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_across_words() {
        assert_eq!((words_for(0), words_for(8), words_for(9)), (1, 1, 2));
        let mut row = vec![0u64; words_for(11)];
        for f in 0..11 {
            set(&mut row, f, (f * 23) as u8);
        }
        set(&mut row, 3, 255);
        let got: Vec<u8> = (0..11).map(|f| get(&row, f)).collect();
        assert_eq!(got, vec![0, 23, 46, 255, 92, 115, 138, 161, 184, 207, 230]);
    }
}

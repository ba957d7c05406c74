//! Stratified train/test split and stratified k-fold, seeded.
//!
//! Proportions follow scikit-learn: the test part has ⌈test_size · n⌉ rows, shared between the
//! classes in proportion to their size (largest remainders first); folds deal each class's
//! shuffled rows round-robin, so fold sizes differ by at most one per class.

use thiserror::Error;

use crate::engine::rng;

/// Training rows and test rows of one fold.
pub type Fold = (Vec<usize>, Vec<usize>);

/// Why rows could not be split.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SplitError {
    #[error("test_size must be between 0 and 1 (exclusive), got {0}")]
    TestSize(f64),
    #[error("cv needs at least 2 folds, got {0}")]
    TooFewFolds(usize),
    #[error("cv = {k} folds, but the smaller class has only {smallest} rows")]
    FoldsExceedClass { k: usize, smallest: usize },
    #[error("{n} rows are too few to split into train and test with both classes in each")]
    TooFewRows { n: usize },
}

/// Row indices of each class, shuffled with `seed`.
fn shuffled_classes(y: &[u8], seed: u64) -> [Vec<usize>; 2] {
    let mut classes = [Vec::new(), Vec::new()];
    for (i, &c) in y.iter().enumerate() {
        classes[(c == 1) as usize].push(i);
    }
    let mut gen = rng::rng(seed);
    for c in classes.iter_mut() {
        rng::shuffle(&mut gen, c);
    }
    classes
}

/// (train, test) row indices, each sorted ascending.
pub fn stratified_train_test(
    y: &[u8],
    test_size: f64,
    seed: u64,
) -> Result<(Vec<usize>, Vec<usize>), SplitError> {
    if !(test_size > 0.0 && test_size < 1.0) {
        return Err(SplitError::TestSize(test_size));
    }
    let n = y.len();
    let n_test = (test_size * n as f64).ceil() as usize;
    let classes = shuffled_classes(y, seed);
    if n_test == 0 || n_test >= n || classes.iter().any(|c| c.len() < 2) {
        return Err(SplitError::TooFewRows { n });
    }
    // Allocate n_test between classes: floors, then largest remainders.
    let exact: Vec<f64> =
        classes.iter().map(|c| c.len() as f64 * n_test as f64 / n as f64).collect();
    let mut take: Vec<usize> = exact.iter().map(|x| x.floor() as usize).collect();
    let mut left = n_test - take.iter().sum::<usize>();
    let mut by_rem: Vec<usize> = vec![0, 1];
    by_rem
        .sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())));
    for &c in &by_rem {
        if left > 0 && take[c] < classes[c].len() - 1 {
            take[c] += 1;
            left -= 1;
        }
    }
    for c in 0..2 {
        take[c] = take[c].clamp(1, classes[c].len() - 1);
    }
    let mut test: Vec<usize> =
        classes.iter().zip(&take).flat_map(|(c, &t)| c[..t].to_vec()).collect();
    let mut train: Vec<usize> =
        classes.iter().zip(&take).flat_map(|(c, &t)| c[t..].to_vec()).collect();
    test.sort_unstable();
    train.sort_unstable();
    Ok((train, test))
}

/// `k` (train, test) pairs; every row is in exactly one test fold.
pub fn stratified_kfold(y: &[u8], k: usize, seed: u64) -> Result<Vec<Fold>, SplitError> {
    if k < 2 {
        return Err(SplitError::TooFewFolds(k));
    }
    let classes = shuffled_classes(y, seed);
    let smallest = classes.iter().map(Vec::len).min().unwrap_or(0);
    if smallest < k {
        return Err(SplitError::FoldsExceedClass { k, smallest });
    }
    let mut fold_of = vec![0usize; y.len()];
    let mut next = 0;
    for c in &classes {
        for &r in c {
            fold_of[r] = next % k;
            next += 1;
        }
    }
    Ok((0..k)
        .map(|f| {
            let test: Vec<usize> = (0..y.len()).filter(|&r| fold_of[r] == f).collect();
            let train: Vec<usize> = (0..y.len()).filter(|&r| fold_of[r] != f).collect();
            (train, test)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(n0: usize, n1: usize) -> Vec<u8> {
        let mut v = vec![0u8; n0];
        v.extend(vec![1u8; n1]);
        v
    }

    #[test]
    fn split_keeps_proportions_like_sklearn() {
        // 257 negatives, 143 positives, test 0.25 → 100 test rows: 64 + 36 (sklearn gives the same).
        let y = y(257, 143);
        let (train, test) = stratified_train_test(&y, 0.25, 42).unwrap();
        assert_eq!((train.len(), test.len()), (300, 100));
        assert_eq!(test.iter().filter(|&&r| y[r] == 1).count(), 36);
        let mut all: Vec<usize> = train.iter().chain(&test).copied().collect();
        all.sort_unstable();
        assert_eq!(all, (0..400).collect::<Vec<_>>());
        assert_eq!(stratified_train_test(&y, 0.25, 42).unwrap().1, test);
        assert_ne!(stratified_train_test(&y, 0.25, 7).unwrap().1, test);
    }

    #[test]
    fn folds_cover_every_row_once() {
        let y = y(20, 11);
        let folds = stratified_kfold(&y, 5, 1).unwrap();
        let mut seen = vec![0; y.len()];
        for (train, test) in &folds {
            assert_eq!(train.len() + test.len(), y.len());
            test.iter().for_each(|&r| seen[r] += 1);
            let pos = test.iter().filter(|&&r| y[r] == 1).count();
            assert!((2..=3).contains(&pos));
        }
        assert!(seen.iter().all(|&s| s == 1));
    }

    #[test]
    fn errors() {
        assert_eq!(stratified_train_test(&y(5, 5), 1.5, 0).unwrap_err(), SplitError::TestSize(1.5));
        assert_eq!(stratified_kfold(&y(5, 5), 1, 0).unwrap_err(), SplitError::TooFewFolds(1));
        assert_eq!(
            stratified_kfold(&y(5, 2), 3, 0).unwrap_err(),
            SplitError::FoldsExceedClass { k: 3, smallest: 2 }
        );
        assert!(matches!(
            stratified_train_test(&y(5, 1), 0.25, 0),
            Err(SplitError::TooFewRows { .. })
        ));
    }
}

//! The rows a global explanation covers, and explaining them chunk by chunk.
//!
//! A global explanation (mean |contribution|, summary and dependence plots) explains a seeded
//! sample of at most [`GLOBAL_ROWS`] held-out rows: exact TreeSHAP pays every leaf of every tree
//! to every row, so its cost is rows × leaves (about 6 ms of CPU a row natively for 100 trees
//! grown to leaf 1 on 7,500 rows, 58 ms on 100,000 rows; see `bench/RESULTS.md`), and 1,000
//! rows already fix the mean |contribution| of every feature to a few percent. The page, the
//! worker's report and `micronum report` use the same sample, so they show the same numbers.
//!
//! [`explain_in_chunks`] gives exactly [`Explainer::explain_rows`] (each row's contributions do
//! not depend on the other rows or on the thread count), calling back between chunks so the
//! worker can report progress; the page cancels by stopping the worker.

use super::contributions::Contributions;
use super::error::ExplainError;
use super::explainer::Explainer;
use super::global::sample;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::thread_count;

/// Most rows a global explanation explains.
pub const GLOBAL_ROWS: usize = 1000;

/// Seed of the global explanation's sample (and of its plots' point samples).
pub const GLOBAL_SEED: u64 = 42;

/// The rows (indices in `0..n`, increasing) a global explanation of `n` rows explains: all of
/// them up to [`GLOBAL_ROWS`], else a seeded sample of that many.
pub fn global_sample(n: usize) -> Vec<usize> {
    sample(n, GLOBAL_ROWS, GLOBAL_SEED)
}

/// [`Explainer::explain_rows`] of `rows` of `cols`, one chunk of rows at a time (64 rows per
/// thread), calling `progress(done, total)` before the first chunk and after each.
pub fn explain_in_chunks(
    explainer: &Explainer,
    cols: &[FeatureValues],
    rows: &[usize],
    threads: Option<usize>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<Contributions, ExplainError> {
    let chunk = super::block::BLOCK * thread_count(threads);
    progress(0, rows.len());
    let mut out = explainer.explain_rows(cols, &rows[..rows.len().min(chunk)], threads)?;
    progress(out.len(), rows.len());
    for part in rows.chunks(chunk).skip(1) {
        out.append(explainer.explain_rows(cols, part, threads)?);
        progress(out.len(), rows.len());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explain::hand_tests::{forest, numeric, tree, L};

    #[test]
    fn the_sample_is_every_row_up_to_the_limit_then_a_seeded_subset() {
        assert_eq!(global_sample(5), [0, 1, 2, 3, 4]);
        let s = global_sample(5000);
        assert_eq!(s.len(), GLOBAL_ROWS);
        assert!(s.windows(2).all(|w| w[0] < w[1]) && s[GLOBAL_ROWS - 1] < 5000);
        assert_eq!(global_sample(5000), s, "seeded");
    }

    #[test]
    fn chunks_give_the_rows_explained_at_once_with_progress_between() {
        // A stump on x (≤ 0.5 → 0.2, else 0.7) and one on y (≤ 0.5 → 0.4, else 0.6).
        let on = |f: u32, lo: f64, hi: f64| {
            tree(&[(f, 0.5, 1, 2, 0.0, 10.0), (0, 0.0, L, L, lo, 5.0), (0, 0.0, L, L, hi, 5.0)])
        };
        let f = forest(vec![numeric("x"), numeric("y")], vec![on(0, 0.2, 0.7), on(1, 0.4, 0.6)]);
        let n = 300;
        let cols = vec![
            FeatureValues::Numeric((0..n).map(|i| (i % 2) as f64).collect::<Vec<_>>().into()),
            FeatureValues::Numeric(
                (0..n).map(|i| (i % 3 == 0) as u8 as f64).collect::<Vec<_>>().into(),
            ),
        ];
        let rows: Vec<usize> = (0..n).rev().step_by(2).collect();
        let shap = Explainer::new(&f).unwrap();
        let mut calls = Vec::new();
        let c = explain_in_chunks(&shap, &cols, &rows, Some(1), &mut |d, t| calls.push((d, t)))
            .unwrap();
        assert_eq!(c, shap.explain_rows(&cols, &rows, Some(2)).unwrap());
        // 150 rows in chunks of 64: before, then after 64, 128 and 150.
        assert_eq!(calls, [(0, 150), (64, 150), (128, 150), (150, 150)]);
        // Row 299: x = 1 (+0.25 from the x stump's mean 0.45), y = 0 (−0.1 from 0.5).
        assert!((c.row(0)[0] - 0.25 / 2.0).abs() < 1e-12 && (c.row(0)[1] + 0.05).abs() < 1e-12);
        let none = explain_in_chunks(&shap, &cols, &[], None, &mut |_, _| {}).unwrap();
        assert!(none.is_empty() && none.features.len() == 2);
    }
}

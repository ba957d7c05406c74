//! Discovery parameters, validated once: [`DiscoverParams`] (builder) → `check()` →
//! [`ValidDiscoverParams`], the only type [`super::discover`] accepts.
//!
//! Defaults (each documented on its setter): up to 3 conditions, segments of at least 30 rows
//! in the search half, FDR 0.1, seed 42, 9 quantile cuts per numeric column (deciles), 50
//! segments tested, near-duplicates (Jaccard ≥ 0.5) dropped, half the rows held out, and the
//! multiple-testing correction chosen automatically ([`Correction::Auto`]).

use serde::{Deserialize, Serialize};

use super::error::DiscoverError;

/// Most quantile cut points per numeric column (17 bins; the histograms stay small).
pub const MAX_CUTS: usize = 16;
/// Most segments carried from the search half to the held-out test.
pub const MAX_RESULTS: usize = 500;

/// Which false-discovery-rate procedure turns p-values into q-values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Correction {
    /// Benjamini–Yekutieli when two tested segments share a held-out row (their tests are then
    /// dependent in ways Benjamini–Hochberg does not cover), else Benjamini–Hochberg.
    Auto,
    /// Benjamini–Hochberg: valid for independent or positively dependent tests.
    Bh,
    /// Benjamini–Yekutieli: valid under any dependence, costs a factor Σ 1/i.
    By,
}

/// Checked parameters. Read them through the getters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ValidDiscoverParams {
    pub(super) max_conditions: usize,
    pub(super) min_support: u64,
    pub(super) fdr: f64,
    pub(super) seed: u64,
    pub(super) cuts: usize,
    pub(super) max_results: usize,
    pub(super) max_overlap: f64,
    pub(super) holdout: f64,
    pub(super) correction: Correction,
}

/// Builder for [`ValidDiscoverParams`].
#[derive(Debug, Clone, PartialEq)]
pub struct DiscoverParams(ValidDiscoverParams);

impl Default for DiscoverParams {
    fn default() -> Self {
        DiscoverParams(ValidDiscoverParams {
            max_conditions: 3,
            min_support: 30,
            fdr: 0.1,
            seed: 42,
            cuts: 9,
            max_results: 50,
            max_overlap: 0.5,
            holdout: 0.5,
            correction: Correction::Auto,
        })
    }
}

impl DiscoverParams {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Conditions joined by "and" in one rule: 1–3 (default 3).
    pub fn max_conditions(mut self, v: usize) -> Self {
        self.0.max_conditions = v;
        self
    }
    /// Fewest rows of the search half a segment must hold (default 30); held-out segments
    /// smaller than this are flagged `small_n`.
    pub fn min_support(mut self, v: u64) -> Self {
        self.0.min_support = v;
        self
    }
    /// False discovery rate at which a segment is called significant, in (0, 1) (default 0.1).
    pub fn fdr(mut self, v: f64) -> Self {
        self.0.fdr = v;
        self
    }
    /// Seed of the search/held-out split (default 42).
    pub fn seed(mut self, v: u64) -> Self {
        self.0.seed = v;
        self
    }
    /// Quantile cut points per numeric column, 1–16 (default 9: deciles). A column with fewer
    /// distinct values is cut at each value.
    pub fn cuts(mut self, v: usize) -> Self {
        self.0.cuts = v;
        self
    }
    /// Segments tested on the held-out rows, 1–500 (default 50): the size of the multiple test.
    pub fn max_results(mut self, v: usize) -> Self {
        self.0.max_results = v;
        self
    }
    /// A candidate whose search-half members overlap a better one's with a Jaccard index of at
    /// least this is a near-duplicate and dropped; in (0, 1] (default 0.5; 1 drops only exact
    /// copies).
    pub fn max_overlap(mut self, v: f64) -> Self {
        self.0.max_overlap = v;
        self
    }
    /// Share of rows held out for estimation and testing, 0.2–0.8 (default 0.5).
    pub fn holdout(mut self, v: f64) -> Self {
        self.0.holdout = v;
        self
    }
    /// Multiple-testing procedure (default [`Correction::Auto`]).
    pub fn correction(mut self, v: Correction) -> Self {
        self.0.correction = v;
        self
    }

    /// Validates every rule; the error names the parameter and the bad value.
    pub fn check(self) -> Result<ValidDiscoverParams, DiscoverError> {
        let p = self.0;
        if !(1..=3).contains(&p.max_conditions) {
            return Err(DiscoverError::MaxConditions(p.max_conditions));
        }
        if p.min_support == 0 {
            return Err(DiscoverError::MinSupport(p.min_support));
        }
        if !(p.fdr > 0.0 && p.fdr < 1.0) {
            return Err(DiscoverError::Fdr(p.fdr));
        }
        if !(1..=MAX_CUTS).contains(&p.cuts) {
            return Err(DiscoverError::Cuts { got: p.cuts });
        }
        if !(1..=MAX_RESULTS).contains(&p.max_results) {
            return Err(DiscoverError::MaxResults { got: p.max_results });
        }
        if !(p.max_overlap > 0.0 && p.max_overlap <= 1.0) {
            return Err(DiscoverError::MaxOverlap(p.max_overlap));
        }
        if !(0.2..=0.8).contains(&p.holdout) {
            return Err(DiscoverError::Holdout(p.holdout));
        }
        Ok(p)
    }
}

impl ValidDiscoverParams {
    pub fn max_conditions(&self) -> usize {
        self.max_conditions
    }
    pub fn min_support(&self) -> u64 {
        self.min_support
    }
    pub fn fdr(&self) -> f64 {
        self.fdr
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
    pub fn cuts(&self) -> usize {
        self.cuts
    }
    pub fn max_results(&self) -> usize {
        self.max_results
    }
    pub fn max_overlap(&self) -> f64 {
        self.max_overlap
    }
    pub fn holdout(&self) -> f64 {
        self.holdout
    }
    pub fn correction(&self) -> Correction {
        self.correction
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_pass() {
        let p = DiscoverParams::new().check().unwrap();
        assert_eq!((p.max_conditions(), p.min_support(), p.cuts()), (3, 30, 9));
        assert_eq!((p.fdr(), p.holdout(), p.max_overlap()), (0.1, 0.5, 0.5));
        assert_eq!((p.max_results(), p.seed(), p.correction()), (50, 42, Correction::Auto));
    }

    #[test]
    fn each_rule_names_its_value() {
        let e = |p: DiscoverParams| p.check().unwrap_err();
        assert_eq!(e(DiscoverParams::new().max_conditions(0)), DiscoverError::MaxConditions(0));
        assert_eq!(e(DiscoverParams::new().max_conditions(4)), DiscoverError::MaxConditions(4));
        assert_eq!(e(DiscoverParams::new().min_support(0)), DiscoverError::MinSupport(0));
        assert_eq!(e(DiscoverParams::new().fdr(0.0)), DiscoverError::Fdr(0.0));
        assert_eq!(e(DiscoverParams::new().fdr(1.0)), DiscoverError::Fdr(1.0));
        assert!(matches!(e(DiscoverParams::new().fdr(f64::NAN)), DiscoverError::Fdr(_)));
        assert_eq!(e(DiscoverParams::new().cuts(0)), DiscoverError::Cuts { got: 0 });
        assert_eq!(e(DiscoverParams::new().cuts(17)), DiscoverError::Cuts { got: 17 });
        assert_eq!(e(DiscoverParams::new().max_results(0)), DiscoverError::MaxResults { got: 0 });
        assert_eq!(
            e(DiscoverParams::new().max_results(501)),
            DiscoverError::MaxResults { got: 501 }
        );
        assert_eq!(e(DiscoverParams::new().max_overlap(0.0)), DiscoverError::MaxOverlap(0.0));
        assert_eq!(e(DiscoverParams::new().max_overlap(1.5)), DiscoverError::MaxOverlap(1.5));
        assert_eq!(e(DiscoverParams::new().holdout(0.1)), DiscoverError::Holdout(0.1));
        assert_eq!(e(DiscoverParams::new().holdout(0.9)), DiscoverError::Holdout(0.9));
        // The message carries the value.
        assert!(DiscoverError::Fdr(1.5).to_string().contains("1.5"));
    }

    #[test]
    fn bounds_are_inclusive_where_documented() {
        let ok = |p: DiscoverParams| p.check().is_ok();
        assert!(ok(DiscoverParams::new().max_conditions(1).cuts(1).max_results(1)));
        assert!(ok(DiscoverParams::new().cuts(MAX_CUTS).max_results(MAX_RESULTS)));
        assert!(ok(DiscoverParams::new().max_overlap(1.0).holdout(0.2)));
        assert!(ok(DiscoverParams::new().holdout(0.8).min_support(1)));
    }
}

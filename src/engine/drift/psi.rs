//! The population stability index and its verdict (design.md, "Monitoring formulas").
//!
//! PSI = Σ (aᵢ − eᵢ)·ln(aᵢ/eᵢ) over the training bins, with [`EPSILON`] in place of an empty
//! bin's share so the logarithm stays finite. Below 0.1 is stable, 0.1 to 0.25 moderate, above
//! 0.25 major drift.

use crate::engine::math::ln;
use serde::{Deserialize, Serialize};

/// Share used for an empty bin.
pub const EPSILON: f64 = 1e-4;

/// PSI of `actual` shares against `expected` shares (same bins, same order).
pub fn psi(expected: &[f64], actual: &[f64]) -> f64 {
    let fill = |s: f64| if s > 0.0 { s } else { EPSILON };
    expected
        .iter()
        .zip(actual)
        .map(|(&e, &a)| {
            let (e, a) = (fill(e), fill(a));
            (a - e) * ln(a / e)
        })
        .sum()
}

/// How much a distribution moved. Ordered: `Stable < Moderate < Major`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// PSI below 0.1.
    Stable,
    /// PSI from 0.1 to 0.25.
    Moderate,
    /// PSI above 0.25 (or not a number).
    Major,
}

impl Verdict {
    /// The verdict of a PSI value.
    pub fn of(psi: f64) -> Verdict {
        if psi < 0.1 {
            Verdict::Stable
        } else if psi <= 0.25 {
            Verdict::Moderate
        } else {
            Verdict::Major
        }
    }

    /// The lower-case name, as serialized.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Stable => "stable",
            Verdict::Moderate => "moderate",
            Verdict::Major => "major",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_shares_have_zero_psi() {
        assert_eq!(psi(&[0.2, 0.3, 0.5, 0.0], &[0.2, 0.3, 0.5, 0.0]), 0.0);
    }

    #[test]
    fn psi_matches_hand_computation() {
        // (0.4 − 0.5)·ln(0.4/0.5) = (−0.1)(−0.223144) = 0.0223144
        // (0.6 − 0.5)·ln(0.6/0.5) = (0.1)(0.182322)   = 0.0182322
        // total 0.0405465
        let v = psi(&[0.5, 0.5], &[0.4, 0.6]);
        assert!((v - 0.040_546_5).abs() < 1e-6, "{v}");
    }

    #[test]
    fn empty_bins_use_epsilon() {
        // expected [1, 0], actual [0.5, 0.5]:
        // (0.5 − 1)·ln(0.5/1) = (−0.5)(−0.693147) = 0.346574
        // (0.5 − 1e-4)·ln(0.5/1e-4) = 0.4999·8.517193 = 4.257745
        // total 4.604319
        let v = psi(&[1.0, 0.0], &[0.5, 0.5]);
        assert!((v - 4.604_319).abs() < 1e-5, "{v}");
        // An empty batch bin: expected [0.5, 0.5], actual [1, 0]:
        // (1 − 0.5)·ln(2) = 0.346574; (1e-4 − 0.5)·ln(1e-4/0.5) = (−0.4999)(−8.517193) = 4.257745
        let v = psi(&[0.5, 0.5], &[1.0, 0.0]);
        assert!((v - 4.604_319).abs() < 1e-5, "{v}");
    }

    #[test]
    fn verdict_thresholds() {
        assert_eq!(Verdict::of(0.0), Verdict::Stable);
        assert_eq!(Verdict::of(0.0999), Verdict::Stable);
        assert_eq!(Verdict::of(0.1), Verdict::Moderate);
        assert_eq!(Verdict::of(0.25), Verdict::Moderate);
        assert_eq!(Verdict::of(0.2501), Verdict::Major);
        assert_eq!(Verdict::of(f64::NAN), Verdict::Major);
        assert!(Verdict::Stable < Verdict::Moderate && Verdict::Moderate < Verdict::Major);
        assert_eq!(serde_json::to_string(&Verdict::Moderate).unwrap(), "\"moderate\"");
        assert_eq!(Verdict::Major.as_str(), "major");
    }
}

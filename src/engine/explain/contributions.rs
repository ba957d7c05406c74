//! What an explanation gives back: one row's ([`RowExplanation`]) or many rows'
//! ([`Contributions`], row-major, appendable chunk by chunk).

use serde::{Deserialize, Serialize};

/// One row's explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RowExplanation {
    /// P(positive), as prediction computes it.
    pub proba: f64,
    /// The forest's expected probability (the same for every row).
    pub base: f64,
    /// One contribution per model feature, in the model's order.
    pub values: Vec<f64>,
}

/// Explanations of many rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Contributions {
    /// The model's features, in order.
    pub features: Vec<String>,
    pub base: f64,
    /// The explained rows (indices into the columns given).
    pub rows: Vec<usize>,
    pub proba: Vec<f64>,
    /// Row-major: `values[i * features.len() + f]` is feature `f`'s contribution to row `i`.
    pub values: Vec<f64>,
}

impl Contributions {
    /// Contributions of the `i`-th explained row.
    pub fn row(&self, i: usize) -> &[f64] {
        let m = self.features.len();
        &self.values[i * m..(i + 1) * m]
    }

    /// Number of explained rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True without rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Appends the rows of `other` (a later chunk of the same explanation).
    pub fn append(&mut self, other: Contributions) {
        if self.features.is_empty() {
            self.features = other.features;
            self.base = other.base;
        }
        self.rows.extend(other.rows);
        self.proba.extend(other.proba);
        self.values.extend(other.values);
    }
}

//! Messages of the Model step's explanations: why one held-out customer scores as it does (and
//! what if its values changed), what moves the model's probability over many customers, and
//! whom to contact for a given value of a purchase and cost of a contact.
//!
//! The worker sends numbers the page reads (probabilities, the best threshold), text it shows
//! as it is (values, words, table cells) and charts as SVG: the page computes nothing and
//! deserializes few types. Rows are 0-based positions among the fit's held-out (test) rows, in
//! the order of its evaluation; `record` is the file's 0-based record index, as in the
//! downloaded predictions' `row` column.

use serde::{Deserialize, Serialize};

use super::view::TextTable;

/// Which held-out customer to explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Customer {
    /// Held-out row `n` (0-based).
    Row(usize),
    /// The held-out customer with the highest probability (the first such row on ties).
    Highest,
    /// The one with the lowest.
    Lowest,
}

/// One held-out customer explained, as it is or with some values changed (what-if).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerExplanation {
    /// Its held-out row, how many there are, and its record in the file.
    pub row: usize,
    pub rows: usize,
    pub record: usize,
    /// Whether the customer bought (a held-out customer's outcome is known).
    pub bought: bool,
    /// P(bought) with the values shown, and the model's expected probability: `base` plus every
    /// contribution is `proba`.
    pub proba: f64,
    pub base: f64,
    /// The customer's own probability (equal to `proba` when nothing changed).
    pub original: f64,
    /// (feature, value as text, contribution) for every model feature, largest |contribution|
    /// first.
    pub contributions: Vec<(String, String, f64)>,
    /// The waterfall chart, as SVG.
    pub waterfall: String,
    /// The what-if form: the customer's own values, one field per model feature in the model's
    /// order (the same in a what-if answer).
    pub form: Vec<WhatIfField>,
    /// Features whose value the what-if changed (empty: the customer as is).
    pub changed: Vec<String>,
    /// Worker time of the request, milliseconds (0 natively in tests).
    pub elapsed_ms: f64,
}

/// One field of the what-if form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WhatIfField {
    pub name: String,
    /// The customer's value as text (`missing` for a missing one): sent back unchanged, it means
    /// the same value.
    pub value: String,
    /// The labels the model was trained on (None: a numeric feature).
    pub levels: Option<Vec<String>>,
}

/// What moves the model's probability over a sample of held-out customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GlobalExplanation {
    /// Customers explained (a seeded sample) and held-out customers.
    pub rows: usize,
    pub held_out: usize,
    /// The main facts in words.
    pub words: String,
    /// Feature, mean |contribution| and mean contribution, largest first.
    pub table: TextTable,
    /// (index among the model's features, name), most influential first: the feature picker.
    pub features: Vec<(usize, String)>,
    /// Mean |contribution| bars and the summary plot, as SVG.
    pub bars: String,
    pub summary: String,
    /// Time the explanation took, milliseconds (0 natively in tests), and in how many workers.
    pub elapsed_ms: f64,
    pub workers: usize,
}

/// One feature's dependence plot and partial dependence with ICE lines.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FeatureExplanation {
    /// Index among the model's features, and name.
    pub feature: usize,
    pub name: String,
    /// The feature interacting with it most (colours the dependence plot), if any.
    pub partner: Option<String>,
    /// The charts, as SVG.
    pub dependence: String,
    pub pdp: String,
}

/// Whom to contact: the profit curve of the held-out customers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfitResult {
    /// Value of a purchase and cost of a contact, as asked.
    pub value: f64,
    pub cost: f64,
    /// The most profitable threshold: contact every customer scored at or above it (None:
    /// contact nobody).
    pub best: Option<f64>,
    /// The best point and what contacting everyone would give, in words.
    pub words: String,
    /// Profit against the share contacted and against the threshold, as SVG.
    pub by_share: String,
    pub by_threshold: String,
    /// Lift and gains by decile (decile, customers, buyers, rate, lift, buyers captured so far).
    pub gains: TextTable,
}

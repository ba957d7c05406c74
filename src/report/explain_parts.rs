//! The explanation section's parts, owned and gathered one way for the worker's report job and
//! `micronum report`: the summary of the global explanation's sample, the reasons of the
//! highest-scored held-out customers, and the profit curve of the held-out customers.
//!
//! The global explanation's contributions are given (the worker keeps them with the model and
//! reports progress while computing them); the rest is quick: a few customers and a bootstrap.

use serde::{Deserialize, Serialize};

use super::explain::{CustomerReasons, ExplainInput};
use crate::engine::dataset::FeatureValues;
use crate::engine::explain::{
    profit_curve, reasons_text, summary, Contributions, ExplainError, Explainer, ProfitCurve,
    Summary, ValidProfitParams, GLOBAL_ROWS, GLOBAL_SEED,
};

/// Highest-scored customers listed with their reasons.
pub const TOP_CUSTOMERS: usize = 5;
/// Reasons given per customer.
pub const REASONS: usize = 3;
/// Features shown in the summary plot (the others are counted).
pub const SUMMARY_FEATURES: usize = 12;

/// Held-out rows with known outcomes, aligned with the model (row `i` of every slice is the
/// same customer).
#[derive(Debug, Clone, Copy)]
pub struct HeldOutRows<'a> {
    /// One column per model feature ([`Forest::align`](crate::engine::forest::Forest::align)).
    pub cols: &'a [FeatureValues],
    pub y: &'a [u8],
    pub proba: &'a [f64],
    /// Each row's record in the file (0-based), to name the customer.
    pub records: &'a [usize],
}

/// The explanation section's parts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainParts {
    pub summary: Summary,
    pub top_customers: Vec<CustomerReasons>,
    pub profit: ProfitCurve,
}

impl ExplainParts {
    /// The parts for `held`, given the contributions of the global explanation's sample
    /// (`global.rows` index `held.cols`).
    pub fn gather(
        explainer: &Explainer,
        held: HeldOutRows,
        global: &Contributions,
        profit: &ValidProfitParams,
    ) -> Result<ExplainParts, ExplainError> {
        let summary = summary(global, held.cols, SUMMARY_FEATURES, GLOBAL_ROWS, GLOBAL_SEED);
        let mut order: Vec<usize> = (0..held.proba.len()).collect();
        order.sort_by(|&a, &b| held.proba[b].total_cmp(&held.proba[a]).then(a.cmp(&b)));
        order.truncate(TOP_CUSTOMERS);
        let c = explainer.explain_rows(held.cols, &order, None)?;
        let top_customers = order
            .iter()
            .enumerate()
            .map(|(i, &r)| CustomerReasons {
                name: format!("row {}", held.records[r]),
                proba: c.proba[i],
                reasons: reasons_text(c.row(i), REASONS, &c.features, held.cols, r),
            })
            .collect();
        let profit = profit_curve(held.y, held.proba, profit)?;
        Ok(ExplainParts { summary, top_customers, profit })
    }

    /// The section's input, borrowing from these parts.
    pub fn input(&self) -> ExplainInput<'_> {
        ExplainInput {
            summary: Some(&self.summary),
            top_customers: &self.top_customers,
            profit: Some(&self.profit),
        }
    }
}

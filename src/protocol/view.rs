//! Tables and sentences the worker writes for the page to show as they are. Results the page
//! only displays (a discovery's table, a batch's segment mix, the tuning's out-of-bag table, the
//! baseline comparison) travel as text: the page then links one small reader for all of them
//! instead of a deserializer per engine type (its size is budgeted).

use serde::{Deserialize, Serialize};

/// A table of text cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TextTable {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// A CSS class per row ("significant", "small-n", "chosen"; empty: none).
    pub classes: Vec<String>,
}

/// A sentence and a table (discovery, segment mix, tuning).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableView {
    pub summary: String,
    pub table: TextTable,
}

/// The baseline comparison, in words.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BaselineView {
    /// Better, worse or not clearly different, with the interval.
    pub verdict: String,
    /// The logistic regression's own metrics.
    pub metrics: String,
    /// The ROC AUC difference, when defined.
    pub auc: Option<String>,
}

//! Fitting a model the way the Model step does — stratified split, forest, held-out evaluation,
//! optional cross-validation — shared by training and retraining.

use crate::engine::clean::CleaningLog;
use crate::engine::dataset::Dataset;
use crate::engine::evaluate::{
    cross_validate, evaluate_split, honest_scores, CvResult, EvalConfig, Evaluation,
};
use crate::engine::model_io::Model;
use crate::engine::table::Table;

/// A fitted model and what its evaluation found.
pub struct Fitted {
    pub model: Model,
    pub eval: Evaluation,
    pub cv: Option<CvResult>,
    /// Honest P(positive) per row of the table: held-out or out-of-bag.
    pub honest: Vec<f64>,
    pub features: Vec<String>,
}

/// Splits `table`, fits on the training part, evaluates on the rest, and assembles the model
/// with `log` (the cleaning that made `table`).
pub fn fit(
    table: &Table,
    cfg: &EvalConfig,
    cv_folds: Option<usize>,
    log: CleaningLog,
    created: String,
    progress: &mut dyn FnMut(&str, u64, u64),
) -> Result<Fitted, String> {
    let mut report = |phase: &str, done: usize, total: usize| {
        progress(phase, done as u64, total as u64);
        true
    };
    let (forest, eval) = evaluate_split(table, cfg, &mut report).map_err(|e| e.to_string())?;
    let cv = match cv_folds {
        Some(k) => Some(cross_validate(table, cfg, k, &mut report).map_err(|e| e.to_string())?),
        None => None,
    };
    let data = Dataset::from_table(table, &cfg.target).map_err(|e| e.to_string())?;
    let metrics = serde_json::json!({
        "accuracy": eval.metrics.accuracy, "precision": eval.metrics.precision, "recall": eval.metrics.recall,
        "f1": eval.metrics.f1, "roc_auc": eval.metrics.roc_auc, "oob_score": eval.oob_score,
        "n_train": eval.n_train, "n_test": eval.n_test, "random_state": cfg.split_seed,
        "test_size": cfg.test_size,
    });
    let honest = honest_scores(table, &forest, &eval.test_row_ids, &eval.proba_test);
    let model = Model::new(forest, &data, table, log, metrics, created).with_score_profile(&honest);
    Ok(Fitted { model, eval, cv, honest, features: data.feature_names() })
}

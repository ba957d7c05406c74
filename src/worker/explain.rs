//! One held-out customer explained, as it is or with what-if values: a thin adapter over
//! `engine::explain`, using what the model's stage keeps for explanations (its
//! [`ExplainCache`](crate::engine::session::ExplainCache): the held-out rows aligned with the
//! model and the explainer's checks, made here on first use and dropped with the model).
//!
//! Held-out rows are those of the fit's evaluation, in its order; a model taken from a file has
//! none (its explanations need a model trained in this session).

use super::error::WorkerError;
use super::figures;
use crate::charts::{ChartStyle, Waterfall};
use crate::engine::dataset::FeatureValues;
use crate::engine::explain::{
    one_row, set_value, value_text, Explainer, RowExplanation, WhatIfValue,
};
use crate::engine::forest::Forest;
use crate::engine::session::{FitRecord, Gen, HeldOut, ModelStage, Session};
use crate::protocol::{Customer, CustomerExplanation, WhatIfField};

/// Steps the waterfall shows before folding the rest into "and N other features".
const WATERFALL_STEPS: usize = 12;

/// Makes sure model `model`'s stage holds its held-out rows aligned with the model and its
/// explainer's checks.
pub fn ensure_held_out(session: &mut Session, model: Gen) -> Result<(), WorkerError> {
    let stage = session.model(model)?;
    if stage.explain.held_out.is_some() {
        return Ok(());
    }
    let fit = stage.fit.as_ref().ok_or(WorkerError::NoHeldOut)?;
    // The model lives in the current cleaning stage: its working table is the one it was fitted on.
    let table = session.working(session.lineage().cleaning)?;
    let records = &fit.evaluation.test_row_ids;
    let rows = table
        .rows_of_records(records)
        .into_iter()
        .zip(records)
        .map(|(row, &record)| row.ok_or(WorkerError::HeldOutRecord { record }))
        .collect::<Result<Vec<usize>, _>>()?;
    let data = stage.model.batch_dataset(&table.take_rows(&rows)).map_err(WorkerError::HeldOut)?;
    let forest = &stage.model.forest;
    let cols = forest.align(&data).map_err(crate::engine::explain::ExplainError::from)?;
    let prepared = Explainer::new(forest)?.prepared();
    session.model_mut(model)?.explain.held_out = Some(HeldOut { cols, prepared });
    Ok(())
}

/// The fit and held-out rows of a stage (after [`ensure_held_out`]).
pub fn parts(stage: &ModelStage) -> Result<(&FitRecord, &HeldOut), WorkerError> {
    let fit = stage.fit.as_ref().ok_or(WorkerError::NoHeldOut)?;
    Ok((fit, stage.explain.held_out.as_ref().ok_or(WorkerError::NoHeldOut)?))
}

/// Explains `who` among model `model`'s held-out customers.
pub fn customer(
    session: &mut Session,
    model: Gen,
    who: Customer,
    style: &ChartStyle,
) -> Result<CustomerExplanation, WorkerError> {
    let row = {
        ensure_held_out(session, model)?;
        let proba = &parts(session.model(model)?)?.0.evaluation.proba_test;
        // The first row on ties: `max_by` keeps the last of equals, `min_by` the first.
        let scores = proba.iter().enumerate();
        match who {
            Customer::Row(r) => r,
            Customer::Highest => {
                scores.max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0))).map_or(0, |x| x.0)
            }
            Customer::Lowest => scores.min_by(|a, b| a.1.total_cmp(b.1)).map_or(0, |x| x.0),
        }
    };
    what_if(session, model, row, &[], style)
}

/// Held-out customer `row` of model `model` with `values` (feature index, value as typed)
/// changed, explained.
pub fn what_if(
    session: &mut Session,
    model: Gen,
    row: usize,
    values: &[(usize, String)],
    style: &ChartStyle,
) -> Result<CustomerExplanation, WorkerError> {
    ensure_held_out(session, model)?;
    let stage = session.model(model)?;
    let (fit, held) = parts(stage)?;
    let forest = &stage.model.forest;
    let e = &fit.evaluation;
    if row >= e.proba_test.len() {
        return Err(WorkerError::NoSuchCustomer { row: row + 1, rows: e.proba_test.len() });
    }
    let mut one = one_row(&held.cols, row)?;
    let mut changed = Vec::new();
    for (feature, text) in values {
        set_value(forest, &mut one, *feature, &parse_value(forest, *feature, text)?)?;
        changed.push(forest.features[*feature].name.clone());
    }
    let explainer = Explainer::resume(forest, held.prepared)?;
    let x = explainer.explain_row(&one, 0, Some(1))?;
    let title = if changed.is_empty() { "This customer" } else { "This customer, what if" };
    Ok(CustomerExplanation {
        row,
        rows: e.proba_test.len(),
        record: e.test_row_ids[row],
        bought: e.y_test[row] == 1,
        original: e.proba_test[row],
        waterfall: figures::waterfall(&waterfall(title, forest, &x, &one), style),
        contributions: contributions(forest, &x, &one),
        form: form(forest, &held.cols, row),
        proba: x.proba,
        base: x.base,
        changed,
        elapsed_ms: 0.0,
    })
}

/// A value typed into the what-if form for feature `feature`: empty or `missing` is a missing
/// value, unless it is one of the feature's labels.
fn parse_value(forest: &Forest, feature: usize, text: &str) -> Result<WhatIfValue, WorkerError> {
    let Some(spec) = forest.features.get(feature) else {
        let features = forest.features.len();
        return Err(
            crate::engine::explain::ExplainError::NoSuchFeatureIndex { feature, features }.into()
        );
    };
    let t = text.trim();
    let missing = t.is_empty() || t.eq_ignore_ascii_case("missing");
    match &spec.levels {
        Some(levels) if levels.iter().any(|l| l == t) => Ok(WhatIfValue::Label(t.to_string())),
        _ if missing => Ok(WhatIfValue::Missing),
        Some(_) => Ok(WhatIfValue::Label(t.to_string())),
        None => match t.parse::<f64>() {
            Ok(x) if x.is_finite() => Ok(WhatIfValue::Number(x)),
            _ => Err(WorkerError::WhatIfNumber { feature: spec.name.clone(), text: t.into() }),
        },
    }
}

/// (feature, value, contribution) of every feature, largest |contribution| first (ties in the
/// model's order).
fn contributions(
    forest: &Forest,
    x: &RowExplanation,
    one: &[FeatureValues],
) -> Vec<(String, String, f64)> {
    let mut order: Vec<usize> = (0..x.values.len()).collect();
    order.sort_by(|&a, &b| x.values[b].abs().total_cmp(&x.values[a].abs()).then(a.cmp(&b)));
    order
        .into_iter()
        .map(|f| (forest.features[f].name.clone(), value_text(&one[f], 0), x.values[f]))
        .collect()
}

/// The waterfall of `x`, each step labelled `feature = value`.
fn waterfall(title: &str, forest: &Forest, x: &RowExplanation, one: &[FeatureValues]) -> Waterfall {
    let labels: Vec<String> = (0..x.values.len())
        .map(|f| format!("{} = {}", forest.features[f].name, value_text(&one[f], 0)))
        .collect();
    Waterfall::new(title, x.base, &x.values, &labels, WATERFALL_STEPS)
}

/// The what-if form of held-out row `row`: its own values.
fn form(forest: &Forest, cols: &[FeatureValues], row: usize) -> Vec<WhatIfField> {
    forest
        .features
        .iter()
        .zip(cols)
        .map(|(spec, col)| WhatIfField {
            name: spec.name.clone(),
            value: value_text(col, row),
            levels: spec.levels.clone(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forest::{FeatureSpec, ForestParams};

    fn forest() -> Forest {
        Forest {
            features: vec![
                FeatureSpec { name: "age".into(), levels: None },
                FeatureSpec { name: "region".into(), levels: Some(vec!["missing".into()]) },
                FeatureSpec { name: "gender".into(), levels: Some(vec!["F".into(), "M".into()]) },
            ],
            trees: Vec::new(),
            importances: vec![0.0; 3],
            oob_score: None,
            params: ForestParams::new().check().unwrap(),
            n_train: 0,
            oob_proba: None,
        }
    }

    #[test]
    fn typed_values_are_read_by_the_features_kind() {
        let f = forest();
        assert_eq!(parse_value(&f, 0, " 42.5 ").unwrap(), WhatIfValue::Number(42.5));
        assert_eq!(parse_value(&f, 0, "").unwrap(), WhatIfValue::Missing);
        assert_eq!(parse_value(&f, 0, "Missing").unwrap(), WhatIfValue::Missing);
        assert_eq!(
            parse_value(&f, 0, "4O").unwrap_err(),
            WorkerError::WhatIfNumber { feature: "age".into(), text: "4O".into() }
        );
        assert!(parse_value(&f, 0, "inf").is_err(), "not a finite number");
        // A label spelled "missing" is that label; elsewhere "missing" is a missing value.
        assert_eq!(parse_value(&f, 1, "missing").unwrap(), WhatIfValue::Label("missing".into()));
        assert_eq!(parse_value(&f, 2, "missing").unwrap(), WhatIfValue::Missing);
        assert_eq!(parse_value(&f, 2, "M").unwrap(), WhatIfValue::Label("M".into()));
        assert_eq!(parse_value(&f, 2, "X").unwrap(), WhatIfValue::Label("X".into()), "unseen");
        assert!(matches!(parse_value(&f, 3, "1"), Err(WorkerError::Explain(_))));
    }
}

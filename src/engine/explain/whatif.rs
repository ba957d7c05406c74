//! The what-if form's customer: one row of aligned columns that the user edits value by value,
//! then explains with [`Explainer::explain_row`](super::Explainer::explain_row) (row 0).
//!
//! Values are set the way [`Forest::align`] would have read them: a label by its text (one the
//! model never saw becomes "unseen", routed like a missing value, exactly as prediction routes
//! it), a number as it is, and either may be missing.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::error::ExplainError;
use crate::engine::dataset::FeatureValues;
use crate::engine::forest::Forest;
use crate::engine::table::MISSING_CODE;

/// A value typed into the what-if form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum WhatIfValue {
    Number(f64),
    Label(String),
    Missing,
}

/// Row `r` of `cols` (columns aligned with the forest) as a one-row table.
pub fn one_row(cols: &[FeatureValues], r: usize) -> Result<Vec<FeatureValues>, ExplainError> {
    super::share::take_rows(cols, &[r])
}

/// Sets feature `feature` of the one-row table `row` (made by [`one_row`]) to `value`.
pub fn set_value(
    forest: &Forest,
    row: &mut [FeatureValues],
    feature: usize,
    value: &WhatIfValue,
) -> Result<(), ExplainError> {
    let features = forest.features.len();
    let spec = forest
        .features
        .get(feature)
        .ok_or(ExplainError::NoSuchFeatureIndex { feature, features })?;
    let kind = |v: &WhatIfValue| match v {
        WhatIfValue::Number(_) => "a number",
        WhatIfValue::Label(_) => "a label",
        WhatIfValue::Missing => "missing",
    };
    match (row.get_mut(feature), &spec.levels, value) {
        (Some(FeatureValues::Numeric(v)), None, WhatIfValue::Number(x)) => Arc::make_mut(v)[0] = *x,
        (Some(FeatureValues::Numeric(v)), None, WhatIfValue::Missing) => {
            Arc::make_mut(v)[0] = f64::NAN
        }
        (Some(FeatureValues::Categorical { codes, .. }), Some(levels), value) => {
            Arc::make_mut(codes)[0] = match value {
                WhatIfValue::Label(text) => {
                    levels.iter().position(|l| l == text).unwrap_or(levels.len()) as u32
                }
                WhatIfValue::Missing => MISSING_CODE,
                WhatIfValue::Number(_) => {
                    return Err(ExplainError::ValueKind {
                        name: spec.name.clone(),
                        expected: "categorical",
                        found: kind(value),
                    })
                }
            }
        }
        (None, ..) => return Err(ExplainError::Columns { expected: features, found: row.len() }),
        (_, levels, value) => {
            return Err(ExplainError::ValueKind {
                name: spec.name.clone(),
                expected: if levels.is_some() { "categorical" } else { "numeric" },
                found: kind(value),
            })
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::explain::hand_tests::{forest, numeric, tree, L};
    use crate::engine::explain::Explainer;
    use crate::engine::forest::FeatureSpec;

    /// x ≤ 0.5 → 0.2 | 0.7 (missing left); label a → 0.1 | others, missing, unseen → 0.9.
    fn model() -> Forest {
        let mut stump =
            tree(&[(0, 0.5, 1, 2, 0.0, 10.0), (0, 0.0, L, L, 0.2, 5.0), (0, 0.0, L, L, 0.7, 5.0)]);
        stump.missing_left[0] = true;
        let mut labels =
            tree(&[(1, 2.0, 1, 2, 0.0, 10.0), (0, 0.0, L, L, 0.1, 5.0), (0, 0.0, L, L, 0.9, 5.0)]);
        labels.left_set = vec![vec![0], vec![], vec![]].into();
        let c = FeatureSpec { name: "c".into(), levels: Some(vec!["a".into(), "b".into()]) };
        forest(vec![numeric("x"), c], vec![stump, labels])
    }

    #[test]
    fn edits_change_the_probability_as_prediction_would() {
        let f = model();
        let shap = Explainer::new(&f).unwrap();
        let cols = vec![
            FeatureValues::Numeric(vec![0.0, 1.0].into()),
            FeatureValues::Categorical {
                codes: vec![0, 1].into(),
                levels: vec!["a".into(), "b".into()],
            },
        ];
        let mut row = one_row(&cols, 1).unwrap();
        let proba = |row: &[FeatureValues]| {
            let e = shap.explain_row(row, 0, Some(1)).unwrap();
            assert!((e.base + e.values.iter().sum::<f64>() - e.proba).abs() < 1e-12);
            e.proba
        };
        // Row 1: x = 1 → 0.7, label b → 0.9: (0.7 + 0.9)/2.
        assert!((proba(&row) - 0.8).abs() < 1e-12);
        let steps = [
            (0, WhatIfValue::Number(0.0), (0.2 + 0.9) / 2.0),
            (1, WhatIfValue::Label("a".into()), (0.2 + 0.1) / 2.0),
            (1, WhatIfValue::Label("zzz".into()), (0.2 + 0.9) / 2.0),
            (1, WhatIfValue::Missing, (0.2 + 0.9) / 2.0),
            (0, WhatIfValue::Number(3.0), (0.7 + 0.9) / 2.0),
            (0, WhatIfValue::Missing, (0.2 + 0.9) / 2.0),
        ];
        for (feature, value, want) in steps {
            set_value(&f, &mut row, feature, &value).unwrap();
            assert!((proba(&row) - want).abs() < 1e-12, "{value:?}");
            assert_eq!(proba(&row), f.predict_aligned(&row, &[0])[0], "as prediction scores it");
        }
    }

    #[test]
    fn wrong_kinds_and_places_are_refused() {
        let f = model();
        let cols = vec![
            FeatureValues::Numeric(vec![0.0].into()),
            FeatureValues::Categorical {
                codes: vec![0].into(),
                levels: vec!["a".into(), "b".into()],
            },
        ];
        assert_eq!(one_row(&cols, 1).unwrap_err(), ExplainError::NoSuchRow { row: 1, rows: 1 });
        let mut row = one_row(&cols, 0).unwrap();
        assert_eq!(
            set_value(&f, &mut row, 1, &WhatIfValue::Number(1.0)).unwrap_err(),
            ExplainError::ValueKind {
                name: "c".into(),
                expected: "categorical",
                found: "a number"
            }
        );
        assert_eq!(
            set_value(&f, &mut row, 0, &WhatIfValue::Label("a".into())).unwrap_err(),
            ExplainError::ValueKind { name: "x".into(), expected: "numeric", found: "a label" }
        );
        assert_eq!(
            set_value(&f, &mut row, 2, &WhatIfValue::Missing).unwrap_err(),
            ExplainError::NoSuchFeatureIndex { feature: 2, features: 2 }
        );
    }
}

//! A modelling dataset: the feature columns and the 0/1 target taken from a cleaned table.
//!
//! Features are the columns whose role is "feature" (see [`crate::engine::ingest::roles`]): never
//! the target, row numbers, ids, constants, dates, free text or a column the user drops or sets
//! to id/ignore — unless the user sets it to feature (or lists exactly the features to use).
//! Numeric and boolean columns are numeric features; categorical columns are categorical
//! features (codes into their labels, no one-hot).

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::ingest::{effective_roles, Role, RoleOverride};
use crate::engine::table::{ColumnData, Table};
use crate::engine::target::{binary_target, TargetError};

/// Which column is the target, which label is positive, and which columns to use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TargetSpec {
    pub target: String,
    pub positive: Option<String>,
    /// Columns never used as features.
    pub drop: Vec<String>,
    /// Use exactly these features (None: every column whose role is feature).
    pub features: Option<Vec<String>>,
}

impl TargetSpec {
    /// The spec of `target` with the user's role `overrides` (over the roles inferred from
    /// `table`, see [`effective_roles`]): columns set to id or ignore are dropped; when a column
    /// the inference leaves out is set to feature, the features are listed exactly.
    pub fn with_roles(
        table: &Table,
        target: &str,
        positive: Option<&str>,
        overrides: &[RoleOverride],
    ) -> TargetSpec {
        let roles = effective_roles(table, Some(target), overrides, &[]);
        let inferred = effective_roles(table, Some(target), &[], &[]);
        let forced = roles.iter().zip(&inferred).any(|(r, i)| {
            r.role == Role::Feature && i.role != Role::Feature && i.role != Role::Target
        });
        let named = |role: fn(Role) -> bool| -> Vec<String> {
            roles.iter().filter(|r| role(r.role)).map(|r| r.column.clone()).collect()
        };
        TargetSpec {
            target: target.to_string(),
            positive: positive.map(str::to_string),
            drop: if forced { Vec::new() } else { named(|r| matches!(r, Role::Id | Role::Ignore)) },
            features: forced.then(|| named(|r| r == Role::Feature)),
        }
    }
}

/// Values of one feature: the table column's cells, shared with it (no copy).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeatureValues {
    /// Missing is NaN.
    Numeric(Arc<Vec<f64>>),
    /// Codes into `levels`; missing is `MISSING_CODE`.
    Categorical { codes: Arc<Vec<u32>>, levels: Vec<String> },
}

/// One named feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Feature {
    pub name: String,
    pub values: FeatureValues,
}

/// Features and target of the rows that have a target value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dataset {
    pub features: Vec<Feature>,
    /// 1 = positive label.
    pub y: Vec<u8>,
    /// `[negative, positive]` label text.
    pub labels: [String; 2],
    /// 0-based record index in the source file of each row.
    pub row_ids: Vec<usize>,
    pub target: String,
}

/// Why a dataset could not be built.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum DatasetError {
    #[error(transparent)]
    Target(#[from] TargetError),
    #[error("line {line}: the target \"{column}\" is missing; clean the data (drop rows missing the target) first")]
    MissingTarget { column: String, line: usize },
    #[error("no column \"{name}\" to {action}; the columns are: {available}")]
    UnknownColumn { name: String, action: &'static str, available: String },
    #[error(
        "no feature columns left to learn from (row numbers, ids, constants, dates, free text and the target are never features; set a column's role to feature to use it)"
    )]
    NoFeatures,
}

impl Dataset {
    /// Builds the dataset; every row must have a target value.
    pub fn from_table(table: &Table, spec: &TargetSpec) -> Result<Dataset, DatasetError> {
        let target = binary_target(table, &spec.target, spec.positive.as_deref())?;
        if let Some(r) = target.y.iter().position(|y| y.is_none()) {
            return Err(DatasetError::MissingTarget {
                column: target.column,
                line: table.row_ids[r] + 2,
            });
        }
        let available =
            || table.columns.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ");
        for name in spec.drop.iter().chain(spec.features.iter().flatten()) {
            if table.index_of(name).is_none() {
                return Err(DatasetError::UnknownColumn {
                    name: name.clone(),
                    action: "use or drop",
                    available: available(),
                });
            }
        }
        let chosen: Vec<bool> = match &spec.features {
            Some(list) => table
                .columns
                .iter()
                .map(|c| list.iter().any(|f| f.eq_ignore_ascii_case(&c.name)))
                .collect(),
            None => effective_roles(table, Some(&target.column), &[], &spec.drop)
                .iter()
                .map(|r| r.role == Role::Feature)
                .collect(),
        };
        let features: Vec<Feature> = table
            .columns
            .iter()
            .zip(chosen)
            .filter(|(c, chosen)| *chosen && c.name != target.column)
            .map(|(c, _)| Feature {
                name: c.name.clone(),
                values: match &c.data {
                    ColumnData::Numeric(v) => FeatureValues::Numeric(v.clone()),
                    ColumnData::Categorical { codes, levels } => {
                        FeatureValues::Categorical { codes: codes.clone(), levels: levels.clone() }
                    }
                },
            })
            .collect();
        if features.is_empty() {
            return Err(DatasetError::NoFeatures);
        }
        Ok(Dataset {
            features,
            y: target.y.iter().map(|y| y.unwrap_or(0)).collect(),
            labels: target.labels,
            row_ids: table.row_ids.clone(),
            target: target.column,
        })
    }

    /// Number of rows.
    pub fn n_rows(&self) -> usize {
        self.y.len()
    }

    /// Feature names in order.
    pub fn feature_names(&self) -> Vec<String> {
        self.features.iter().map(|f| f.name.clone()).collect()
    }

    /// The two labels in scikit-learn's order (numbers numerically, else text), as class ids
    /// (0 = negative, 1 = positive).
    pub fn sklearn_label_order(&self) -> [u8; 2] {
        let [neg, pos] = &self.labels;
        let neg_first = match (neg.parse::<f64>(), pos.parse::<f64>()) {
            (Ok(a), Ok(b)) => a <= b,
            _ => neg <= pos,
        };
        if neg_first {
            [0, 1]
        } else {
            [1, 0]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ingest::{ingest, IngestOptions};

    fn t(text: &str) -> Table {
        ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
    }

    #[test]
    fn features_skip_ids_and_target() {
        let d = Dataset::from_table(
            &t("id,g,age,P\n1,M,20,0\n2,F,30,1\n"),
            &TargetSpec { target: "P".into(), ..Default::default() },
        )
        .unwrap();
        assert_eq!(d.feature_names(), vec!["g", "age"]);
        assert_eq!(d.y, vec![0, 1]);
        let spec = TargetSpec { target: "P".into(), drop: vec!["g".into()], ..Default::default() };
        assert_eq!(
            Dataset::from_table(&t("id,g,age,P\n1,M,20,0\n2,F,30,1\n"), &spec)
                .unwrap()
                .feature_names(),
            vec!["age"]
        );
    }

    /// 30 rows: R's row numbers, a constant, a date, a feature and the target.
    fn exported() -> Table {
        let mut s = String::from("rownames,country,day,age,P\n");
        for i in 0..30 {
            s += &format!("{},NO,2024-03-{:02},{},{}\n", i + 1, 1 + i % 28, 20 + i % 9, i % 2);
        }
        t(&s)
    }

    #[test]
    fn inferred_roles_keep_row_numbers_constants_and_dates_out() {
        let table = exported();
        let spec = TargetSpec { target: "P".into(), ..Default::default() };
        assert_eq!(Dataset::from_table(&table, &spec).unwrap().feature_names(), vec!["age"]);
        // The user's roles: row numbers set to feature are used, age set to ignore is not.
        let overrides = [
            RoleOverride { column: "ROWNAMES".into(), role: Role::Feature },
            RoleOverride { column: "age".into(), role: Role::Ignore },
        ];
        let spec = TargetSpec::with_roles(&table, "P", None, &overrides);
        assert_eq!(spec.features, Some(vec!["rownames".to_string()]));
        assert_eq!(Dataset::from_table(&table, &spec).unwrap().feature_names(), vec!["rownames"]);
        // Without a forced feature, the overrides become the drop list.
        let spec = TargetSpec::with_roles(&table, "P", Some("1"), &overrides[1..]);
        assert_eq!((spec.features.clone(), spec.positive.as_deref()), (None, Some("1")));
        assert_eq!(Dataset::from_table(&table, &spec).unwrap_err(), DatasetError::NoFeatures);
    }

    #[test]
    fn errors_name_lines_and_columns() {
        let spec = TargetSpec { target: "P".into(), ..Default::default() };
        assert_eq!(
            Dataset::from_table(&t("a,P\n1,0\n2,\n3,1\n"), &spec).unwrap_err(),
            DatasetError::MissingTarget { column: "P".into(), line: 3 }
        );
        let spec =
            TargetSpec { target: "P".into(), drop: vec!["zzz".into()], ..Default::default() };
        assert!(matches!(
            Dataset::from_table(&t("a,P\n1,0\n2,1\n"), &spec),
            Err(DatasetError::UnknownColumn { .. })
        ));
        let spec = TargetSpec { target: "P".into(), ..Default::default() };
        assert_eq!(
            Dataset::from_table(&t("id,P\n1,0\n2,1\n"), &spec).unwrap_err(),
            DatasetError::NoFeatures
        );
    }

    #[test]
    fn sklearn_orders_labels() {
        let spec = |p: &str| TargetSpec {
            target: "P".into(),
            positive: Some(p.into()),
            ..Default::default()
        };
        let d = Dataset::from_table(&t("a,P\n1,CH\n2,MM\n"), &spec("CH")).unwrap();
        assert_eq!(d.labels, ["MM".to_string(), "CH".to_string()]);
        assert_eq!(d.sklearn_label_order(), [1, 0]);
    }
}

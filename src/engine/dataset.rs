//! A modelling dataset: the feature columns and the 0/1 target taken from a cleaned table.
//!
//! Features are every column except the target, id and free-text columns and any the user
//! drops (or exactly the ones the user lists). Numeric and boolean columns are numeric features;
//! categorical columns are categorical features (codes into their labels, no one-hot).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::engine::table::{ColumnData, Kind, Table};
use crate::engine::target::{binary_target, TargetError};

/// Which column is the target, which label is positive, and which columns to use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TargetSpec {
    pub target: String,
    pub positive: Option<String>,
    /// Columns never used as features.
    pub drop: Vec<String>,
    /// Use exactly these features (None: every eligible column).
    pub features: Option<Vec<String>>,
}

/// Values of one feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FeatureValues {
    /// Missing is NaN.
    Numeric(Vec<f64>),
    /// Codes into `levels`; missing is `MISSING_CODE`.
    Categorical { codes: Vec<u32>, levels: Vec<String> },
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
        "no feature columns left to learn from (ids, free text and the target are never features)"
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
        let chosen = |name: &str, kind: Kind| match &spec.features {
            Some(list) => list.iter().any(|f| f.eq_ignore_ascii_case(name)),
            None => {
                !matches!(kind, Kind::Id | Kind::Text)
                    && !spec.drop.iter().any(|d| d.eq_ignore_ascii_case(name))
            }
        };
        let features: Vec<Feature> = table
            .columns
            .iter()
            .filter(|c| c.name != target.column && chosen(&c.name, c.kind))
            .map(|c| Feature {
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

//! Decision surface: the forest's P(bought) over a grid of two numeric features, with every other
//! feature held at its median (numeric) or most frequent label (categorical).

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::engine::dataset::{Dataset, Feature, FeatureValues};
use crate::engine::forest::{AlignError, Forest};
use crate::engine::rng;
use crate::engine::stats::{quantile_sorted, sorted_present};
use crate::engine::table::MISSING_CODE;

/// Probabilities on a `xs.len() × ys.len()` grid and a sample of real rows to overlay.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Surface {
    pub x_name: String,
    pub y_name: String,
    pub xs: Vec<f64>,
    pub ys: Vec<f64>,
    /// `proba[j][i]` at (xs[i], ys[j]).
    pub proba: Vec<Vec<f64>>,
    /// (x, y, class) of up to 1,000 rows.
    pub points: Vec<(f64, f64, u8)>,
}

/// Why a decision surface cannot be drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SurfaceError {
    #[error("\"{0}\" is not numeric; a decision surface needs two numeric features")]
    NotNumeric(String),
    #[error("\"{0}\" is not a feature of the model")]
    NotAFeature(String),
    #[error(transparent)]
    Align(#[from] AlignError),
}

fn numeric<'a>(data: &'a Dataset, name: &str) -> Result<&'a [f64], SurfaceError> {
    match data.features.iter().find(|f| f.name == name).map(|f| &f.values) {
        Some(FeatureValues::Numeric(v)) => Ok(v),
        Some(_) => Err(SurfaceError::NotNumeric(name.into())),
        None => Err(SurfaceError::NotAFeature(name.into())),
    }
}

/// The surface of `forest` over features `x` and `y` of `data`.
pub fn decision_surface(
    forest: &Forest,
    data: &Dataset,
    x: &str,
    y: &str,
    resolution: usize,
) -> Result<Surface, SurfaceError> {
    let (xv, yv) = (numeric(data, x)?, numeric(data, y)?);
    let res = resolution.clamp(5, 80);
    let axis = |v: &[f64]| {
        let s = sorted_present(v);
        let (lo, hi) = (quantile_sorted(&s, 0.0), quantile_sorted(&s, 1.0));
        (0..res).map(|i| lo + (hi - lo) * i as f64 / (res - 1) as f64).collect::<Vec<f64>>()
    };
    let (xs, ys) = (axis(xv), axis(yv));
    let cells = res * res;
    let features = data
        .features
        .iter()
        .map(|f| {
            let values = if f.name == x {
                FeatureValues::Numeric(Arc::new((0..cells).map(|k| xs[k % res]).collect()))
            } else if f.name == y {
                FeatureValues::Numeric(Arc::new((0..cells).map(|k| ys[k / res]).collect()))
            } else {
                match &f.values {
                    FeatureValues::Numeric(v) => FeatureValues::Numeric(Arc::new(vec![
                            quantile_sorted(&sorted_present(v), 0.5);
                            cells
                        ])),
                    FeatureValues::Categorical { codes, levels } => {
                        let mut counts = vec![0usize; levels.len()];
                        codes
                            .iter()
                            .filter(|&&c| c != MISSING_CODE)
                            .for_each(|&c| counts[c as usize] += 1);
                        let mode = (0..levels.len())
                            .max_by_key(|&l| (counts[l], std::cmp::Reverse(l)))
                            .map_or(MISSING_CODE, |l| l as u32);
                        FeatureValues::Categorical {
                            codes: Arc::new(vec![mode; cells]),
                            levels: levels.clone(),
                        }
                    }
                }
            };
            Feature { name: f.name.clone(), values }
        })
        .collect();
    let grid = Dataset {
        features,
        y: vec![0; cells],
        labels: data.labels.clone(),
        row_ids: (0..cells).collect(),
        target: data.target.clone(),
    };
    let flat = forest.predict_proba(&grid)?;
    let proba = flat.chunks(res).map(|c| c.to_vec()).collect();
    let mut rows: Vec<usize> =
        (0..data.n_rows()).filter(|&r| !xv[r].is_nan() && !yv[r].is_nan()).collect();
    rng::shuffle(&mut rng::rng(7), &mut rows);
    rows.truncate(1000);
    let points = rows.iter().map(|&r| (xv[r], yv[r], data.y[r])).collect();
    Ok(Surface { x_name: x.into(), y_name: y.into(), xs, ys, proba, points })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::dataset::TargetSpec;
    use crate::engine::forest::ForestParams;
    use crate::engine::ingest::{ingest, IngestOptions};

    #[test]
    fn older_and_richer_buy_more() {
        let t = ingest(
            include_bytes!("../../public/social_network_ads.csv"),
            &IngestOptions::default(),
        )
        .unwrap()
        .table;
        let d = Dataset::from_table(
            &t,
            &TargetSpec { target: "Purchased".into(), ..Default::default() },
        )
        .unwrap();
        let rows: Vec<usize> = (0..d.n_rows()).collect();
        let f = ForestParams::new()
            .n_estimators(30)
            .check()
            .unwrap()
            .fit(&d, &rows, &mut |_| true)
            .unwrap();
        let s = decision_surface(&f, &d, "Age", "EstimatedSalary", 20).unwrap();
        assert_eq!((s.xs.len(), s.ys.len(), s.proba.len(), s.proba[0].len()), (20, 20, 20, 20));
        // Young and poor (corner 0,0) buy less than old and rich (corner 19,19).
        assert!(
            s.proba[0][0] < 0.3 && s.proba[19][19] > 0.7,
            "{} {}",
            s.proba[0][0],
            s.proba[19][19]
        );
        assert!(decision_surface(&f, &d, "Gender", "Age", 20).is_err());
    }
}

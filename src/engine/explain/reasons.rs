//! A row's reasons in words: its largest contributions as `age=58 (+0.12)`, for scored batches
//! (`predict --reasons`), the report and the page.
//!
//! Values are written from the batch's own columns (before alignment with the model), so a
//! label unseen in training shows as itself, and a missing value as `missing`.

use serde::{Deserialize, Serialize};

use crate::engine::dataset::FeatureValues;
use crate::engine::table::{format_number, MISSING_CODE};

/// One reason: a feature and how much it moved the probability.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Reason {
    /// Index in the model's features.
    pub feature: usize,
    pub contribution: f64,
}

/// The `k` largest |contributions| among `values` (ties in feature order), leaving out zeros.
pub fn top_reasons(values: &[f64], k: usize) -> Vec<Reason> {
    let mut order: Vec<usize> = (0..values.len()).filter(|&f| values[f] != 0.0).collect();
    order.sort_by(|&a, &b| values[b].abs().total_cmp(&values[a].abs()).then(a.cmp(&b)));
    order.into_iter().take(k).map(|f| Reason { feature: f, contribution: values[f] }).collect()
}

/// The value of row `r` of `col` as text: the number, the label, or `missing`.
pub fn value_text(col: &FeatureValues, r: usize) -> String {
    match col {
        FeatureValues::Numeric(v) if v[r].is_nan() => "missing".into(),
        FeatureValues::Numeric(v) => format_number(v[r]),
        FeatureValues::Categorical { codes, levels } => match codes[r] {
            MISSING_CODE => "missing".into(),
            c => levels.get(c as usize).cloned().unwrap_or_else(|| "unseen".into()),
        },
    }
}

/// `name=value (+0.12)`: the contribution with a sign and two decimals, or in scientific
/// notation when two decimals would show 0.00.
pub fn reason_text(name: &str, value: &str, contribution: f64) -> String {
    let c = if contribution.abs() >= 0.005 {
        format!("{contribution:+.2}")
    } else {
        format!("{contribution:+.1e}")
    };
    format!("{name}={value} ({c})")
}

/// A row's `k` reasons in words; `names` are the model's features and `cols` the batch's own
/// columns in the same order.
pub fn reasons_text(
    values: &[f64],
    k: usize,
    names: &[String],
    cols: &[FeatureValues],
    r: usize,
) -> Vec<String> {
    top_reasons(values, k)
        .into_iter()
        .map(|x| reason_text(&names[x.feature], &value_text(&cols[x.feature], r), x.contribution))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_first_by_size_with_signs() {
        let r = top_reasons(&[0.02, -0.3, 0.0, 0.3, 0.1], 3);
        // |−0.3| ties with 0.3: feature order breaks it; zeros never count.
        assert_eq!(r.iter().map(|x| x.feature).collect::<Vec<_>>(), [1, 3, 4]);
        assert_eq!(top_reasons(&[0.0, 0.0], 2), []);
        assert_eq!(top_reasons(&[0.1], 5).len(), 1);
    }

    #[test]
    fn texts_show_values_labels_missing_and_signs() {
        assert_eq!(reason_text("age", "58", 0.1234), "age=58 (+0.12)");
        assert_eq!(reason_text("region", "West", -0.05), "region=West (-0.05)");
        assert_eq!(reason_text("visits", "3", 0.0004), "visits=3 (+4.0e-4)");
        let num = FeatureValues::Numeric(vec![58.0, f64::NAN, 1.5].into());
        assert_eq!(
            (value_text(&num, 0), value_text(&num, 1), value_text(&num, 2)),
            ("58".into(), "missing".into(), "1.5".into())
        );
        let cat = FeatureValues::Categorical {
            codes: vec![1, MISSING_CODE].into(),
            levels: vec!["a".into(), "Mars".into()],
        };
        assert_eq!((value_text(&cat, 0), value_text(&cat, 1)), ("Mars".into(), "missing".into()));
        let names = vec!["age".to_string(), "region".into()];
        let cols = [num, cat];
        assert_eq!(
            reasons_text(&[0.2, -0.3], 2, &names, &cols, 0),
            ["region=Mars (-0.30)", "age=58 (+0.20)"]
        );
    }
}

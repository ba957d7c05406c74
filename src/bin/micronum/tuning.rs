//! What `train` adds to the forest's numbers (and `report`, which trains the same way):
//! `--min-samples-leaf auto` — the flag's value and the out-of-bag table — and the
//! logistic-regression baseline with the forest's margin over it, printed and as metrics JSON.

use std::fmt;
use std::str::FromStr;

use micronum::engine::baseline::BaselineReport;
use micronum::engine::forest::{MaxFeatures, Tuning};
use serde_json::json;

/// `--min-samples-leaf`: `auto` (chosen by out-of-bag score) or a number (scikit-learn's meaning).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leaf {
    Auto,
    Fixed(usize),
}

impl FromStr for Leaf {
    type Err = String;
    fn from_str(s: &str) -> Result<Leaf, String> {
        match s.trim() {
            "auto" => Ok(Leaf::Auto),
            t => t
                .parse::<usize>()
                .map(Leaf::Fixed)
                .map_err(|_| format!("expected auto or a whole number, got {t:?}")),
        }
    }
}

impl fmt::Display for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Leaf::Auto => f.write_str("auto"),
            Leaf::Fixed(n) => write!(f, "{n}"),
        }
    }
}

/// `max_features` as scikit-learn writes it.
pub fn max_features_text(m: MaxFeatures) -> String {
    match m {
        MaxFeatures::Sqrt => "sqrt".into(),
        MaxFeatures::Log2 => "log2".into(),
        MaxFeatures::All => "all".into(),
        MaxFeatures::Count(k) => k.to_string(),
        MaxFeatures::Fraction(x) => x.to_string(),
    }
}

/// The out-of-bag table, one line per candidate, the chosen one marked.
pub fn print_tuning(t: &Tuning, seconds: f64) {
    let trees = t.scores.first().map_or(0, |s| s.trees);
    println!(
        "min_samples_leaf = auto: {} settings × {trees} trees, scored on their out-of-bag rows ({seconds:.2} s)",
        t.scores.len()
    );
    println!("  min_samples_leaf  max_features  OOB Brier (forest)  OOB accuracy  OOB log loss");
    for s in &t.scores {
        let mark = if s.candidate == t.chosen { "  ← chosen" } else { "" };
        println!(
            "  {:>16}  {:>12}  {:>18.5}  {:>12.4}  {:>12.4}{mark}",
            s.candidate.min_samples_leaf,
            max_features_text(s.candidate.max_features),
            s.brier,
            s.accuracy,
            s.log_loss
        );
    }
    println!(
        "  (Brier: the mean squared error of out-of-bag probabilities, estimated for a forest of many trees; lowest wins)\n"
    );
}

/// The tuning as the metrics JSON writes it.
pub fn tuning_json(t: &Tuning, seconds: f64) -> serde_json::Value {
    json!({
        "criterion": "out-of-bag Brier score of the forest (estimated without the few-tree bias)",
        "chosen": {
            "min_samples_leaf": t.chosen.min_samples_leaf,
            "max_features": max_features_text(t.chosen.max_features),
        },
        "candidates": t.scores.iter().map(|s| json!({
            "min_samples_leaf": s.candidate.min_samples_leaf,
            "max_features": max_features_text(s.candidate.max_features),
            "trees": s.trees,
            "oob_rows": s.oob_rows,
            "oob_brier": s.brier,
            "oob_accuracy": s.accuracy,
            "oob_log_loss": s.log_loss,
        })).collect::<Vec<_>>(),
        "seconds": seconds,
    })
}

/// The baseline's scores and the forest's margin, in words.
pub fn print_baseline(b: &BaselineReport) {
    let m = &b.metrics;
    println!(
        "\nBaseline: logistic regression (L2, C = {}; one-hot categories, standardized numbers, missing indicators), same split:{}",
        b.c,
        b.sample_note()
    );
    println!(
        "  accuracy {:.4}  roc_auc {:.4}  f1 {:.4}",
        m.accuracy,
        m.roc_auc.unwrap_or(f64::NAN),
        m.f1
    );
    let c = &b.forest_minus_baseline;
    println!("  forest − baseline, accuracy: {}", c.accuracy.text(100.0, " points"));
    if let Some(auc) = &c.roc_auc {
        println!("  forest − baseline, roc_auc:  {}", auc.text(1.0, ""));
    }
    println!(
        "  (95 % intervals from {} paired bootstrap resamples of the test rows, seed {})",
        c.accuracy.resamples, c.seed
    );
}

/// The baseline as the metrics JSON writes it.
pub fn baseline_json(b: &BaselineReport) -> serde_json::Value {
    let m = &b.metrics;
    json!({
        "model": format!("logistic regression (L2, C = {}; one-hot categories, standardized numbers, missing indicators)", b.c),
        "accuracy": m.accuracy,
        "precision": m.precision,
        "recall": m.recall,
        "f1": m.f1,
        "roc_auc": m.roc_auc,
        "log_loss": m.log_loss,
        "forest_minus_baseline": b.forest_minus_baseline,
        "iterations": b.iterations,
        "coefficients": b.coefficients.iter().map(|(n, c)| json!({ "column": n, "coefficient": c })).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaf_reads_auto_or_a_number() {
        assert_eq!("auto".parse::<Leaf>(), Ok(Leaf::Auto));
        assert_eq!(" 20".parse::<Leaf>(), Ok(Leaf::Fixed(20)));
        assert!("big".parse::<Leaf>().is_err());
        assert_eq!(Leaf::Fixed(5).to_string(), "5");
    }
}

//! scikit-learn's `classification_report` text, byte for byte.

use super::{confusion, per_class};

/// The report for a binary problem. `names[k]` is the label of class k (0 = negative);
/// `order` lists the classes in display order (scikit-learn sorts the labels).
pub fn classification_report(
    y_true: &[u8],
    y_pred: &[u8],
    names: [&str; 2],
    order: [u8; 2],
    digits: usize,
) -> String {
    let c = confusion(y_true, y_pred);
    let rows = per_class(&c);
    let heading = "weighted avg";
    let width =
        names.iter().map(|n| n.chars().count()).max().unwrap_or(0).max(heading.len()).max(digits);
    let total: u64 = rows.iter().map(|r| r.3).sum();
    let mut out = format!("{:>width$} ", "");
    for h in ["precision", "recall", "f1-score", "support"] {
        out += &format!(" {h:>9}");
    }
    out += "\n\n";
    let line = |name: &str, p: f64, r: f64, f: f64, s: u64| {
        format!("{name:>width$}  {p:>9.digits$} {r:>9.digits$} {f:>9.digits$} {s:>9}\n")
    };
    for &k in &order {
        let (p, r, f, s) = rows[k as usize];
        out += &line(names[k as usize], p, r, f, s);
    }
    out += "\n";
    let n = y_true.len().max(1) as f64;
    let accuracy = (c[0][0] + c[1][1]) as f64 / n;
    out +=
        &format!("{:>width$}  {:>9} {:>9} {accuracy:>9.digits$} {total:>9}\n", "accuracy", "", "");
    let macro_avg = |i: usize| rows.iter().map(|r| pick(r, i)).sum::<f64>() / 2.0;
    out += &line("macro avg", macro_avg(0), macro_avg(1), macro_avg(2), total);
    let weighted = |i: usize| {
        if total == 0 {
            0.0
        } else {
            rows.iter().map(|r| pick(r, i) * r.3 as f64).sum::<f64>() / total as f64
        }
    };
    out += &line(heading, weighted(0), weighted(1), weighted(2), total);
    out
}

fn pick(r: &(f64, f64, f64, u64), i: usize) -> f64 {
    match i {
        0 => r.0,
        1 => r.1,
        _ => r.2,
    }
}

//! The model section: parameters (scikit-learn names), what was evaluated on which rows, every
//! metric, the confusion matrix, the classification report as text, curves and importances.

use serde_json::Value;

use super::figures;
use super::findings::majority;
use super::html::{esc, facts, num, opt, para, pct, section, table};
use super::input::{EvalScope, ModelInput};
use crate::engine::evaluate::Evaluation;
use crate::engine::forest::ValidForestParams;

/// The `report-model` section.
pub fn model_section(m: &ModelInput) -> String {
    let e = m.evaluation;
    let mut body = para(&scope_text(m));
    if !m.warnings.is_empty() {
        let items: String = m.warnings.iter().map(|w| format!("<li>{}</li>", esc(w))).collect();
        body += &format!("<h3>Notes from scoring</h3><ul>{items}</ul>");
    }
    body += "<h3>Parameters</h3>";
    body += &params_table(m.params);
    body += "<h3>Metrics</h3>";
    body += &metrics_facts(e);
    if let Some(cv) = m.cv {
        body += &para(&format!(
            "{}-fold stratified cross-validation: accuracy {} ± {} (mean ± SD), F1 {}, ROC AUC {}.",
            cv.k,
            num(cv.mean_accuracy, 4),
            num(cv.sd_accuracy, 4),
            num(cv.mean_f1, 4),
            num(cv.mean_roc_auc, 4)
        ));
    }
    body += "<h3>Confusion matrix</h3>";
    body += &confusion_table(e);
    body += "<h3>Classification report</h3>";
    body += &format!(
        "<pre data-testid=\"classification-report\">{}</pre>",
        esc(&e.classification_report)
    );
    body += "<div class=\"charts\">";
    body += &figures::roc(e);
    body += &figures::pr(e);
    body += "</div>";
    body += "<h3>Feature importance</h3>";
    body += &importance_table(e);
    body += &figures::importance(e);
    section("report-model", "Model", &body)
}

/// Which rows were used to train and to evaluate.
fn scope_text(m: &ModelInput) -> String {
    let e = m.evaluation;
    let shape = format!(
        "{} trees, mean depth {:.1}, mean {:.1} leaves",
        m.params.n_estimators(),
        e.mean_depth,
        e.mean_leaves
    );
    match m.scope {
        EvalScope::HeldOut => format!(
            "Random forest ({shape}) trained on {} rows and evaluated on {} held-out rows \
             (stratified split) at threshold {}.",
            e.n_train, e.n_test, e.threshold
        ),
        EvalScope::SavedModel { created, trained_rows } => format!(
            "Saved random forest ({shape}), trained on {trained_rows} rows ({created}), evaluated \
             on all {} labelled rows of this file at threshold {}.",
            e.n_test, e.threshold
        ),
    }
}

/// The parameters as scikit-learn names them (`n_threads` is left out: it never changes a model).
fn params_table(p: &ValidForestParams) -> String {
    let value = serde_json::to_value(p).unwrap_or(Value::Null);
    let rows: Vec<Vec<String>> = match value {
        Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "n_threads")
            .map(|(k, v)| vec![esc(k), esc(&param_text(v))])
            .collect(),
        _ => Vec::new(),
    };
    table("params", "", &["Parameter", "Value"], &rows)
}

/// A parameter value as scikit-learn prints it (`None`, `True`, `sqrt`, `0.5`).
fn param_text(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::Bool(b) => if *b { "True" } else { "False" }.into(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Object(map) if map.len() == 1 => map.values().map(param_text).collect(),
        other => other.to_string(),
    }
}

fn metrics_facts(e: &Evaluation) -> String {
    let m = &e.metrics;
    facts(&[
        ("Accuracy", num(m.accuracy, 4)),
        ("Majority baseline (same rows)", num(majority(e).1, 4)),
        ("Precision", num(m.precision, 4)),
        ("Recall", num(m.recall, 4)),
        ("F1", num(m.f1, 4)),
        ("Balanced accuracy", num(m.balanced_accuracy, 4)),
        ("MCC", num(m.mcc, 4)),
        ("ROC AUC", opt(m.roc_auc, 4)),
        ("Average precision", opt(m.average_precision, 4)),
        ("Log loss", opt(m.log_loss, 4)),
        ("Brier score", opt(m.brier, 4)),
        ("OOB accuracy", opt(e.oob_score, 4)),
        ("Rows evaluated", m.n.to_string()),
        ("Positives evaluated", m.positives.to_string()),
    ])
}

fn confusion_table(e: &Evaluation) -> String {
    let [[tn, fp], [fn_, tp]] = e.metrics.confusion_matrix;
    let [neg, pos] = [esc(&e.labels[0]), esc(&e.labels[1])];
    let rows = vec![
        vec![format!("true {neg}"), tn.to_string(), fp.to_string()],
        vec![format!("true {pos}"), fn_.to_string(), tp.to_string()],
    ];
    let header = ["", &format!("predicted {neg}"), &format!("predicted {pos}")];
    table("confusion", "Rows: true class; columns: predicted class.", &header, &rows)
}

fn importance_table(e: &Evaluation) -> String {
    let total: f64 = e.importance.iter().map(|i| i.impurity).sum();
    let mut sorted: Vec<_> = e.importance.iter().collect();
    sorted.sort_by(|a, b| b.impurity.total_cmp(&a.impurity));
    let rows: Vec<Vec<String>> = sorted
        .iter()
        .map(|i| {
            let perm = i
                .permutation
                .map_or("–".into(), |(m, sd)| format!("{} ± {}", num(m, 4), num(sd, 4)));
            vec![esc(&i.feature), pct(i.impurity / total.max(f64::MIN_POSITIVE)), perm]
        })
        .collect();
    let note = if e.permutation_rows > 0 {
        format!(
            "Permutation importance: {} test rows{}, {} shuffles per feature.",
            e.permutation_rows,
            if e.permutation_rows < e.n_test {
                " (a seeded stratified sample: rows × features × shuffles stay within 400,000 predictions, so the time does not grow with the file's width)"
            } else {
                ""
            },
            e.permutation_repeats
        )
    } else {
        String::new()
    };
    table(
        "importance",
        &note,
        &["Feature", "Share of impurity decrease", "Permutation (accuracy drop ± SD)"],
        &rows,
    )
}

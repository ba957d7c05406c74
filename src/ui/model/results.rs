//! Results of training: metric cards and confusion matrix at a live threshold, the scikit-learn
//! classification report, ROC/PR/calibration/importance charts, cross-validation, downloads.

use leptos::prelude::*;

use super::baseline::BaselinePanel;
use super::confusion::ConfusionTable;
use super::importance_list::ImportanceList;
use super::surface::SurfacePanel;
use super::tuning::TuningTable;
use crate::engine::display::{fixed, percent};
use crate::engine::metrics::{classification_report, predict_at, BinaryMetrics};
use crate::engine::session::{Freshness, Gen};
use crate::protocol::{Request, TrainResult};
use crate::ui::app::Worker;
use crate::ui::common::{Figure, StaleNote};
use crate::ui::dom::{download_text, parse_number};
use crate::ui::explain::ExplainSection;
use crate::ui::state::AppState;

/// Display order of the two classes (scikit-learn sorts labels, numbers numerically).
fn label_order(labels: &[String; 2]) -> [u8; 2] {
    let first_is_neg = match (parse_number(&labels[0]), parse_number(&labels[1])) {
        (Some(a), Some(b)) => a <= b,
        _ => labels[0] <= labels[1],
    };
    if first_is_neg {
        [0, 1]
    } else {
        [1, 0]
    }
}

/// Cards, matrix, report, charts and downloads for one trained model.
#[component]
pub fn ModelResults(
    /// What the worker returned.
    result: TrainResult,
    /// The model's generation.
    model: Gen,
    /// Whether the model is still the worker's current one.
    freshness: Freshness,
) -> impl IntoView {
    let stale = freshness != Freshness::Current;
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let r = StoredValue::new(result);
    // Metrics at the chosen threshold (AUC and curves do not depend on it).
    let live = Memo::new(move |_| {
        let t = state.threshold.get();
        r.with_value(|r| {
            let pred = predict_at(&r.eval.proba_test, t);
            // Score-based metrics (AUC, AP, log loss, Brier) come from the evaluation: sorting
            // every test score again on each threshold move would stall the page.
            let m = BinaryMetrics::compute(&r.eval.y_test, &pred, None)
                .ok()
                .map(|m| m.with_scores_of(&r.eval.metrics));
            let names = [r.eval.labels[0].as_str(), r.eval.labels[1].as_str()];
            let report =
                classification_report(&r.eval.y_test, &pred, names, label_order(&r.eval.labels), 2);
            (m, report)
        })
    });
    let card = move |label: &'static str,
                     testid: &'static str,
                     value: Box<dyn Fn() -> String + Send + Sync>,
                     sub: String| {
        view! { <div class="card"><div class="label">{label}</div><div class="value" data-testid=testid>{value}</div><div class="sub">{sub}</div></div> }
    };
    let metric = move |f: fn(&BinaryMetrics) -> f64| {
        Box::new(move || {
            live.with(|(m, _)| m.as_ref().map(|m| format!("{:.3}", f(m))).unwrap_or_default())
        }) as Box<dyn Fn() -> String + Send + Sync>
    };
    // What the cards show, read in place: the per-row columns (millions of rows on a large
    // file) are not copied on the main thread.
    let (auc, oob, labels, permutation_label, importance, majority) = r.with_value(|r| {
        let e = &r.eval;
        (
            e.metrics.roc_auc.map(|a| fixed(a, 3)).unwrap_or_else(|| "—".into()),
            e.oob_score.map(|a| fixed(a, 3)).unwrap_or_else(|| "—".into()),
            e.labels.clone(),
            permutation_text(e.permutation_rows, e.n_test, e.permutation_repeats),
            e.importance.clone(),
            e.baseline_accuracy,
        )
    });
    let download_predictions = move |_| {
        let text = r.with_value(|r| r.eval.predictions_csv(state.threshold.get_untracked()));
        if let Err(e) = download_text("test_predictions.csv", "text/csv", &text) {
            state.error.set(Some(e));
        }
    };
    let download_report = move |_| {
        let text = live.with(|(_, report)| report.clone());
        let _ = download_text("classification_report.txt", "text/plain", &text);
    };
    let download_model = move |_| {
        let id = worker.with_value(|w| w.send(Request::ExportModel { model }, None));
        state.start_job(id, "Preparing the model file");
    };
    let copy_report = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&live.with(|(_, rep)| rep.clone()));
        }
    };
    let figures = r.with_value(|r| r.charts.clone());
    let cv = r.with_value(|r| r.cv.clone());
    let tuning = r.with_value(|r| r.tuning.clone());
    let baseline = r.with_value(|r| r.baseline.clone());
    let features = r.with_value(|r| r.useful.clone());
    let timing = r.with_value(|r| r.detail.clone());

    view! {
        <section class="panel" aria-labelledby="results-title">
            <h2 id="results-title">"Results on the held-out test rows"</h2>
            <StaleNote freshness=freshness action="train again"/>
            <p class="muted">{timing}</p>
            <div class="cards">
                {card("Accuracy", "metric-accuracy", metric(|m| m.accuracy), format!("majority baseline {}", percent(majority, 1)))}
                {card("Precision", "metric-precision", metric(|m| m.precision), format!("of predicted {}", labels[1]))}
                {card("Recall", "metric-recall", metric(|m| m.recall), format!("of actual {}", labels[1]))}
                {card("F1", "metric-f1", metric(|m| m.f1), "harmonic mean".into())}
                <div class="card"><div class="label">"ROC AUC"</div><div class="value" data-testid="metric-auc">{auc.clone()}</div><div class="sub">"threshold-free"</div></div>
                <div class="card"><div class="label">"OOB accuracy"</div><div class="value" data-testid="metric-oob">{oob}</div><div class="sub">"out-of-bag, training rows"</div></div>
            </div>
            <div class="field threshold">
                <label for="threshold">{move || format!("Decision threshold: {:.2}", state.threshold.get())}</label>
                <input id="threshold" type="range" min="0.05" max="0.95" step="0.01" data-testid="threshold-slider"
                    prop:value=move || state.threshold.get().to_string()
                    on:input=move |ev| { if let Some(t) = parse_number(&event_target_value(&ev)) { state.threshold.set(t) } }/>
            </div>
            <div class="grid2">
                <ConfusionTable live=live labels=labels.clone()/>
                <div>
                    <h3>"Classification report"</h3>
                    <pre data-testid="classification-report">{move || live.with(|(_, rep)| rep.clone())}</pre>
                    <button type="button" on:click=copy_report>"Copy"</button>
                </div>
            </div>
            {baseline.map(|b| view! { <BaselinePanel report=b/> })}
            {tuning.map(|t| view! { <TuningTable tuning=t/> })}
            {cv.map(|cv| view! {
                <p class="notice" data-testid="cv-result">{format!("{}-fold cross-validation: accuracy {:.3} ± {:.3}, F1 {:.3}, ROC AUC {:.3}", cv.k, cv.mean_accuracy, cv.sd_accuracy, cv.mean_f1, cv.mean_roc_auc)}</p>
            })}
            <div class="actions">
                <button type="button" data-testid="download-model" on:click=download_model disabled=stale>"Download model (JSON)"</button>
                <button type="button" data-testid="download-predictions" on:click=download_predictions>"Download test predictions (CSV)"</button>
                <button type="button" on:click=download_report>"Download report (text)"</button>
            </div>
        </section>
        <div class="grid2">
            <Figure testid="chart-roc" label="ROC curve of the test rows" file_name="roc" svg=figures.roc/>
            <Figure testid="chart-pr" label="Precision–recall curve of the test rows" file_name="precision_recall" svg=figures.pr/>
            <Figure testid="chart-importance" label="Impurity importance of each feature" file_name="importance" svg=figures.importance/>
            <Figure testid="chart-permutation" label=permutation_label file_name="permutation_importance" svg=figures.permutation/>
            <Figure testid="chart-calibration" label="Calibration of predicted probabilities" file_name="calibration" svg=figures.calibration/>
        </div>
        <ImportanceList importance=importance/>
        {(!stale).then(|| view! { <SurfacePanel features=features model=model/> <ExplainSection model=model/> })}
    }
}

/// What the permutation importance was computed on.
fn permutation_text(rows: usize, n_test: usize, repeats: usize) -> String {
    format!(
        "Permutation importance on {rows} test rows ({}), {repeats} shuffles per feature, mean ± SD",
        if rows < n_test {
            "a seeded stratified sample: rows × features × shuffles stay within a budget of 400,000 predictions"
        } else {
            "all of them"
        },
    )
}

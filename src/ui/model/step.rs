//! The Model step: the forest's parameters (scikit-learn's names, with short help), split or
//! cross-validation, and Train (run in the worker, with progress and Cancel). Results are in
//! `results`.

use leptos::prelude::*;

use super::number_field::NumberField;
use super::results::ModelResults;
use crate::protocol::{Request, TrainRequest};
use crate::ui::app::Worker;
use crate::ui::common::StepHead;
use crate::ui::dom::parse_number;
use crate::ui::state::{AppState, Step};

/// Parameters, Train, and the results.
#[component]
pub fn ModelStep() -> impl IntoView {
    let state = expect_context::<AppState>();
    let worker = expect_context::<Worker>();
    let n_estimators = RwSignal::new("100".to_string());
    let max_depth = RwSignal::new(String::new());
    let min_leaf = RwSignal::new("auto".to_string());
    let random_state = RwSignal::new("42".to_string());
    let test_size = RwSignal::new("0.25".to_string());
    let max_features = RwSignal::new("sqrt".to_string());
    let criterion = RwSignal::new("gini".to_string());
    let class_weight = RwSignal::new("none".to_string());
    let cv = RwSignal::new("none".to_string());

    let train = move |_| {
        let Some(target) = state.target.get_untracked() else {
            state.error.set(Some("Choose the target column in the Clean step first.".into()));
            return;
        };
        let num = |s: RwSignal<String>, name: &str| -> Result<Option<f64>, String> {
            let t = s.get_untracked();
            if t.trim().is_empty() {
                return Ok(None);
            }
            parse_number(&t).map(Some).ok_or_else(|| format!("{name}: {t:?} is not a number"))
        };
        // A count: empty for the default, else a whole number (the parameter's own check then
        // says which values it accepts).
        let whole = |s: RwSignal<String>, name: &str| -> Result<Option<usize>, String> {
            match num(s, name)? {
                None => Ok(None),
                Some(x) if x >= 0.0 && x.fract() == 0.0 => Ok(Some(x as usize)),
                Some(_) => Err(format!("{name}: {:?} is not a whole number", s.get_untracked())),
            }
        };
        let leaf = match min_leaf.get_untracked().trim() {
            "" | "auto" => Ok(None),
            _ => whole(min_leaf, "min_samples_leaf"),
        };
        let parsed = (|| -> Result<TrainRequest, String> {
            Ok(TrainRequest {
                cleaning: state.lineage.get_untracked().cleaning,
                target,
                positive: state.positive.get_untracked(),
                drop: Vec::new(),
                roles: state.role_overrides.get_untracked(),
                n_estimators: whole(n_estimators, "n_estimators")?.unwrap_or(100),
                max_depth: whole(max_depth, "max_depth")?,
                min_samples_leaf: leaf?,
                min_samples_split: 2,
                max_features: max_features.get_untracked(),
                criterion: criterion.get_untracked(),
                class_weight: class_weight.get_untracked(),
                bootstrap: true,
                random_state: whole(random_state, "random_state")?.unwrap_or(42) as u64,
                test_size: num(test_size, "test_size")?.unwrap_or(0.25),
                cv: cv.get_untracked().parse::<usize>().ok(),
                created: js_sys::Date::new_0().to_iso_string().into(),
            })
        })();
        match parsed {
            Ok(req) => {
                let id = worker.with_value(|w| w.send(Request::Train(req), None));
                state.start_job(id, "Training");
            }
            Err(e) => state.error.set(Some(e)),
        }
    };
    let select = |id: &'static str,
                  label: &'static str,
                  value: RwSignal<String>,
                  options: &'static [(&'static str, &'static str)],
                  help: &'static str| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
                    {options.iter().map(|(v, t)| view! { <option value=*v selected=move || value.get() == *v>{*t}</option> }).collect_view()}
                </select>
                <small>{help}</small>
            </div>
        }
    };

    view! {
        <section class="panel" aria-labelledby="model-title">
            <StepHead step=Step::Model/>
            <p class="help">"A random forest predicts who buys. Parameters carry scikit-learn's names; the test split is stratified and seeded."</p>
            <div class="form-grid">
                <NumberField label="n_estimators" help="Trees in the forest (1–5000)." testid="param-n-estimators" value=n_estimators/>
                <NumberField label="max_depth" help="Deepest split; empty = grow until pure." testid="param-max-depth" value=max_depth/>
                <NumberField label="min_samples_leaf" help="Fewest customers in a leaf: auto chooses it by out-of-bag score; a number keeps scikit-learn's meaning." testid="param-min-samples-leaf" value=min_leaf/>
                <NumberField label="random_state" help="Seed: same seed, same model and split." testid="param-random-state" value=random_state/>
                <NumberField label="test_size" help="Share held out for testing." testid="param-test-size" value=test_size/>
                {select("param-max-features", "max_features", max_features, &[("sqrt", "sqrt"), ("log2", "log2"), ("all", "all")], "Features tried at each split.")}
                {select("param-criterion", "criterion", criterion, &[("gini", "gini"), ("entropy", "entropy")], "Impurity measure.")}
                {select("param-class-weight", "class_weight", class_weight, &[("none", "none"), ("balanced", "balanced")], "Reweight the rarer class.")}
                {select("param-cv", "cross-validation", cv, &[("none", "none"), ("5", "5-fold"), ("10", "10-fold")], "Also report stratified k-fold accuracy.")}
            </div>
            <div class="actions">
                <button type="button" class="primary" data-testid="train-button" on:click=train
                    disabled=move || state.job.with(|j| j.is_some())>"Train"</button>
            </div>
        </section>
        {move || state.trained.with(|t| t.as_ref().map(|t| t.basis.gen)).zip(state.shown(state.trained)).map(|(model, (t, freshness))| {
            view! { <ModelResults result=t model=model freshness=freshness/> }
        })}
    }
}

//! [`fit_owned`]: the same fit as [`super::fit`] for a caller that gives its table up, in an
//! order that never holds the table's cells and the grown trees at once — what the model takes
//! from the table and the cells (its training-data description, the roles, cross-validation,
//! the logistic-regression baseline) is made before the trees, then the table and the
//! dataset's cells are let go (the plan holds the training rows' bins and the held-out rows'
//! codes), then the trees grow. Why: on a million rows the cells are about as large as the
//! trees (issue 23: native `train` within 3× the file's size).
//!
//! Invariant: the result is [`super::fit`]'s, bit for bit; only the order of the progress
//! phases differs (the baseline and cross-validation come before the trees).

use super::{
    assemble, cross_validation, fit_baseline, grow, prepare, roles_of, Beside, Fitted, TrainOptions,
};
use crate::engine::evaluate::{EvalConfig, EvalError, Progress};
use crate::engine::forest::TuneSettings;
use crate::engine::model_io::TrainingData;
use crate::engine::table::Table;

/// [`super::fit`] of `table`, which is dropped as soon as it is no longer needed (before the
/// trees grow; see the module documentation). Cells shared with tables the caller still holds
/// stay alive with those.
pub fn fit_owned(
    table: Table,
    cfg: &EvalConfig,
    tune: Option<&TuneSettings>,
    options: TrainOptions,
    progress: Progress,
) -> Result<Fitted, EvalError> {
    let TrainOptions { cv_folds, log, created, training, baseline } = options;
    let mut planned = prepare(&table, cfg, tune, progress)?;
    let cv = cross_validation(&planned, &table, cfg, cv_folds, progress)?;
    let training = training.unwrap_or_else(|| TrainingData::describe(&planned.split.data, &table));
    let roles = roles_of(&table, cfg);
    drop(table);
    let baseline = match baseline {
        true => Some(fit_baseline(&planned.split, cfg, progress)?),
        false => None,
    };
    planned.split.release_cells();
    let assembly = grow(&planned.split, cfg.params.threads(), progress)?;
    let (forest, eval) = planned.split.evaluate(assembly, cfg, progress)?;
    let beside = Beside { training, roles, cv, baseline };
    assemble(&planned, forest, eval, beside, cfg, (log, created), progress)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::forest::ForestParams;
    use crate::engine::ingest::{ingest, IngestOptions};
    use crate::engine::training::fit;

    /// A file with numbers, labels, an id column and a target, whose permutation-importance
    /// shuffles are carried in the plan.
    fn table() -> Table {
        let mut text = String::from("id,age,region,visits,bought\n");
        let regions = ["north", "south", "east"];
        for i in 0..600u64 {
            // A deterministic mix: the target leans on age and region, with noise.
            let age = 18 + (i * 37) % 60;
            let region = regions[((i * 7) % 3) as usize];
            let visits = (i * 13) % 11;
            let noise = (i * 2_654_435_761) % 100 < 20;
            let bought = ((age > 45 || region == "south") != noise) as u8;
            text += &format!("{},{age},{region},{visits},{bought}\n", 1000 + i);
        }
        ingest(text.as_bytes(), &IngestOptions::default()).unwrap().table
    }

    fn config() -> EvalConfig {
        let params = ForestParams::new().n_estimators(12).random_state(7).check().unwrap();
        EvalConfig {
            target: crate::engine::dataset::TargetSpec {
                target: "bought".into(),
                ..Default::default()
            },
            params,
            test_size: 0.25,
            split_seed: 7,
            threshold: 0.5,
            permutation_repeats: 3,
        }
    }

    fn options() -> TrainOptions {
        TrainOptions {
            cv_folds: Some(3),
            created: "2026-12-08T00:00:00Z".into(),
            baseline: true,
            ..Default::default()
        }
    }

    /// The model file's text and the evaluation's outputs of a fit.
    fn outputs(f: &Fitted) -> (String, String, Vec<u64>) {
        let file = f.model.to_json().unwrap();
        let honest = f.honest.iter().map(|x| x.to_bits()).collect();
        (file, format!("{:?} {:?} {:?}", f.eval, f.cv, f.baseline), honest)
    }

    #[test]
    fn giving_the_table_up_changes_nothing() {
        let (t, cfg) = (table(), config());
        let kept = fit(&t, &cfg, None, options(), &mut |_, _, _| true).unwrap();
        let owned = fit_owned(t.clone(), &cfg, None, options(), &mut |_, _, _| true).unwrap();
        assert_eq!(outputs(&owned), outputs(&kept));
        assert!(kept.baseline.is_some() && kept.cv.is_some());
        assert!(kept.eval.permutation_rows > 0, "permutation importance was computed");
    }

    #[test]
    fn tuned_fits_agree_too() {
        let (t, cfg) = (table(), config());
        let tune = TuneSettings { trees: 4, ..Default::default() };
        let kept = fit(&t, &cfg, Some(&tune), options(), &mut |_, _, _| true).unwrap();
        let owned = fit_owned(t, &cfg, Some(&tune), options(), &mut |_, _, _| true).unwrap();
        assert!(kept.tuning.is_some());
        assert_eq!(outputs(&owned), outputs(&kept));
    }
}

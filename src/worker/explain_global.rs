//! What moves the model's probability over many held-out customers (mean |contribution|, the
//! summary plot), one feature's dependence plot and partial dependence, whom to contact (the
//! profit curve), and the report's explanation parts.
//!
//! The global explanation explains a seeded sample of at most
//! [`GLOBAL_ROWS`](crate::engine::explain::GLOBAL_ROWS) held-out customers, in chunks with
//! progress between them (Cancel stops the worker); its contributions stay in the model's stage,
//! so the feature charts and the report reuse them and they go with the model. In the browser
//! the worker pool may explain the sample's rows in several workers first ([`to_share`],
//! [`explain_part`], [`install_global`]); the rows are the same and so are their numbers.

use super::error::WorkerError;
use super::explain::{ensure_held_out, parts};
use super::figures;
use super::progress::Reporter;
use crate::charts::ChartStyle;
use crate::engine::display::fixed;
use crate::engine::explain::{
    dependence, explain_in_chunks, global_sample, impacts, partial_dependence, profit_curve,
    summary, Contributions, ExplainJob, Explainer, PdpParams, ProfitParams, DEFAULT_CONTACT_COST,
    DEFAULT_PURCHASE_VALUE, GLOBAL_ROWS, GLOBAL_SEED,
};
use crate::engine::session::{Gen, GlobalCost, Session};
use crate::protocol::{FeatureExplanation, GlobalExplanation, ProfitResult, TextTable};
use crate::report::{
    gains_cells, global_words, profit_words, ExplainParts, HeldOutRows, GAINS_HEADERS,
    SUMMARY_FEATURES,
};

/// The global explanation of model `model` when it is still to be computed and worth sharing
/// among workers: the sample's rows (indices into the held-out columns), the model's features
/// and the bytes a helper worker needs ([`ExplainJob`]). None when it is there already, when
/// the model cannot be explained (the request then says why) or when it is cheaper than
/// `min_work` (sampled rows × the forest's nodes).
pub fn to_share(session: &mut Session, model: Gen, min_work: u64) -> Option<GlobalShare> {
    ensure_held_out(session, model).ok()?;
    let stage = session.model(model).ok()?;
    if stage.explain.global.is_some() {
        return None;
    }
    let (fit, held) = parts(stage).ok()?;
    let rows = global_sample(fit.evaluation.proba_test.len());
    let forest = &stage.model.forest;
    let nodes: usize = forest.trees.iter().map(|t| t.len()).sum();
    if (rows.len() as u64).saturating_mul(nodes as u64) < min_work {
        return None;
    }
    let job = ExplainJob::to_bytes(forest, &held.cols, &rows).ok()?;
    let features = forest.features.iter().map(|f| f.name.clone()).collect();
    Some(GlobalShare { model, rows, features, job })
}

/// A global explanation whose rows are explained in several workers (see [`to_share`]).
#[derive(Debug, Clone)]
pub struct GlobalShare {
    pub model: Gen,
    /// The sample's rows, indices into the held-out columns.
    pub rows: Vec<usize>,
    pub features: Vec<String>,
    /// [`ExplainJob`] bytes of the sample's rows (a helper explains a range of them).
    pub job: Vec<u8>,
}

/// Explains `rows` of model `model`'s held-out columns (made by [`to_share`]) here, one block
/// of rows at a time with `progress(rows done)` between blocks.
pub fn explain_part(
    session: &Session,
    model: Gen,
    rows: &[usize],
    progress: &mut dyn FnMut(usize),
) -> Result<Contributions, WorkerError> {
    let stage = session.model(model)?;
    let held = parts(stage)?.1;
    let explainer = Explainer::resume(&stage.model.forest, held.prepared)?;
    let mut report = |done: usize, _total: usize| progress(done);
    Ok(explain_in_chunks(&explainer, &held.cols, rows, Some(1), &mut report)?)
}

/// Keeps `contributions` (the sample's rows, in order, explained by `workers` workers in `ms`
/// milliseconds) as model `model`'s global explanation.
pub fn install_global(
    session: &mut Session,
    model: Gen,
    contributions: Contributions,
    workers: usize,
    ms: f64,
) -> Result<(), WorkerError> {
    let cache = &mut session.model_mut(model)?.explain;
    cache.global = Some(contributions);
    cache.global_cost = GlobalCost { workers, ms };
    Ok(())
}

/// Makes sure model `model`'s stage holds the contributions of the global explanation's sample.
pub fn ensure_global(
    session: &mut Session,
    model: Gen,
    progress: &mut Reporter,
) -> Result<(), WorkerError> {
    ensure_held_out(session, model)?;
    let stage = session.model(model)?;
    if stage.explain.global.is_some() {
        return Ok(());
    }
    let (fit, held) = parts(stage)?;
    let explainer = Explainer::resume(&stage.model.forest, held.prepared)?;
    let rows = global_sample(fit.evaluation.proba_test.len());
    let mut report = |done: usize, total: usize| {
        progress.report("explaining customers", done as u64, total as u64)
    };
    let c = explain_in_chunks(&explainer, &held.cols, &rows, Some(1), &mut report)?;
    let cache = &mut session.model_mut(model)?.explain;
    cache.global = Some(c);
    // One worker; the handler that timed the request adds the time.
    cache.global_cost = GlobalCost { workers: 1, ms: 0.0 };
    Ok(())
}

/// The global explanation's contributions (after [`ensure_global`]).
fn global_of(session: &Session, model: Gen) -> Result<&Contributions, WorkerError> {
    session.model(model)?.explain.global.as_ref().ok_or(WorkerError::NoHeldOut)
}

/// Model `model`'s global explanation.
pub fn global(
    session: &mut Session,
    model: Gen,
    progress: &mut Reporter,
    style: &ChartStyle,
) -> Result<GlobalExplanation, WorkerError> {
    ensure_global(session, model, progress)?;
    let (fit, held) = parts(session.model(model)?)?;
    let c = global_of(session, model)?;
    let all = impacts(c);
    let s = summary(c, &held.cols, SUMMARY_FEATURES, GLOBAL_ROWS, GLOBAL_SEED);
    let (bars, summary_svg) = figures::explain_global(&all, &s, style);
    Ok(GlobalExplanation {
        rows: c.len(),
        held_out: fit.evaluation.proba_test.len(),
        words: global_words(&s),
        table: TextTable {
            headers: ["Feature", "Mean |contribution|", "Mean contribution"]
                .map(String::from)
                .into(),
            rows: all
                .iter()
                .map(|f| vec![f.name.clone(), fixed(f.mean_abs, 4), fixed(f.mean, 4)])
                .collect(),
            classes: Vec::new(),
        },
        features: all.iter().map(|f| (f.feature, f.name.clone())).collect(),
        bars,
        summary: summary_svg,
        elapsed_ms: 0.0,
        workers: 1,
    })
}

/// Model `model`'s dependence plot (from the global explanation's sample) and partial
/// dependence with ICE lines (a seeded sample of the held-out customers) on `feature`.
pub fn feature(
    session: &mut Session,
    model: Gen,
    feature: usize,
    progress: &mut Reporter,
    style: &ChartStyle,
) -> Result<FeatureExplanation, WorkerError> {
    ensure_global(session, model, progress)?;
    let stage = session.model(model)?;
    let (fit, held) = parts(stage)?;
    let c = global_of(session, model)?;
    let d = dependence(c, &held.cols, feature, GLOBAL_ROWS, GLOBAL_SEED)?;
    let all: Vec<usize> = (0..fit.evaluation.proba_test.len()).collect();
    let params = PdpParams::new().check()?;
    let p = partial_dependence(&stage.model.forest, &held.cols, &all, feature, &params, Some(1))?;
    let (dependence_svg, pdp) = figures::explain_feature(&d, &p, style);
    Ok(FeatureExplanation {
        feature,
        name: d.feature,
        partner: d.colour_feature,
        dependence: dependence_svg,
        pdp,
    })
}

/// The profit curve of model `model`'s held-out customers at `value` per purchase and `cost`
/// per contact.
pub fn profit(
    session: &Session,
    model: Gen,
    value: f64,
    cost: f64,
    style: &ChartStyle,
) -> Result<ProfitResult, WorkerError> {
    let fit = session.model(model)?.fit.as_ref().ok_or(WorkerError::NoHeldOut)?;
    let e = &fit.evaluation;
    let p = profit_curve(&e.y_test, &e.proba_test, &ProfitParams::new(value, cost).check()?)?;
    let (by_share, by_threshold) = figures::profit(&p, style);
    Ok(ProfitResult {
        value,
        cost,
        best: p.best.map(|b| b.threshold),
        words: profit_words(&p),
        by_share,
        by_threshold,
        gains: TextTable {
            headers: GAINS_HEADERS.map(String::from).into(),
            rows: gains_cells(&p),
            classes: Vec::new(),
        },
    })
}

/// The report's explanation parts for the current model (None without one trained in this
/// session); `profit`: value of a purchase and cost of a contact (None: the defaults).
pub fn report_parts(
    session: &mut Session,
    profit: Option<(f64, f64)>,
    progress: &mut Reporter,
) -> Result<Option<ExplainParts>, WorkerError> {
    let Some(model) = session.lineage().model else { return Ok(None) };
    if session.model(model)?.fit.is_none() {
        return Ok(None);
    }
    let (value, cost) = profit.unwrap_or((DEFAULT_PURCHASE_VALUE, DEFAULT_CONTACT_COST));
    let params = ProfitParams::new(value, cost).check()?;
    ensure_global(session, model, progress)?;
    let stage = session.model(model)?;
    let (fit, held) = parts(stage)?;
    let e = &fit.evaluation;
    let explainer = Explainer::resume(&stage.model.forest, held.prepared)?;
    let rows = HeldOutRows {
        cols: &held.cols,
        y: &e.y_test,
        proba: &e.proba_test,
        records: &e.test_row_ids,
    };
    Ok(Some(ExplainParts::gather(&explainer, rows, global_of(session, model)?, &params)?))
}

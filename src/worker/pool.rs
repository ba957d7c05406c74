//! Helper workers that grow shares of a forest, or explain shares of the global explanation's
//! rows (wasm only).
//!
//! A training request is planned by the main worker ([`Handler::begin_train`]); when the job is
//! large enough it starts helpers (copies of this worker script, one per extra core up to
//! [`MAX_HELPERS`]), posts each the plan's bytes with a range of tree indices, grows the first
//! range itself, and hands the shares, appended in index order, to [`Handler::finish_train`]
//! once all are back. Tree `t` is grown from seed `t` of the plan, and the votes of the held-out
//! and out-of-bag rows each share routed add up exactly, so the forest and its evaluation are
//! the ones a single worker gets. Page messages that arrive meanwhile wait in a backlog. A helper that
//! fails or dies has its share grown here instead. Stopping the main worker (Cancel) stops its
//! helpers with it.
//!
//!
//! A request that needs the global explanation (exact TreeSHAP of a sample of held-out rows:
//! seconds to a minute of CPU) has the sample's rows explained the same way first: each worker
//! explains a range of them, the ranges are put back in order ([`Handler::install_global`]),
//! then the request runs as usual. Each row's numbers depend on that row alone, so they are
//! the ones one worker computes.
//!
//! Messages: parent → helper `["grow", Uint8Array plan, start, end, job]` or `["explain",
//! Uint8Array job, start, end, job]`; helper → parent `["progress", trees or rows done, job]`,
//! `["grown", Uint8Array share, job]`, `["explained", Uint8Array contributions, job]` or
//! `["failed", message, job]` (replies for an earlier job are ignored). A helper says it is
//! ready with the same `Ready` JSON the page gets.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Range;
use std::rc::Rc;

use js_sys::{Array, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent, Worker};

use super::blob::BlobSource;
use super::entry::{decode, post, Payload};
use super::explain_global::GlobalShare;
use super::Handler;
use crate::engine::explain::{Contributions, ExplainJob, BLOCK_ROWS};
use crate::engine::forest::{shares, Assembly, FitPlan};
use crate::protocol::{Event, FromWorker, Request, PROTOCOL_VERSION};

/// Most helper workers (each holds a copy of the binned training data).
pub const MAX_HELPERS: usize = 7;

/// Training rows × trees below which one worker is quicker than starting helpers.
const MIN_SHARED_WORK: usize = 2_000_000;

/// Rows of a loaded file from which helpers are started right away.
const PRESPAWN_ROWS: usize = MIN_SHARED_WORK / 100;

/// Milliseconds a helper may take to start before its share is grown elsewhere.
const HELPER_START_MS: i32 = 15_000;

/// Sampled rows × forest nodes below which one worker explains the sample alone (about a
/// second of work; starting helpers costs a few hundred milliseconds).
const MIN_SHARED_EXPLAIN: u64 = 30_000_000;

/// Tag of a grow request (first element of the message).
pub const GROW: &str = "grow";

/// Tag of a request to explain rows.
pub const EXPLAIN: &str = "explain";

/// Where events for the page go.
pub type Emit<'a> = &'a mut dyn FnMut(FromWorker);

struct Helper {
    worker: Worker,
    ready: bool,
    /// It reported an error: it is stopped and replaced before the next share.
    broken: bool,
    /// A grow request posted before the helper said it was ready.
    queued: Option<Array>,
    _closures: [Closure<dyn FnMut(MessageEvent)>; 2],
}

/// What a job's shares are and what becomes of them.
enum Kind {
    /// Trees of a training request.
    Trees { parts: Vec<Option<Assembly>> },
    /// Rows of the global explanation that the page message `message` needs.
    Explain { share: GlobalShare, parts: Vec<Option<Contributions>>, message: JsValue, start: f64 },
}

/// One request whose work is shared among workers: trees of a training request, or rows of a
/// global explanation.
struct Job {
    id: u64,
    /// Number of this job among the pool's jobs (tags helper messages).
    serial: u32,
    total: usize,
    ranges: Vec<Range<usize>>,
    /// Units (trees or rows) done so far per share.
    done: Vec<usize>,
    kind: Kind,
    /// This worker began its own share.
    own_started: bool,
    /// Shares done in this worker (its own, and those of helpers that failed).
    grown_here: usize,
}

impl Job {
    /// Every share is in.
    fn complete(&self) -> bool {
        match &self.kind {
            Kind::Trees { parts } => parts.iter().all(Option::is_some),
            Kind::Explain { parts, .. } => parts.iter().all(Option::is_some),
        }
    }

    /// Share `k` is still missing.
    fn missing(&self, k: usize) -> bool {
        match &self.kind {
            Kind::Trees { parts } => parts.get(k).is_some_and(Option::is_none),
            Kind::Explain { parts, .. } => parts.get(k).is_some_and(Option::is_none),
        }
    }
}

#[derive(Default)]
struct State {
    helpers: Vec<Helper>,
    job: Option<Job>,
    jobs: u32,
    /// Page messages that arrived while a job's trees were growing.
    backlog: VecDeque<JsValue>,
}

/// The main worker: its handler, its helpers and the page's messages.
#[derive(Clone)]
pub struct Pool {
    handler: Rc<RefCell<Handler>>,
    state: Rc<RefCell<State>>,
    scope: DedicatedWorkerGlobalScope,
}

impl Pool {
    pub fn new(handler: Handler, scope: DedicatedWorkerGlobalScope) -> Pool {
        Pool {
            handler: Rc::new(RefCell::new(handler)),
            state: Rc::new(RefCell::new(State::default())),
            scope,
        }
    }

    /// A message from the page.
    pub fn on_page_message(&self, data: JsValue) {
        self.take_page_message(data, true);
    }

    /// A message from the page; `share`: its global explanation may be shared among workers
    /// (false when sharing it failed and it runs here instead).
    fn take_page_message(&self, data: JsValue, share: bool) {
        if self.state.borrow().job.is_some() {
            self.state.borrow_mut().backlog.push_back(data);
            return;
        }
        let scope = self.scope.clone();
        let mut emit = move |out: FromWorker| post(&scope, out);
        let (msg, file) = match decode(&data) {
            Ok(m) => m,
            Err(message) => {
                let lineage = self.handler.borrow().lineage();
                return emit(FromWorker::new(0, lineage, Event::Failed { message }));
            }
        };
        let train = matches!(msg.request, Request::Train(_)) && msg.v == PROTOCOL_VERSION;
        let helpers = if share { wanted_helpers() } else { 0 };
        if !train && helpers > 0 {
            let global = self.handler.borrow_mut().global_to_share(&msg, MIN_SHARED_EXPLAIN);
            if let Some(global) = global {
                return self.start_explain(msg.id, global, data, helpers, &mut emit);
            }
        }
        if !train {
            let load = matches!(
                msg.request,
                Request::Load { .. } | Request::LoadSample { .. } | Request::LoadDemo
            );
            match file {
                Some(Payload::File(blob)) => match BlobSource::new(blob) {
                    Ok(mut file) => {
                        self.handler.borrow_mut().handle_file(msg, &mut file, &mut emit)
                    }
                    Err(message) => {
                        let lineage = self.handler.borrow().lineage();
                        emit(FromWorker::new(msg.id, lineage, Event::Failed { message }));
                    }
                },
                Some(Payload::Bytes(b)) => {
                    self.handler.borrow_mut().handle(msg, Some(&b), &mut emit)
                }
                None => self.handler.borrow_mut().handle(msg, None, &mut emit),
            }
            let rows = self.handler.borrow().working_rows();
            if load && rows >= PRESPAWN_ROWS {
                // Started now, they are ready (wasm compiled) by the time training starts.
                self.ensure_helpers(wanted_helpers());
            }
            return;
        }
        let begun = {
            let mut h = self.handler.borrow_mut();
            h.begin_train(&msg, &mut emit).map(|plan| (plan.n_trees(), plan.n_train()))
        };
        // None: the request failed and was answered.
        if let Some((trees, rows)) = begun {
            self.start_job(msg.id, trees, rows, &mut emit);
        }
    }

    fn start_job(&self, id: u64, trees: usize, rows: usize, emit: Emit) {
        let helpers = if rows.saturating_mul(trees) >= MIN_SHARED_WORK {
            wanted_helpers().min(trees.saturating_sub(1))
        } else {
            0
        };
        let ranges = shares(trees, helpers + 1);
        let n = ranges.len();
        let plan = if n > 1 {
            self.handler.borrow().pending_plan().map(FitPlan::to_bytes).unwrap_or_default()
        } else {
            Vec::new()
        };
        self.begin(id, trees, ranges, Kind::Trees { parts: vec![None; n] }, GROW, &plan, emit);
    }

    /// Explains the rows of `global` in this worker and `helpers` helpers, then runs the page
    /// message `message` that needs them.
    fn start_explain(
        &self,
        id: u64,
        mut global: GlobalShare,
        message: JsValue,
        helpers: usize,
        emit: Emit,
    ) {
        let total = global.rows.len();
        let ranges = shares(total, helpers + 1);
        // The job's bytes go to the helpers once; the job keeps what merging needs.
        let bytes = std::mem::take(&mut global.job);
        let parts = vec![None; ranges.len()];
        let start = js_sys::Date::now();
        let kind = Kind::Explain { share: global, parts, message, start };
        self.begin(id, total, ranges, kind, EXPLAIN, &bytes, emit);
    }

    /// Starts job `id` of `total` units in `ranges` (the first done here, the others posted to
    /// helpers as `[tag, bytes, start, end, serial]`).
    #[allow(clippy::too_many_arguments)]
    fn begin(
        &self,
        id: u64,
        total: usize,
        ranges: Vec<Range<usize>>,
        kind: Kind,
        tag: &str,
        bytes: &[u8],
        emit: Emit,
    ) {
        let n = ranges.len();
        {
            let mut state = self.state.borrow_mut();
            state.jobs += 1;
            let serial = state.jobs;
            state.job = Some(Job {
                id,
                serial,
                total,
                ranges,
                done: vec![0; n],
                kind,
                own_started: false,
                grown_here: 0,
            });
        }
        if n > 1 {
            self.ensure_helpers(n - 1);
            for k in 1..n {
                self.send_share(k, tag, bytes);
            }
        }
        self.grow_own_when_ready(emit);
    }

    /// Grows this worker's share once every helper of the job has its share: a helper that is
    /// still starting cannot receive work while this worker is busy, so it would start only
    /// after this share is done.
    fn grow_own_when_ready(&self, emit: Emit) {
        let start = {
            let mut state = self.state.borrow_mut();
            let waiting = state.helpers.iter().any(|h| h.queued.is_some());
            match state.job.as_mut() {
                Some(job) if !job.own_started && !waiting => {
                    job.own_started = true;
                    true
                }
                _ => false,
            }
        };
        if start {
            self.grow_here(0, emit);
            // The model's description of the data needs no trees: made while helpers finish.
            self.handler.borrow_mut().describe_pending();
            self.finish_if_complete();
        }
    }

    /// Starts helpers until there are `n` that work.
    fn ensure_helpers(&self, n: usize) {
        for index in 0..n {
            let replace = self.state.borrow().helpers.get(index).is_none_or(|h| h.broken);
            if !replace {
                continue;
            }
            let Ok(h) = self.spawn(index) else { return };
            let mut state = self.state.borrow_mut();
            match state.helpers.get_mut(index) {
                Some(old) => *old = h,
                None => state.helpers.push(h),
            }
        }
    }

    /// Posts share `k` of the job to helper `k − 1` as `[tag, bytes, start, end, serial]`
    /// (queued until it is ready); does it here when there is no such helper.
    fn send_share(&self, k: usize, tag: &str, bytes: &[u8]) {
        let msg = {
            let state = self.state.borrow();
            let Some(job) = state.job.as_ref() else { return };
            let r = &job.ranges[k];
            let msg = Array::of3(&tag.into(), &Uint8Array::from(bytes), &(r.start as u32).into());
            msg.push(&(r.end as u32).into());
            msg.push(&job.serial.into());
            msg
        };
        let mut state = self.state.borrow_mut();
        match state.helpers.get_mut(k - 1) {
            Some(helper) if helper.ready => {
                let _ = helper.worker.post_message(&msg);
            }
            Some(helper) => {
                helper.queued = Some(msg);
                drop(state);
                self.give_up_unless_ready(k - 1);
            }
            None => {
                drop(state);
                self.grow_here(k, &mut |out| post(&self.scope, out));
            }
        }
    }

    /// A helper that is not ready after [`HELPER_START_MS`] is stopped and its share grown here
    /// (a wasm module that fails to start in a worker does not always raise an error event).
    fn give_up_unless_ready(&self, index: usize) {
        let me = self.clone();
        let check = Closure::once_into_js(move || {
            let stuck = me.state.borrow_mut().helpers.get_mut(index).is_some_and(|h| {
                let stuck = !h.ready && h.queued.is_some();
                if stuck {
                    h.broken = true;
                    h.queued = None;
                    h.worker.terminate();
                }
                stuck
            });
            if stuck {
                me.helper_failed(index);
                me.grow_own_when_ready(&mut |out| post(&me.scope, out));
            }
        });
        let _ = self.scope.set_timeout_with_callback_and_timeout_and_arguments_0(
            check.unchecked_ref(),
            HELPER_START_MS,
        );
    }

    fn spawn(&self, index: usize) -> Result<Helper, JsValue> {
        let worker = Worker::new(&self.scope.location().href())?;
        let me = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            me.on_helper_message(index, ev.data());
        });
        let me = self.clone();
        let on_error = Closure::<dyn FnMut(MessageEvent)>::new(move |_ev: MessageEvent| {
            if let Some(h) = me.state.borrow_mut().helpers.get_mut(index) {
                h.broken = true;
                h.queued = None;
                h.worker.terminate();
            }
            me.helper_failed(index);
            me.grow_own_when_ready(&mut |out| post(&me.scope, out));
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Ok(Helper {
            worker,
            ready: false,
            broken: false,
            queued: None,
            _closures: [on_message, on_error],
        })
    }

    fn on_helper_message(&self, index: usize, data: JsValue) {
        let share = index + 1;
        if data.is_string() {
            // Ready.
            if let Some(helper) = self.state.borrow_mut().helpers.get_mut(index) {
                helper.ready = true;
                if let Some(msg) = helper.queued.take() {
                    let _ = helper.worker.post_message(&msg);
                }
            }
            return self.grow_own_when_ready(&mut |out| post(&self.scope, out));
        }
        let Ok(parts) = data.dyn_into::<Array>() else { return };
        let serial = self.state.borrow().job.as_ref().map(|j| j.serial);
        if parts.get(2).as_f64().map(|v| v as u32) != serial {
            return;
        }
        match parts.get(0).as_string().as_deref() {
            Some("progress") => {
                let done = parts.get(1).as_f64().unwrap_or(0.0) as usize;
                self.progress(share, done);
            }
            Some(tag @ ("grown" | "explained")) => {
                let bytes = parts.get(1).dyn_into::<Uint8Array>().map(|a| a.to_vec());
                let stored = bytes.is_ok_and(|b| self.store_share(share, tag, &b));
                if stored {
                    self.finish_if_complete();
                } else {
                    self.helper_failed(index);
                }
            }
            _ => self.helper_failed(index),
        }
    }

    /// Keeps share `share` from a helper's `tag` reply `bytes`; false when they are not what
    /// the job expects.
    fn store_share(&self, share: usize, tag: &str, bytes: &[u8]) -> bool {
        let mut state = self.state.borrow_mut();
        let Some(job) = state.job.as_mut() else { return false };
        let Some(range) = job.ranges.get(share).cloned() else { return false };
        match (&mut job.kind, tag) {
            (Kind::Trees { parts }, "grown") => match Assembly::from_bytes(bytes) {
                Ok(part) => parts[share] = Some(part),
                Err(_) => return false,
            },
            (Kind::Explain { share: g, parts, .. }, "explained") => {
                match Contributions::from_bytes(bytes, &g.features, &g.rows[range]) {
                    Ok(part) => parts[share] = Some(part),
                    Err(_) => return false,
                }
            }
            _ => return false,
        }
        true
    }

    /// A helper failed or died: its share, if still missing, is done here.
    fn helper_failed(&self, index: usize) {
        let share = index + 1;
        let missing = self.state.borrow().job.as_ref().is_some_and(|j| j.missing(share));
        if missing {
            self.grow_here(share, &mut |out| post(&self.scope, out));
            self.finish_if_complete();
        }
    }

    /// Does share `k` in this worker.
    fn grow_here(&self, k: usize, emit: Emit) {
        let (range, global) = {
            let state = self.state.borrow();
            let Some(job) = state.job.as_ref() else { return };
            let global = match &job.kind {
                Kind::Explain { share, .. } => Some(share.clone()),
                Kind::Trees { .. } => None,
            };
            (job.ranges[k].clone(), global)
        };
        if let Some(global) = global {
            return self.explain_here(k, range, &global, emit);
        }
        let grown = {
            let handler = self.handler.borrow();
            match handler.pending_plan() {
                Some(plan) => plan
                    .grow_share(range, None, &mut |p| {
                        self.progress_with(k, p.done, emit);
                        true
                    })
                    .map_err(|e| e.to_string()),
                None => Err("the training plan is gone".to_string()),
            }
        };
        match grown {
            Ok(part) => {
                if let Some(job) = self.state.borrow_mut().job.as_mut() {
                    if let Kind::Trees { parts } = &mut job.kind {
                        parts[k] = Some(part);
                    }
                    job.grown_here += 1;
                }
            }
            Err(message) => self.fail(message, emit),
        }
    }

    /// Explains rows `range` of the global explanation's sample (share `k`) in this worker.
    fn explain_here(&self, k: usize, range: Range<usize>, global: &GlobalShare, emit: Emit) {
        // A shared borrow: progress reads the handler's lineage.
        let explained = self.handler.borrow().explain_share(global, range, &mut |done| {
            self.progress_with(k, done, emit);
        });
        match explained {
            Ok(part) => {
                if let Some(job) = self.state.borrow_mut().job.as_mut() {
                    if let Kind::Explain { parts, .. } = &mut job.kind {
                        parts[k] = Some(part);
                    }
                    job.grown_here += 1;
                }
            }
            Err(message) => self.fail(message, emit),
        }
    }

    fn progress(&self, share: usize, done: usize) {
        self.progress_with(share, done, &mut |out| post(&self.scope, out));
    }

    /// Records `done` trees of `share` and tells the page how many trees are grown in all.
    fn progress_with(&self, share: usize, done: usize, emit: Emit) {
        let (id, event) = {
            let mut state = self.state.borrow_mut();
            let Some(job) = state.job.as_mut() else { return };
            job.done[share] = done;
            let all = job.done.iter().sum::<usize>() as u64;
            let phase = match job.kind {
                Kind::Trees { .. } => "trees",
                Kind::Explain { .. } => "explaining customers",
            };
            (job.id, Event::Progress { phase: phase.into(), done: all, total: job.total as u64 })
        };
        let lineage = self.handler.borrow().lineage();
        emit(FromWorker::new(id, lineage, event));
    }

    /// The job failed. Training: the page gets `Failed`, the handler's pending training is
    /// dropped. Explaining: the message that needed it runs here alone (and says what is wrong
    /// if it still cannot be done).
    fn fail(&self, message: String, emit: Emit) {
        let job = self.state.borrow_mut().job.take();
        match job.map(|j| (j.id, j.kind)) {
            Some((id, Kind::Trees { .. })) => {
                self.handler.borrow_mut().abandon_train();
                let lineage = self.handler.borrow().lineage();
                let message = format!("training failed: {message}");
                emit(FromWorker::new(id, lineage, Event::Failed { message }));
            }
            Some((_, Kind::Explain { message: data, .. })) => self.take_page_message(data, false),
            None => {}
        }
        self.drain_backlog();
    }

    /// When every share is in: the forest, its evaluation and the page's result; or the
    /// global explanation, then the page message that needed it.
    fn finish_if_complete(&self) {
        let job = {
            let mut state = self.state.borrow_mut();
            if !state.job.as_ref().is_some_and(Job::complete) {
                return;
            }
            state.job.take()
        };
        let Some(job) = job else { return };
        let workers = job.ranges.len() - job.grown_here.saturating_sub(1);
        let scope = self.scope.clone();
        let mut emit = |out| post(&scope, out);
        match job.kind {
            Kind::Trees { parts } => match join(parts) {
                Some(assembly) => {
                    self.handler.borrow_mut().finish_train(assembly, workers, &mut emit);
                }
                None => {
                    self.handler.borrow_mut().abandon_train();
                    let message = "training failed: a share of trees was grown for another plan";
                    let lineage = self.handler.borrow().lineage();
                    emit(FromWorker::new(
                        job.id,
                        lineage,
                        Event::Failed { message: message.into() },
                    ));
                }
            },
            Kind::Explain { share, parts, message, start } => {
                let mut all = Contributions::default();
                parts.into_iter().flatten().for_each(|p| all.append(p));
                let ms = js_sys::Date::now() - start;
                // Installed or not, the message runs here next (alone if it was not).
                let _ = self.handler.borrow_mut().install_global(&share, all, workers, ms);
                self.take_page_message(message, false);
            }
        }
        self.drain_backlog();
    }

    /// Runs page messages that waited, until one starts another shared job.
    fn drain_backlog(&self) {
        loop {
            if self.state.borrow().job.is_some() {
                return;
            }
            let next = self.state.borrow_mut().backlog.pop_front();
            match next {
                Some(data) => self.on_page_message(data),
                None => return,
            }
        }
    }
}

/// Every share appended to the first, in index order (None if one is missing or belongs to
/// another plan).
fn join(parts: Vec<Option<Assembly>>) -> Option<Assembly> {
    let mut parts = parts.into_iter();
    let mut whole = parts.next()??;
    for part in parts {
        whole.append(part?).ok()?;
    }
    Some(whole)
}

/// Helpers worth starting: one per core beyond this worker's, at most [`MAX_HELPERS`].
fn wanted_helpers() -> usize {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let cores = scope.navigator().hardware_concurrency();
    if cores.is_finite() && cores >= 2.0 {
        ((cores as usize) - 1).min(MAX_HELPERS)
    } else {
        0
    }
}

/// In a helper: does what a parent worker's `parts` (`[tag, bytes, start, end, serial]`) ask
/// — grows trees `start..end` of a plan, or explains rows `start..end` of a job — and posts
/// the result back (`grown` or `explained`, its bytes transferred), or `failed`.
pub fn run_share(scope: &DedicatedWorkerGlobalScope, parts: &Array) {
    let serial = parts.get(4);
    let reply = |tag: &str, value: &JsValue| {
        let _ = scope.post_message(&Array::of3(&tag.into(), value, &serial));
    };
    let bytes = parts.get(1).dyn_into::<Uint8Array>().map(|a| a.to_vec());
    let bytes = bytes.map_err(|_| "the job's bytes are not a Uint8Array".to_string());
    let at = |i: u32| parts.get(i).as_f64().unwrap_or(0.0) as usize;
    let range = at(2)..at(3);
    let mut progress = |done: usize| reply("progress", &(done as u32).into());
    let (tag, done) = match parts.get(0).as_string().as_deref() {
        Some(EXPLAIN) => ("explained", bytes.and_then(|b| explain_rows(&b, range, &mut progress))),
        _ => ("grown", bytes.and_then(|b| grow_trees(&b, range, &mut progress))),
    };
    match done {
        Ok(out) => {
            let bytes = Uint8Array::from(&out[..]);
            let msg = Array::of3(&tag.into(), &bytes, &serial);
            let _ = scope.post_message_with_transfer(&msg, &Array::of1(&bytes.buffer()));
        }
        Err(message) => reply("failed", &message.into()),
    }
}

/// Rows `rows` of the explanation job `job` (bytes), their contributions as bytes.
fn explain_rows(
    job: &[u8],
    rows: Range<usize>,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, String> {
    let job = ExplainJob::from_bytes(job).map_err(|e| e.to_string())?;
    let c = job.explain(rows, BLOCK_ROWS, progress).map_err(|e| e.to_string())?;
    Ok(c.to_bytes())
}

/// Trees `trees` of the plan `plan` (bytes), grown, as bytes.
fn grow_trees(
    plan: &[u8],
    trees: Range<usize>,
    progress: &mut dyn FnMut(usize),
) -> Result<Vec<u8>, String> {
    let plan = FitPlan::from_bytes(plan).map_err(|e| e.to_string())?;
    let share = plan
        .grow_share(trees, None, &mut |p| {
            progress(p.done);
            true
        })
        .map_err(|e| e.to_string())?;
    Ok(share.to_bytes())
}

//! The page's handle on its Web Worker: spawn, queue until `Ready`, send jobs, and hard-cancel.
//!
//! Cancel terminates the worker (the only way to stop a long synchronous step) and starts a fresh
//! one, then silently replays, with their original job ids, the requests that built the worker's
//! current state ([`Replay`]: the load, the cleaning, the model, the current segments, the
//! labelled batches kept for retraining), so the fresh worker has the same generations and every
//! result on the page stays current. Replayed jobs' events are dropped unless they fail.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};

use serde::{Deserialize, Serialize};

use super::dom::js_text;
use crate::protocol::replay::{Replay, Slot};
use crate::protocol::{Bulk, Event, FromWorker, Request, PROTOCOL_VERSION};

/// Share of rows offered as a sample when the worker died while loading a file.
const CRASH_SAMPLE: f64 = 0.25;

/// URL of the worker script Trunk writes (`data-loader-shim`), relative to the page.
const WORKER_URL: &str = "./worker_loader.js";

/// Global the single-file build (`scripts/single-file.mjs`) sets to a `blob:` URL of the worker
/// with its wasm inlined: a page opened from `file://` cannot start `./worker_loader.js`.
const WORKER_URL_GLOBAL: &str = "micronumWorkerUrl";

/// The worker script to start: the page's `blob:` URL when it set one, else Trunk's loader shim.
fn worker_url() -> String {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &WORKER_URL_GLOBAL.into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| WORKER_URL.to_string())
}

type Listener = Rc<dyn Fn(FromWorker)>;

/// True when the user prefers a dark colour scheme (the worker draws charts to match).
fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// A request as sent (its JSON), kept so it can be replayed into a fresh worker or stored with
/// the session. The page only writes requests: it never parses one back (a stored session is
/// replayed as text), so no `Request` deserializer is linked into the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedRequest {
    pub kind: Kind,
    /// The file a load reads (None for other requests and the demo).
    pub file: Option<String>,
    /// The `Request` as JSON.
    pub json: String,
}

impl SavedRequest {
    /// Encodes `request`.
    pub fn new(request: &Request) -> Self {
        let (kind, file) = match request {
            Request::Load { file_name } | Request::LoadSample { file_name, .. } => {
                (Kind::Load, Some(file_name.clone()))
            }
            Request::LoadDemo => (Kind::Load, None),
            Request::Clean { .. } => (Kind::Clean, None),
            Request::Train(_) => (Kind::Train, None),
            Request::UseModel { .. } => (Kind::UseModel, None),
            Request::ScoreBatch { .. } => (Kind::Batch, None),
            Request::Segment(_) => (Kind::Segment, None),
            _ => (Kind::Other, None),
        };
        SavedRequest { kind, file, json: serde_json::to_string(request).unwrap_or_default() }
    }
}

/// A request as sent, kept so it can be replayed into a fresh worker.
#[derive(Clone)]
struct Sent {
    saved: SavedRequest,
    /// The file: a `File` for loads (the worker reads it slice by slice), bytes for batches.
    bytes: Option<Object>,
}

/// What a request does, for progress labels when a stored session is restored and for the
/// sample offer when the worker dies while loading. Stored as its number (a derived enum
/// deserializer would be the biggest part of a stored session's reader).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(into = "u8", try_from = "u8")]
pub enum Kind {
    Load = 0,
    Clean = 1,
    Train = 2,
    UseModel = 3,
    /// A labelled batch: the worker keeps it for retraining (replayed, not persisted).
    Batch = 4,
    Other = 5,
    Segment = 6,
}

impl From<Kind> for u8 {
    fn from(kind: Kind) -> u8 {
        kind as u8
    }
}

impl TryFrom<u8> for Kind {
    type Error = &'static str;

    fn try_from(n: u8) -> Result<Self, Self::Error> {
        Ok(match n {
            0 => Kind::Load,
            1 => Kind::Clean,
            2 => Kind::Train,
            3 => Kind::UseModel,
            4 => Kind::Batch,
            5 => Kind::Other,
            6 => Kind::Segment,
            _ => return Err("unknown request kind"),
        })
    }
}

/// A request of a stored session, with the job id it first ran under (replayed under the same
/// id, so the worker rebuilds the same generations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredRequest {
    pub id: u64,
    pub request: SavedRequest,
}

/// Receives the requests that rebuild the worker's state (and the loaded file: a `File`, or
/// bytes from a session stored by an older version) when they change.
type SessionListener = Rc<dyn Fn(Vec<StoredRequest>, Option<Object>)>;

struct Inner {
    worker: Option<Worker>,
    ready: bool,
    queue: Vec<Array>,
    next_id: u64,
    listener: Listener,
    /// Jobs sent and not finished (a few at a time: a list, not a hash map, is smallest).
    in_flight: Vec<(u64, Sent)>,
    replay: Replay<Sent>,
    silent: Vec<u64>,
    on_session: Option<SessionListener>,
    _closures: Vec<Closure<dyn FnMut(MessageEvent)>>,
}

/// Cheap-to-clone handle (it is `Rc` inside: keep it in `StoredValue::new_local`).
#[derive(Clone)]
pub struct WorkerHandle {
    inner: Rc<RefCell<Inner>>,
}

impl WorkerHandle {
    /// Spawns the worker; `listener` receives every event that is not from a silent replay.
    pub fn new(listener: impl Fn(FromWorker) + 'static) -> Self {
        let handle = WorkerHandle {
            inner: Rc::new(RefCell::new(Inner {
                worker: None,
                ready: false,
                queue: Vec::new(),
                next_id: 1,
                listener: Rc::new(listener),
                in_flight: Vec::new(),
                replay: Replay::default(),
                silent: Vec::new(),
                on_session: None,
                _closures: Vec::new(),
            })),
        };
        handle.spawn();
        handle
    }

    /// Sends a request (with its file: a `File` for loads, bytes for batches) and returns its
    /// job id.
    pub fn send(&self, request: Request, bytes: Option<Object>) -> u64 {
        self.send_saved(SavedRequest::new(&request), bytes)
    }

    /// Sends a request already encoded and returns its job id.
    pub fn send_saved(&self, saved: SavedRequest, bytes: Option<Object>) -> u64 {
        let id = {
            let mut inner = self.inner.borrow_mut();
            let id = inner.next_id;
            inner.next_id += 1;
            id
        };
        self.send_as(id, saved, bytes);
        id
    }

    /// Sends a stored session's request under the job id it first ran with (later jobs get
    /// higher ids).
    pub fn send_stored(&self, stored: StoredRequest, bytes: Option<Object>) -> u64 {
        {
            let mut inner = self.inner.borrow_mut();
            inner.next_id = inner.next_id.max(stored.id + 1);
        }
        self.send_as(stored.id, stored.request, bytes);
        stored.id
    }

    fn send_as(&self, id: u64, saved: SavedRequest, bytes: Option<Object>) {
        let sent = Sent { saved, bytes };
        self.inner.borrow_mut().in_flight.push((id, sent.clone()));
        self.post(id, &sent);
    }

    /// Calls `listener` whenever the requests that rebuild the worker's state change (to persist
    /// the session).
    pub fn on_session(&self, listener: impl Fn(Vec<StoredRequest>, Option<Object>) + 'static) {
        self.inner.borrow_mut().on_session = Some(Rc::new(listener));
    }

    /// Stops whatever the worker is doing now and restores its state in a fresh worker.
    pub fn cancel(&self) {
        let replay = {
            let mut inner = self.inner.borrow_mut();
            if let Some(w) = inner.worker.take() {
                w.terminate();
            }
            inner.ready = false;
            inner.queue.clear();
            inner.in_flight.clear();
            inner._closures.clear();
            let replay: Vec<(u64, Sent)> =
                inner.replay.entries().map(|(id, _, sent)| (id, sent.clone())).collect();
            inner.silent = replay.iter().map(|(id, _)| *id).collect();
            replay
        };
        self.spawn();
        for (id, sent) in replay {
            self.inner.borrow_mut().in_flight.push((id, sent.clone()));
            self.post(id, &sent);
        }
    }

    fn post(&self, id: u64, sent: &Sent) {
        // A `ToWorker`, written around the request's JSON, with the page's colour scheme.
        let dark = prefers_dark();
        let json = format!(
            r#"{{"v":{PROTOCOL_VERSION},"id":{id},"dark":{dark},"request":{}}}"#,
            sent.saved.json
        );
        let msg = Array::new();
        msg.push(&JsValue::from_str(&json));
        if let Some(b) = &sent.bytes {
            msg.push(b);
        }
        let mut inner = self.inner.borrow_mut();
        match (&inner.worker, inner.ready) {
            (Some(w), true) => {
                if let Err(e) = w.post_message(&msg) {
                    let text = format!("could not send the job to the worker: {}", js_text(&e));
                    drop(inner);
                    self.deliver(self.local(Event::Failed { message: text }));
                }
            }
            _ => inner.queue.push(msg),
        }
    }

    fn spawn(&self) {
        let worker = match Worker::new(&worker_url()) {
            Ok(w) => w,
            Err(e) => {
                let message = format!("the background worker could not start: {}", js_text(&e));
                self.deliver(self.local(Event::Failed { message }));
                return;
            }
        };
        let me = self.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            me.on_message(ev.data());
        });
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        let me = self.clone();
        let on_error = Closure::<dyn FnMut(MessageEvent)>::new(move |_ev: MessageEvent| {
            let loading = me.loading_file();
            let message = "the background worker stopped unexpectedly (out of memory?); \
                           your data is kept — try again or use a smaller sample"
                .to_string();
            let event = match loading {
                Some(name) => Event::NeedsSample {
                    message: format!("{name}: {message}"),
                    fraction: CRASH_SAMPLE,
                },
                None => Event::Failed { message },
            };
            me.deliver(me.local(event));
            me.cancel();
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        inner._closures = vec![on_message, on_error];
        inner.worker = Some(worker);
    }

    /// The file a user-started load in flight is reading, if any.
    fn loading_file(&self) -> Option<String> {
        let inner = self.inner.borrow();
        inner
            .in_flight
            .iter()
            .find_map(|(id, s)| s.saved.file.clone().filter(|_| !inner.silent.contains(id)))
    }

    fn on_message(&self, data: JsValue) {
        let msg = match decode(&data) {
            Ok(m) => m,
            Err(e) => {
                let message = format!("unreadable message from the worker: {e}");
                return self.deliver(self.local(Event::Failed { message }));
            }
        };
        if matches!(msg.event, Event::Ready) {
            self.flush();
            return;
        }
        self.track(&msg);
        let silent = self.inner.borrow().silent.contains(&msg.id);
        let done = !matches!(msg.event, Event::Progress { .. });
        if done {
            self.inner.borrow_mut().silent.retain(|&s| s != msg.id);
        }
        if !silent || matches!(msg.event, Event::Failed { .. }) {
            self.deliver(msg);
        }
    }

    /// Remembers which finished requests rebuild the worker's state.
    fn track(&self, msg: &FromWorker) {
        if matches!(msg.event, Event::Progress { .. }) {
            return;
        }
        let changed = {
            let mut inner = self.inner.borrow_mut();
            let Some(at) = inner.in_flight.iter().position(|(id, _)| *id == msg.id) else { return };
            let (_, sent) = inner.in_flight.swap_remove(at);
            let silent = inner.silent.contains(&msg.id);
            let changed = inner.replay.on_result(msg.id, &msg.event, msg.lineage, sent);
            // A replay after Cancel rebuilds what is already stored.
            (changed && !silent).then(|| {
                let entries = || inner.replay.entries();
                let requests = entries()
                    .filter(|(_, slot, _)| *slot != Slot::Batch)
                    .map(|(id, _, s)| StoredRequest { id, request: s.saved.clone() })
                    .collect();
                let bytes = entries()
                    .filter(|(_, slot, _)| matches!(slot, Slot::Stage(_)))
                    .find_map(|(_, _, s)| s.bytes.clone());
                (inner.on_session.clone(), requests, bytes)
            })
        };
        if let Some((Some(listener), requests, bytes)) = changed {
            listener(requests, bytes);
        }
    }

    fn flush(&self) {
        let (worker, queue) = {
            let mut inner = self.inner.borrow_mut();
            inner.ready = true;
            (inner.worker.clone(), std::mem::take(&mut inner.queue))
        };
        if let Some(w) = worker {
            for msg in queue {
                let _ = w.post_message(&msg);
            }
        }
        // A hook for tests and for the user-visible status: the worker answers requests now.
        if let Some(root) =
            web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-worker", "ready");
        }
    }

    /// An event the page itself raises about the worker, at the worker's last known lineage.
    fn local(&self, event: Event) -> FromWorker {
        FromWorker::new(0, self.inner.borrow().replay.lineage(), event)
    }

    fn deliver(&self, msg: FromWorker) {
        let listener = self.inner.borrow().listener.clone();
        listener(msg);
    }
}

/// A worker message: a JSON text, `[json, Float64Array, Uint8Array, Uint32Array]` when a
/// result's per-row columns travel as typed arrays, or `[json, Uint8Array]` with a file.
fn decode(data: &JsValue) -> Result<FromWorker, String> {
    if let Some(text) = data.as_string() {
        return serde_json::from_str(&text).map_err(|e| e.to_string());
    }
    let parts: Array =
        data.clone().dyn_into().map_err(|_| "neither text nor a list".to_string())?;
    let text = parts.get(0).as_string().ok_or("a list without JSON")?;
    let mut msg: FromWorker = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if parts.length() == 2 {
        // A file (an ONNX export) beside the JSON.
        let file = parts
            .get(1)
            .dyn_into::<js_sys::Uint8Array>()
            .map_err(|_| "a file that is not bytes")?;
        msg.put_bytes(file.to_vec())?;
        return Ok(msg);
    }
    let typed = |i: u32| parts.get(i);
    let proba =
        typed(1).dyn_into::<js_sys::Float64Array>().map_err(|_| "scores are not a Float64Array")?;
    let y =
        typed(2).dyn_into::<js_sys::Uint8Array>().map_err(|_| "classes are not a Uint8Array")?;
    let ids =
        typed(3).dyn_into::<js_sys::Uint32Array>().map_err(|_| "row ids are not a Uint32Array")?;
    msg.put_bulk(Bulk { proba: proba.to_vec(), y: y.to_vec(), row_ids: ids.to_vec() })?;
    Ok(msg)
}

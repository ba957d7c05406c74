//! wasm entry of the worker: wires [`Handler`] to `postMessage`.
//!
//! Inbound messages are a JS array `[json, file?]`: the [`ToWorker`] JSON text and, for loads,
//! the `File` the user chose (read slice by slice, see [`super::blob`]), or a `Uint8Array` with
//! a file's bytes. Outbound messages are [`FromWorker`] JSON texts, or for a
//! training result `[json, Float64Array, Uint8Array, Uint32Array]` with its per-row columns
//! ([`crate::protocol::Bulk`]) transferred, not copied, to the page. The worker posts
//! `Ready` once its handler is installed; the page queues requests until then.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::pool::Pool;
use super::Handler;
use crate::protocol::{Event, FromWorker, ToWorker};

/// Installs the message handler and announces readiness. The same script runs as a helper
/// that grows shares of a forest or explains rows for another worker (see [`super::pool`]).
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let pool = Pool::new(Handler::with_clock(js_sys::Date::now), scope.clone());
    let helper_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let data = ev.data();
        match helper_request(&data) {
            Some(parts) => super::pool::run_share(&helper_scope, &parts),
            None => pool.on_page_message(data),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, FromWorker::new(0, Default::default(), Event::Ready));
}

/// A parent worker's request to grow trees or explain rows (`["grow", …]`, `["explain", …]`),
/// if `data` is one.
fn helper_request(data: &JsValue) -> Option<js_sys::Array> {
    let parts = data.clone().dyn_into::<js_sys::Array>().ok()?;
    let tag = parts.get(0).as_string();
    matches!(tag.as_deref(), Some(super::pool::GROW | super::pool::EXPLAIN)).then_some(parts)
}

/// A page message's file: bytes (a batch to score) or a `File` the user chose (a load), read
/// slice by slice.
pub(super) enum Payload {
    Bytes(Vec<u8>),
    File(web_sys::Blob),
}

pub(super) fn decode(data: &JsValue) -> Result<(ToWorker, Option<Payload>), String> {
    let parts: js_sys::Array =
        data.clone().dyn_into().map_err(|_| "malformed message".to_string())?;
    let json = parts.get(0).as_string().ok_or_else(|| "message without JSON".to_string())?;
    let msg: ToWorker =
        serde_json::from_str(&json).map_err(|e| format!("malformed request: {e}"))?;
    let file = parts.get(1);
    let payload = match file.dyn_into::<js_sys::Uint8Array>() {
        Ok(bytes) => Some(Payload::Bytes(bytes.to_vec())),
        Err(other) => other.dyn_into::<web_sys::Blob>().ok().map(Payload::File),
    };
    Ok((msg, payload))
}

pub(super) fn post(scope: &DedicatedWorkerGlobalScope, mut out: FromWorker) {
    let bulk = out.take_bulk();
    let file = out.take_bytes();
    let text = serde_json::to_string(&out).unwrap_or_else(|e| {
        let message = format!("cannot encode result: {e}");
        serde_json::to_string(&FromWorker::new(out.id, out.lineage, Event::Failed { message }))
            .unwrap_or_default()
    });
    // postMessage only fails for uncloneable values; strings and typed arrays always clone.
    if let Some(file) = file {
        let bytes = js_sys::Uint8Array::from(&file[..]);
        let msg = js_sys::Array::of2(&JsValue::from_str(&text), &bytes);
        let _ = scope.post_message_with_transfer(&msg, &js_sys::Array::of1(&bytes.buffer()));
        return;
    }
    let Some(bulk) = bulk else {
        let _ = scope.post_message(&JsValue::from_str(&text));
        return;
    };
    let proba = js_sys::Float64Array::from(&bulk.proba[..]);
    let y = js_sys::Uint8Array::from(&bulk.y[..]);
    let ids = js_sys::Uint32Array::from(&bulk.row_ids[..]);
    let msg = js_sys::Array::of4(&JsValue::from_str(&text), &proba, &y, &ids);
    let transfer = js_sys::Array::of3(&proba.buffer(), &y.buffer(), &ids.buffer());
    let _ = scope.post_message_with_transfer(&msg, &transfer);
}

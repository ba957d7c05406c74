//! wasm entry of the worker: wires [`Handler`] to `postMessage`.
//!
//! Inbound messages are a JS array `[json, bytes?]`: the [`ToWorker`] JSON text and, for loads,
//! a `Uint8Array` with the file. Outbound messages are [`FromWorker`] JSON texts. The worker posts
//! `Ready` once its handler is installed; the page queues requests until then.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

use super::Handler;
use crate::protocol::{Event, FromWorker, ToWorker};

thread_local! {
    static HANDLER: RefCell<Handler> = RefCell::new(Handler::with_clock(js_sys::Date::now));
}

/// Installs the message handler and announces readiness.
pub fn start() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let poster = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
        let mut emit = |out: FromWorker| post(&poster, &out);
        match decode(&ev.data()) {
            Ok((msg, bytes)) => {
                HANDLER.with(|h| h.borrow_mut().handle(msg, bytes.as_deref(), &mut emit))
            }
            Err(message) => emit(FromWorker::new(0, Event::Failed { message })),
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&scope, &FromWorker::new(0, Event::Ready));
}

fn decode(data: &JsValue) -> Result<(ToWorker, Option<Vec<u8>>), String> {
    let parts: js_sys::Array =
        data.clone().dyn_into().map_err(|_| "malformed message".to_string())?;
    let json = parts.get(0).as_string().ok_or_else(|| "message without JSON".to_string())?;
    let msg: ToWorker =
        serde_json::from_str(&json).map_err(|e| format!("malformed request: {e}"))?;
    let bytes = parts.get(1).dyn_into::<js_sys::Uint8Array>().ok().map(|a| a.to_vec());
    Ok((msg, bytes))
}

fn post(scope: &DedicatedWorkerGlobalScope, out: &FromWorker) {
    let text = serde_json::to_string(out).unwrap_or_else(|e| {
        format!(r#"{{"v":1,"id":{},"event":{{"type":"failed","message":"cannot encode result: {e}"}}}}"#, out.id)
    });
    // postMessage only fails for uncloneable values; a string always clones.
    let _ = scope.post_message(&JsValue::from_str(&text));
}

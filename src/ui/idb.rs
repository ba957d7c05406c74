//! Browser storage (IndexedDB, through the small `js/idb.js` script): the model registry and the
//! last session. Records are JSON text whose schema lives here.

use js_sys::{Array, Object};
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::worker_handle::StoredRequest;
use crate::protocol::{BatchMetrics, ModelInfo, PROTOCOL_VERSION};

#[wasm_bindgen(js_namespace = micronumIdb)]
extern "C" {
    #[wasm_bindgen(js_name = modelAdd)]
    fn model_add(meta: &str, model: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = modelSetMeta)]
    fn model_set_meta(id: f64, meta: &str) -> js_sys::Promise;
    #[wasm_bindgen(js_name = modelList)]
    fn model_list() -> js_sys::Promise;
    #[wasm_bindgen(js_name = modelGet)]
    fn model_get(id: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = modelDelete)]
    fn model_delete(id: f64) -> js_sys::Promise;
    #[wasm_bindgen(js_name = sessionPut)]
    fn session_put(json: &str, bytes: JsValue) -> js_sys::Promise;
    #[wasm_bindgen(js_name = sessionGet)]
    fn session_get() -> js_sys::Promise;
    #[wasm_bindgen(js_name = sessionClear)]
    fn session_clear() -> js_sys::Promise;
}

/// One labelled batch scored by a model: a point of its metric history.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryPoint {
    /// When it was scored (ISO 8601).
    pub date: String,
    pub file_name: String,
    pub metrics: BatchMetrics,
}

/// What the registry lists about a saved model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMeta {
    pub name: String,
    /// When it was saved (ISO 8601).
    pub saved: String,
    pub info: ModelInfo,
    #[serde(default)]
    pub history: Vec<HistoryPoint>,
}

/// A saved model's id and meta.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: f64,
    pub meta: ModelMeta,
}

async fn wait(p: js_sys::Promise) -> Result<JsValue, String> {
    JsFuture::from(p).await.map_err(|e| format!("browser storage: {}", super::dom::js_text(&e)))
}

fn to_json<T: Serialize>(v: &T) -> Result<String, String> {
    serde_json::to_string(v).map_err(|e| e.to_string())
}

/// Saves a model; returns its id.
pub async fn add_model(meta: &ModelMeta, model_json: &str) -> Result<f64, String> {
    let id = wait(model_add(&to_json(meta)?, model_json)).await?;
    id.as_f64().ok_or_else(|| "browser storage returned no id".to_string())
}

/// Replaces the meta (name, history) of a saved model.
pub async fn set_meta(id: f64, meta: &ModelMeta) -> Result<(), String> {
    wait(model_set_meta(id, &to_json(meta)?)).await.map(|_| ())
}

/// Every saved model, oldest first.
pub async fn list() -> Result<Vec<Entry>, String> {
    let text = wait(model_list()).await?.as_string().unwrap_or_else(|| "[]".into());
    serde_json::from_str(&text).map_err(|e| format!("browser storage: unreadable registry ({e})"))
}

/// The model file of a saved model.
pub async fn get_model(id: f64) -> Result<String, String> {
    wait(model_get(id)).await?.as_string().ok_or_else(|| "browser storage: no model text".into())
}

/// Removes a saved model.
pub async fn delete(id: f64) -> Result<(), String> {
    wait(model_delete(id)).await.map(|_| ())
}

/// The requests that rebuild the worker's state, and the loaded file's bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The [`PROTOCOL_VERSION`] of `requests` (0: saved before sessions were versioned).
    #[serde(default)]
    pub v: u32,
    /// The requests as sent (JSON) with their job ids, replayed as they are under the same ids.
    pub requests: Vec<StoredRequest>,
    /// Target and positive label chosen in the Clean step.
    pub target: Option<String>,
    pub positive: Option<String>,
}

/// Stores the session (replacing the previous one).
pub async fn save_session(session: &Session, bytes: Option<&Object>) -> Result<(), String> {
    let bytes = bytes.map(JsValue::from).unwrap_or(JsValue::NULL);
    wait(session_put(&to_json(session)?, bytes)).await.map(|_| ())
}

/// What browser storage holds of the last session.
pub enum Stored {
    /// No session.
    Nothing,
    /// A session saved by another version of the app (or unreadable); it was discarded.
    Outdated,
    /// The session and its file's bytes.
    Session(Session, Option<Object>),
}

/// The stored session, if any; one from another protocol version, or unreadable, is dropped.
pub async fn load_session() -> Result<Stored, String> {
    let value = wait(session_get()).await?;
    if value.is_null() || value.is_undefined() {
        return Ok(Stored::Nothing);
    }
    let pair = Array::from(&value);
    let Some(text) = pair.get(0).as_string() else { return Ok(Stored::Nothing) };
    let bytes = pair.get(1).dyn_into::<Object>().ok();
    match serde_json::from_str::<Session>(&text) {
        Ok(s) if s.v == PROTOCOL_VERSION => Ok(Stored::Session(s, bytes)),
        _ => {
            clear_session().await?;
            Ok(Stored::Outdated)
        }
    }
}

/// Forgets the stored session.
pub async fn clear_session() -> Result<(), String> {
    wait(session_clear()).await.map(|_| ())
}

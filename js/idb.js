// IndexedDB storage for the app: the model registry and the last session, as the global
// `micronumIdb` (a classic script, so the module-less worker build never sees it). Used from Rust
// through wasm-bindgen (src/ui/idb.rs). Everything stays in this browser profile; nothing is sent
// anywhere. Values are JSON text (and the session's file bytes): the Rust side owns every schema.
(() => {
const DB_NAME = "micronum";
const DB_VERSION = 1;

function openDb() {
  return new Promise((resolve, reject) => {
    let req;
    try {
      // Throws (or is missing) where the browser keeps no storage for this page: some private
      // modes, or a file opened from disk when the browser refuses storage to file:// pages.
      req = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(new Error(`IndexedDB is not available to this page (${(e && e.message) || e}), so nothing can be kept in this browser`));
      return;
    }
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("models")) db.createObjectStore("models", { keyPath: "id", autoIncrement: true });
      if (!db.objectStoreNames.contains("session")) db.createObjectStore("session");
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error("the browser storage is in use by another micronum tab"));
  });
}

async function run(store, mode, body) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      let result;
      const req = body(tx.objectStore(store));
      if (req) req.onsuccess = () => { result = req.result; };
      tx.oncomplete = () => resolve(result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("storage transaction aborted (quota?)"));
    });
  } finally {
    db.close();
  }
}

/** Adds a model (meta and model as JSON text); resolves to its id. */
function modelAdd(meta, model) {
  return run("models", "readwrite", (s) => s.add({ meta, model }));
}

/** Replaces the meta JSON of model `id`. */
async function modelSetMeta(id, meta) {
  const rec = await run("models", "readonly", (s) => s.get(id));
  if (!rec) throw new Error(`no saved model with id ${id}`);
  rec.meta = meta;
  await run("models", "readwrite", (s) => s.put(rec));
}

/** JSON text of [{id, meta}] for every saved model, oldest first. */
async function modelList() {
  const all = await run("models", "readonly", (s) => s.getAll());
  return JSON.stringify((all || []).map((r) => ({ id: r.id, meta: JSON.parse(r.meta) })));
}

/** The model JSON of `id`. */
async function modelGet(id) {
  const rec = await run("models", "readonly", (s) => s.get(id));
  if (!rec) throw new Error(`no saved model with id ${id}`);
  return rec.model;
}

function modelDelete(id) {
  return run("models", "readwrite", (s) => s.delete(id));
}

/** Stores the session: JSON text plus the loaded file's bytes (or null). */
function sessionPut(json, bytes) {
  return run("session", "readwrite", (s) => s.put({ json, bytes: bytes || null }, "current"));
}

/** [json, bytes] of the stored session, or null. */
async function sessionGet() {
  const rec = await run("session", "readonly", (s) => s.get("current"));
  return rec ? [rec.json, rec.bytes] : null;
}

function sessionClear() {
  return run("session", "readwrite", (s) => s.delete("current"));
}

window.micronumIdb = { modelAdd, modelSetMeta, modelList, modelGet, modelDelete, sessionPut, sessionGet, sessionClear };
})();

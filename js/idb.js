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
      // `body` returns a request (its result resolves) or a list of them (their results do).
      const req = body(tx.objectStore(store));
      tx.oncomplete = () => resolve(Array.isArray(req) ? req.map((r) => r.result) : req && req.result);
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

// The session is two records: "json" (the requests, rewritten after every step) and "file" (the
// loaded file as a Blob, written only when the file changes). Writing a 40 MB Uint8Array on every
// step would structured-clone it on the page's main thread each time (~350 ms at 1M rows); a Blob
// is handed to the browser's storage without that.
let storedBytes;

/** Stores the session: JSON text plus the loaded file's bytes (or null). */
async function sessionPut(json, bytes) {
  bytes = bytes || null;
  if (bytes !== storedBytes) {
    // Set first, so a step saved while the file is being written does not write it again.
    storedBytes = bytes;
    const file = bytes ? new Blob([bytes]) : null;
    try {
      await run("session", "readwrite", (s) => s.put(file, "file"));
    } catch (e) {
      storedBytes = undefined;
      throw e;
    }
  }
  return run("session", "readwrite", (s) => s.put(json, "json"));
}

/** [json, bytes] of the stored session, or null. */
async function sessionGet() {
  const [json, file] = await run("session", "readonly", (s) => [s.get("json"), s.get("file")]);
  if (typeof json !== "string") return null;
  return [json, file ? new Uint8Array(await file.arrayBuffer()) : null];
}

function sessionClear() {
  storedBytes = undefined;
  return run("session", "readwrite", (s) => { s.delete("json"); s.delete("file"); s.delete("current"); });
}

window.micronumIdb = { modelAdd, modelSetMeta, modelList, modelGet, modelDelete, sessionPut, sessionGet, sessionClear };
})();

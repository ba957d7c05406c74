// A tiny static file server for dist/ (used by ./run and the e2e tests).
// Usage: node scripts/serve.mjs DIR PORT [PREFIX]
// Serves DIR at http://127.0.0.1:PORT/PREFIX/ (PREFIX lets tests check sub-path hosting).
// Loopback only; correct MIME types for .wasm/.js; no caching headers so tests see fresh builds.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize, resolve } from "node:path";

const [dir = "dist", port = "8080", prefixArg = ""] = process.argv.slice(2);
const root = resolve(dir);
const prefix = prefixArg ? "/" + prefixArg.replace(/^\/+|\/+$/g, "") : "";
const types = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8", ".wasm": "application/wasm", ".css": "text/css",
  ".csv": "text/csv; charset=utf-8", ".json": "application/json", ".png": "image/png",
  ".svg": "image/svg+xml", ".ico": "image/x-icon", ".webmanifest": "application/manifest+json",
};

const server = createServer(async (req, res) => {
  try {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (prefix) {
      if (path === prefix) { res.writeHead(301, { Location: prefix + "/" }); return res.end(); }
      if (!path.startsWith(prefix + "/")) { res.writeHead(404); return res.end("not found"); }
      path = path.slice(prefix.length);
    }
    if (path.endsWith("/")) path += "index.html";
    const file = normalize(join(root, path));
    if (!file.startsWith(root)) { res.writeHead(403); return res.end(); }
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a file");
    const body = await readFile(file);
    res.writeHead(200, {
      "Content-Type": types[extname(file)] || "application/octet-stream",
      "Cache-Control": "no-store",
    });
    res.end(body);
  } catch {
    res.writeHead(404, { "Content-Type": "text/plain" });
    res.end("not found");
  }
});
server.listen(Number(port), "127.0.0.1", () => {
  const actual = server.address().port;
  process.stdout.write(`serving ${root} at http://127.0.0.1:${actual}${prefix}/\n`);
});

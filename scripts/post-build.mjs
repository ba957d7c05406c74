// Trunk post_build hook: the steps that rewrite the staged build ($TRUNK_STAGING_DIR), in order. Trunk starts the hooks
// of one stage concurrently, so steps that depend on each other run from this one hook:
//   1. guide.mjs       writes the user guide (docs/guide.md) as guide.html + img/ beside the app;
//   2. csp-hash.mjs    adds the inline scripts' sha256 to index.html's CSP;
//   3. sw-precache.mjs writes the file list and version (which hashes the final index.html) into sw.js,
//                      so the guide is cached for offline use too.
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
for (const step of ["guide.mjs", "csp-hash.mjs", "sw-precache.mjs"]) {
  execFileSync(process.execPath, [join(here, step)], { stdio: "inherit" });
}

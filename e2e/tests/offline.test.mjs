// Offline use: the single-file page (dist-single/micronum.html, `./run --single-file`) works
// opened from file:// with no server, and the hosted build keeps working offline once loaded,
// served by its service worker (sw.js) with the server gone and the browser offline.
import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AppPage, browserSuite, data, launch, repo } from "./fixtures/app.mjs";

const singleFile = join(repo, "dist-single/micronum.html");

/** Trains a 20-tree forest on the demo data and returns the accuracy shown. */
async function trainDemo(app) {
  await app.useDemo();
  assert.match(await app.text("data-summary"), /400 rows/);
  await app.openStep("model");
  await app.byTestId("param-n-estimators").fill("20");
  await app.byTestId("train-button").click();
  await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
  const accuracy = await app.text("metric-accuracy");
  assert.match(accuracy, /^0\.\d{3}$/);
  // The majority baseline on this data is 0.643; any working forest is far above it.
  assert.ok(Number(accuracy) > 0.8, `accuracy ${accuracy}`);
  return accuracy;
}

describe("offline: single-file page from file://", () => {
  let browser;
  before(async () => {
    if (!existsSync(singleFile)) throw new Error(`${singleFile} missing: run node scripts/single-file.mjs`);
    browser = await launch();
  });
  after(async () => browser?.close());

  test("the file holds everything: no file references, scripts pinned by hash, workers from blob:", () => {
    const html = readFileSync(singleFile, "utf8");
    assert.deepEqual([...html.matchAll(/\b(?:src|href)="(?!data:)([^"]*)"/g)].map((m) => m[1]), []);
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1] ?? "";
    const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? "";
    assert.match(scriptSrc, /'sha256-/);
    assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'|'self'|\*/);
    assert.match(csp, /worker-src blob:(;|$)/);
    assert.doesNotMatch(html, /sw-register|serviceWorker\.register/);
  });

  test("opened from disk, it loads the demo and trains a forest without any request", async () => {
    const url = pathToFileURL(singleFile).href;
    const app = await AppPage.open(browser, url);
    assert.match(await app.page.evaluate(() => window.micronumWorkerUrl), /^blob:/);
    await trainDemo(app);
    await app.screenshot("offline-single-file");
    const fetched = app.allRequests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:"));
    assert.deepEqual(fetched, [url]); // the page itself, nothing else
    assert.deepEqual(app.requests, []);
    assert.deepEqual(app.consoleErrors, []);
    await app.page.context().close();
  });

  test("Cancel restarts the worker from the same blob: URL, and the data stays usable", async () => {
    const app = await AppPage.open(browser, pathToFileURL(singleFile).href);
    await app.startLongTraining(500);
    await app.byTestId("cancel-button").click();
    await app.waitIdle(10_000);
    // The fresh worker got the file back (replayed load) and trains on it.
    await app.byTestId("param-n-estimators").fill("20");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    assert.match(await app.text("metric-accuracy"), /^0\.\d{3}$/);
    assert.deepEqual(app.allRequests.filter((u) => !u.startsWith("data:") && !u.startsWith("blob:")), [app.url]);
    assert.deepEqual(app.consoleErrors, []);
    await app.page.context().close();
  });

  test("without browser storage it still trains and says the session will not be kept", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // What a browser that refuses storage to file:// pages does: indexedDB.open throws.
    await context.addInitScript(() => {
      Object.defineProperty(window, "indexedDB", {
        get() { return { open() { throw new DOMException("access denied", "SecurityError"); } }; },
      });
    });
    const page = await context.newPage();
    const app = new AppPage(page, pathToFileURL(singleFile).href);
    await app.goto();
    await trainDemo(app);
    assert.match(await app.text("notice"), /will not survive a reload: .*IndexedDB is not available/);
    await app.openStep("monitor");
    await app.byTestId("error-message").waitFor();
    assert.match(await app.text("error-message"), /IndexedDB is not available/);
    assert.deepEqual(app.consoleErrors, []);
    await context.close();
  });
});

describe("offline: hosted build with its service worker", () => {
  let server, browser;
  browserSuite((s) => ({ server, browser } = s), "dist", "micronum");

  test("after one visit, the app boots, loads the demo and trains with no server and no network", async () => {
    const app = await AppPage.open(browser, server.url); // waits until the service worker controls it
    const scope = await app.page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, server.url);
    // The precache ran while loading, and the recording (which counts the service worker's own
    // requests) saw it: sw.js and a second fetch of each file.
    assert.ok(app.allRequests.includes(`${server.url}sw.js`));
    assert.equal(app.allRequests.filter((u) => u === `${server.url}worker_bg.wasm`).length, 2);
    assert.deepEqual(app.requests, []);

    server.close();
    await app.page.context().setOffline(true);
    const fromNetwork = [];
    const fromCache = [];
    app.page.on("response", (r) => {
      if (/^https?:/.test(r.url())) (r.fromServiceWorker() ? fromCache : fromNetwork).push(r.url().slice(server.url.length));
    });
    const failed = [];
    app.page.context().on("requestfailed", (r) => failed.push(r.url()));
    app.recording = false;
    await app.page.reload();
    await app.waitReady();
    assert.match(await app.page.title(), /micronum/);
    await trainDemo(app);
    assert.deepEqual(fromNetwork, []);
    for (const f of ["", "worker_loader.js", "worker.js", "worker_bg.wasm"]) assert.ok(fromCache.includes(f), `${f || "page"} from the cache`);
    assert.deepEqual(failed, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

// Browser benchmark (prints, asserts nothing): loads a CSV into the built app in headless
// Chromium, trains a 100-tree forest in the worker, and prints the worker's own timing and the
// longest main-thread task seen meanwhile.
// Usage: node bench/browser.mjs FILE.csv [TARGET] [--load-only] [--min-samples-leaf=N] [--discover] [--report]
// --report: after training, builds the Report step's report and prints the time from the click
// to the preview (the report explains the model too, so it includes the global explanation).
// --discover: instead of training, runs the Segments step's Discover method at its defaults and
// prints the time from the click to the table (issue 20: 100,000 rows in ≤ 10 s in the worker).
//
// The file reaches the page the way a dropped file does (a `File` handed to the file input), but
// it is fetched from the bench server first: Playwright's setInputFiles sends file contents over
// the DevTools protocol and stalls on files of tens of megabytes, which would time the harness,
// not the app. Timing starts when the input's change event fires.
import { mkdtempSync, readdirSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { AppPage, launch, repo, startServer } from "../e2e/tests/fixtures/app.mjs";

const args = process.argv.slice(2);
const loadOnly = args.includes("--load-only");
const discover = args.includes("--discover");
const report = args.includes("--report");
const leafArg = args.find((a) => a.startsWith("--min-samples-leaf="));
const [fileArg, target = "purchased"] = args.filter((a) => !a.startsWith("--"));
if (!fileArg) {
  console.error("usage: node bench/browser.mjs FILE.csv [TARGET] [--load-only] [--min-samples-leaf=N] [--discover] [--report]");
  process.exit(2);
}
const file = resolve(fileArg);
// The built app plus the data file, served from one origin (the app's CSP allows 'self' only).
const root = mkdtempSync(join(tmpdir(), "micronum-bench-"));
for (const name of readdirSync(join(repo, "dist"))) symlinkSync(join(repo, "dist", name), join(root, name));
symlinkSync(file, join(root, "bench-data.csv"));

const server = await startServer(root);
const browser = await launch();
try {
  const app = await AppPage.open(browser, server.url);
  await app.page.evaluate(async (name) => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: "longtask", buffered: true });
    const blob = await (await fetch("bench-data.csv")).blob();
    window.__file = new File([blob], name, { type: "text/csv" });
  }, basename(file));
  const loadMs = await app.page.evaluate(async () => {
    const input = document.querySelector("[data-testid=file-input]");
    const dt = new DataTransfer();
    dt.items.add(window.__file);
    input.files = dt.files;
    const t0 = performance.now();
    input.dispatchEvent(new Event("change", { bubbles: true }));
    const summary = () => document.querySelector("[data-testid=data-summary]")?.innerText || "";
    while (!/rows ×/.test(summary())) await new Promise((r) => setTimeout(r, 20));
    return performance.now() - t0;
  });
  const mb = statSync(file).size / 1e6;
  const memory = async () => app.page.evaluate(() => (performance.memory ? (performance.memory.usedJSHeapSize / 1e6).toFixed(0) + " MB JS heap (page)" : "n/a"));
  console.log(`file ${file} (${mb.toFixed(1)} MB): read + parse in the worker ${loadMs.toFixed(0)} ms = ${(mb / (loadMs / 1000)).toFixed(1)} MB/s`);
  console.log(`summary: ${await app.text("data-summary")}; ${await memory()}`);
  if (discover) {
    await app.openStep("clean");
    await app.byTestId("target-select").selectOption(target);
    await app.waitIdle(300_000);
    await app.openStep("segments");
    await app.byTestId("segment-method").selectOption("discover");
    const t0 = Date.now();
    await app.byTestId("segment-run").click();
    await app.byTestId("discovery-table").waitFor({ timeout: 900_000 });
    console.log(`discover, click → table: ${Date.now() - t0} ms — ${await app.text("discovery-summary")}`);
  } else if (!loadOnly) {
    await app.openStep("clean");
    await app.byTestId("target-select").selectOption(target);
    await app.openStep("model");
    if (leafArg) await app.byTestId("param-min-samples-leaf").fill(leafArg.split("=")[1]);
    // The Clean step asks the worker for cleaning suggestions; a user reads them before training,
    // so Train is clicked once the worker is idle (the wait is printed, not counted).
    const idle0 = Date.now();
    await app.waitIdle(300_000);
    console.log(`worker busy with the earlier steps' requests for ${Date.now() - idle0} ms before Train`);
    // When each phase of the job first shows in the progress bar (sampled every 50 ms).
    await app.page.evaluate(() => {
      window.__phases = [];
      const t0 = performance.now();
      window.__phaseTimer = setInterval(() => {
        const text = document.querySelector("[data-testid=train-progress]")?.innerText || "";
        // "Training — trees (12 of 100)" → "trees"
        const phase = (text.match(/—\s*([^(\n]*)/)?.[1] || "").trim();
        const last = window.__phases[window.__phases.length - 1];
        if (phase && (!last || last[0] !== phase)) window.__phases.push([phase, Math.round(performance.now() - t0)]);
        // Trees grown: when each quarter of them is done.
        const grown = text.match(/trees \((\d+) of (\d+)\)/);
        if (grown) {
          const [done, total] = [Number(grown[1]), Number(grown[2])];
          for (const q of [1, 2, 3]) {
            const name = `${q}/4 of the trees`;
            if (done >= (total * q) / 4 && !window.__phases.some(([p]) => p === name)) window.__phases.push([name, Math.round(performance.now() - t0)]);
          }
        }
      }, 50);
    });
    const t1 = Date.now();
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 900_000 });
    const trainMs = Date.now() - t1;
    const phases = await app.page.evaluate(() => { clearInterval(window.__phaseTimer); return window.__phases; });
    console.log(`phases (first seen, ms after the click): ${phases.map(([p, t]) => `${p} ${t}`).join(" · ")}`);
    const detail = await app.page.locator("#results-title + p").innerText();
    console.log(`train + evaluate, wall: ${trainMs} ms — worker: ${detail}`);
    console.log(`accuracy ${await app.text("metric-accuracy")}`);
    if (report) {
      await app.openStep("report");
      const t2 = Date.now();
      await app.byTestId("build-report").click();
      await app.byTestId("report-preview").waitFor({ timeout: 900_000 });
      await app.page.frameLocator("[data-testid=report-preview]").getByTestId("report-model").waitFor({ timeout: 900_000 });
      console.log(`report, click → preview: ${Date.now() - t2} ms`);
    }
  }
  console.log(`longest main-thread task ${(await app.page.evaluate(() => window.__longest)).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}

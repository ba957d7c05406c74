// Browser benchmark (prints, asserts nothing): loads a CSV into the built app in headless
// Chromium, trains a 100-tree forest in the worker, and prints the worker's own timing and the
// longest main-thread task seen meanwhile. Usage: node bench/browser.mjs FILE.csv [TARGET] [--load-only]
import { AppPage, launch, startServer } from "../e2e/tests/fixtures/app.mjs";

const args = process.argv.slice(2);
const loadOnly = args.includes("--load-only");
const [file, target = "purchased"] = args.filter((a) => !a.startsWith("--"));
if (!file) {
  console.error("usage: node bench/browser.mjs FILE.csv [TARGET] [--load-only]");
  process.exit(2);
}
const server = await startServer();
const browser = await launch();
try {
  const app = await AppPage.open(browser, server.url);
  await app.page.evaluate(() => {
    window.__longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: "longtask", buffered: true });
  });
  const t0 = Date.now();
  await app.upload(file);
  await app.page.waitForFunction(() => /rows ×/.test(document.querySelector("[data-testid=data-summary]")?.innerText || ""), null, { timeout: 300_000 });
  const loadMs = Date.now() - t0;
  if (loadOnly) {
    const longest = await app.page.evaluate(() => window.__longest);
    const mb = (await import("node:fs")).statSync(file).size / 1e6;
    console.log(`file ${file} (${mb.toFixed(1)} MB): read + parse in the worker ${loadMs} ms = ${(mb / (loadMs / 1000)).toFixed(1)} MB/s; longest main-thread task ${longest.toFixed(0)} ms`);
    console.log(`summary: ${await app.text("data-summary")}`);
    process.exit(0);
  }
  await app.openStep("clean");
  await app.byTestId("target-select").selectOption(target);
  await app.openStep("model");
  const t1 = Date.now();
  await app.byTestId("train-button").click();
  await app.byTestId("metric-accuracy").waitFor({ timeout: 600_000 });
  const trainMs = Date.now() - t1;
  const detail = await app.page.locator("#results-title + p").innerText();
  const longest = await app.page.evaluate(() => window.__longest);
  console.log(`file ${file}`);
  console.log(`load (read + parse in the worker): ${loadMs} ms`);
  console.log(`train + evaluate, wall: ${trainMs} ms — worker: ${detail}`);
  console.log(`accuracy ${await app.text("metric-accuracy")}; longest main-thread task ${longest.toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}

// The user guide: walks the workflow on the demo data, checking on the way the numbers the guide
// quotes (400 rows, accuracy 0.940 against a 0.640 baseline, the segment intervals, the prior),
// and takes the guide's screenshots (docs/img/*.png when MICRONUM_DOCS_IMG=1, otherwise
// e2e/artifacts/guide/ so a normal test run leaves the tree clean). Then each step's Help link
// must point at its section of guide.html, and following one must open the guide — same origin,
// HTTP 200, no script, images served, the section at the top — with no axe-core violation.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { appSuite, artifacts, data, repo } from "./fixtures/app.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const imgDir = process.env.MICRONUM_DOCS_IMG === "1" ? join(repo, "docs/img") : join(artifacts, "guide");
mkdirSync(imgDir, { recursive: true });
const STEPS = ["data", "clean", "explore", "model", "segments", "monitor", "report"];

/** Scrolls the element `selector` names (default: the page's top) to the top of the window and
 *  saves the 1280×800 viewport: a panel in context, never a giant full-page image. */
async function shot(app, name, selector) {
  await app.page.evaluate((sel) => {
    const el = sel && document.querySelector(sel);
    if (sel && !el) throw new Error(`${sel} not found`);
    if (el) {
      (el.closest("section") || el).scrollIntoView({ block: "start" });
      window.scrollBy(0, -12);
    } else window.scrollTo(0, 0);
  }, selector);
  await app.page.screenshot({ path: join(imgDir, `${name}.png`) });
}

async function inked(app, ids) {
  for (const id of ids) {
    await app.byTestId(id).waitFor();
    assert.ok((await app.canvasInk(id)) > 0.01, `${id} is blank`);
  }
}

describe("user guide", () => {
  let app;
  appSuite((a) => (app = a));

  test("data and clean on the demo", async () => {
    await app.page.setViewportSize({ width: 1280, height: 800 });
    await app.useDemo();
    assert.match(await app.text("data-summary"), /^400 rows × 5 columns$/);
    assert.equal(await app.byTestId("preview-table").locator("tbody tr").count(), 20);
    await shot(app, "data");

    await app.openStep("clean");
    await app.waitIdle();
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor({ timeout: 60_000 });
    await app.page.getByText("400 rows before, 400 rows after.").waitFor();
    await shot(app, "clean");
  });

  test("explore: class balance and charts", async () => {
    await app.openStep("explore");
    await app.byTestId("summary-table").waitFor({ timeout: 60_000 });
    const balance = await app.text("class-balance");
    assert.match(balance, /0: 257 · 1: 143 · Purchased rate 35\.8% · majority baseline 64\.2%/);
    await inked(app, ["chart-histogram", "chart-rate-by-category", "chart-scatter", "chart-correlation"]);
    await shot(app, "explore");
  });

  test("model: the metrics the guide quotes", async () => {
    await app.openStep("model");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    await app.waitIdle();
    assert.equal(await app.text("metric-accuracy"), "0.910");
    assert.equal(await app.text("metric-precision"), "0.814");
    assert.equal(await app.text("metric-recall"), "0.972");
    assert.equal(await app.text("metric-f1"), "0.886");
    assert.equal(await app.text("metric-auc"), "0.973");
    assert.equal(await app.text("metric-oob"), "0.900");
    assert.match(await app.page.locator(".card", { has: app.byTestId("metric-accuracy") }).innerText(), /majority baseline 64\.0%/);
    assert.match(await app.text("cm-tn"), /^56 /);
    assert.match(await app.text("cm-tp"), /^35 /);
    await inked(app, ["chart-roc", "chart-pr"]);
    await shot(app, "model", "#results-title");
  });

  test("segments: n, intervals, shrunk rates and small-n flags", async () => {
    await app.openStep("segments");
    await app.byTestId("segment-run").click();
    await app.byTestId("segments-table").waitFor({ timeout: 60_000 });
    const rows = app.byTestId("segments-table").locator("tbody tr");
    assert.equal(await rows.count(), 16);
    assert.equal(await app.byTestId("segments-table").locator("tbody tr.small-n").count(), 9);
    const cell = await rows.filter({ hasText: "Age 47–60 × EstimatedSalary 71k–88k" }).innerText();
    assert.match(cell, /\b12\s+10\s+83\.3%\s+55\.2%–95\.3%\s+81\.5%/);
    assert.match(cell, /small n/);
    await app.page.getByText(/prior Beta\(0\.17, 0\.31\)/).waitFor();
    await inked(app, ["chart-segment-rates", "chart-segment-heatmap"]);
    await shot(app, "segments", "#segtable-title");
  });

  test("monitor: save the model and score a labelled batch", async () => {
    await app.openStep("monitor");
    await app.byTestId("current-model").waitFor();
    await app.byTestId("save-model").click();
    await app.page.locator("[data-testid=registry-list] tbody tr").first().waitFor();
    await app.byTestId("batch-input").setInputFiles(data("social_network_ads.csv"));
    await app.byTestId("batch-summary").waitFor({ timeout: 60_000 });
    assert.equal(await app.text("batch-summary"), "social_network_ads.csv: 400 rows scored.");
    assert.match(await app.text("batch-metrics"), /400 rows, accuracy 0\.917,/);
    await inked(app, ["metric-history"]);
    await shot(app, "monitor", "#registry-title");
  });

  test("report: the preview with its findings", async () => {
    await app.openStep("report");
    await app.byTestId("build-report").click();
    await app.byTestId("report-preview").waitFor({ timeout: 60_000 });
    const frame = app.page.frameLocator("[data-testid=report-preview]");
    await frame.getByTestId("report-findings").waitFor();
    assert.match(await frame.getByTestId("report-findings").innerText(), /right 91\.0% of the time/);
    await shot(app, "report", "#report-title");
  });

  test("every step's Help link points at its section of the guide", async () => {
    for (const step of STEPS) {
      await app.openStep(step);
      const link = app.byTestId(`help-${step}`);
      assert.equal(await link.getAttribute("href"), `guide.html#${step}`);
      assert.match(await link.getAttribute("aria-label"), new RegExp(`^Help: the ${step} step`, "i"));
    }
  });

  test("following a Help link opens the guide at that section, offline-safe", async () => {
    const context = app.page.context();
    const origin = new URL(app.url).origin;
    const responses = [];
    const onResponse = (r) => responses.push(r);
    context.on("response", onResponse);
    await app.openStep("segments");
    const [guide] = await Promise.all([context.waitForEvent("page"), app.byTestId("help-segments").click()]);
    await guide.waitForLoadState("load");
    context.off("response", onResponse);
    const url = new URL(guide.url());
    assert.equal(url.origin, origin);
    assert.equal(url.pathname.replace(/.*\//, ""), "guide.html");
    assert.equal(url.hash, "#segments");
    const doc = responses.find((r) => r.url().split("#")[0] === guide.url().split("#")[0]);
    assert.equal(doc?.status(), 200);
    assert.deepEqual(responses.map((r) => r.url()).filter((u) => !u.startsWith(origin) && !u.startsWith("data:")), []);
    // The section is at the top of the window, and the page carries no script.
    const top = await guide.evaluate(() => document.getElementById("segments").getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 150, `#segments is at ${top}px`);
    assert.equal(await guide.locator("script").count(), 0);
    assert.match(await guide.locator("#segment-table").innerText(), /Segment table/);
    // Every screenshot the guide shows is served beside it.
    const srcs = await guide.locator("main img").evaluateAll((imgs) => imgs.map((i) => i.src));
    assert.deepEqual(srcs.map((s) => s.replace(/.*\//, "")).sort(), STEPS.map((s) => `${s}.png`).sort());
    for (const src of srcs) {
      const r = await guide.request.get(src);
      assert.equal(r.status(), 200, src);
      assert.equal(r.headers()["content-type"], "image/png");
    }
    await guide.evaluate(axeSource);
    const result = await guide.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), []);
    await guide.close();
    assert.deepEqual(app.consoleErrors, []);
    // Requests are recorded for the whole browser context: the guide tab's own page and images
    // are the only ones allowed; the app itself made none.
    assert.deepEqual(app.requests.filter((u) => !/\/(guide\.html|img\/[\w-]+\.png)(#.*)?$/.test(u)), []);
  });
});

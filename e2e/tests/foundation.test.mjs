// Foundation: the app loads cleanly, reads the demo and uploaded files in the worker, reports bad
// files clearly and stays usable, makes no network request after load, passes axe-core, and is
// usable from the keyboard.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { appSuite, data } from "./fixtures/app.mjs";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

describe("foundation", () => {
  let app;
  appSuite((a) => (app = a));

  test("page loads with no console errors and shows the step rail", async () => {
    for (const s of ["data", "clean", "explore", "model", "segments", "monitor", "report"]) {
      assert.equal(await app.byTestId(`step-${s}`).count(), 1, `step-${s}`);
    }
    assert.deepEqual(app.consoleErrors, []);
  });

  test("demo data shows 400 rows × 5 columns and a preview", async () => {
    await app.useDemo();
    const summary = await app.text("data-summary");
    assert.match(summary, /400 rows/);
    assert.match(summary, /5 columns/);
    const rows = await app.byTestId("preview-table").locator("tbody tr").count();
    assert.equal(rows, 20);
    const header = await app.byTestId("preview-table").locator("thead").innerText();
    assert.match(header, /EstimatedSalary/);
    await app.screenshot("data-demo");
  });

  test("uploading messy_ads.csv through the file input works", async () => {
    await app.upload(data("messy_ads.csv"));
    await app.page.waitForFunction(() => /messy_ads/.test(document.body.innerText));
    assert.match(await app.text("data-summary"), /\d+ rows × 5 columns/);
  });

  test("an empty file shows a clear error and the app stays usable", async () => {
    await app.upload(data("bad/empty.csv"));
    const err = app.byTestId("error-message");
    await err.waitFor();
    assert.match(await err.innerText(), /empty/i);
    // Previous data is still shown, and the demo still loads.
    assert.match(await app.text("data-summary"), /5 columns/);
    await app.useDemo();
    assert.match(await app.text("data-summary"), /400 rows/);
  });

  test("no network request after the initial load", async () => {
    assert.deepEqual(app.requests, []);
  });

  test("axe-core finds no serious or critical violations", async () => {
    await app.page.evaluate(axeSource); // evaluated over CDP: the page CSP rightly forbids inline scripts
    const result = await app.page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), []);
  });

  test("keyboard alone reaches the file input and the demo button", async () => {
    await app.goto();
    const reached = new Set();
    for (let i = 0; i < 30 && reached.size < 2; i++) {
      await app.page.keyboard.press("Tab");
      const id = await app.page.evaluate(() => document.activeElement?.getAttribute("data-testid"));
      if (id === "file-input" || id === "demo-button") reached.add(id);
    }
    assert.deepEqual([...reached].sort(), ["demo-button", "file-input"]);
    // And Enter on the focused demo button loads the demo.
    await app.byTestId("demo-button").focus();
    await app.page.keyboard.press("Enter");
    await app.byTestId("data-summary").waitFor();
  });
});

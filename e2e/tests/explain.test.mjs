// Explanations in the Model step: demo → Train → explain a customer (the waterfall's numbers on
// screen add up to the shown probability), what-if changes the probability, the global and
// feature charts draw, and the profit panel finds the best threshold of a brute-force scan of
// the downloaded held-out scores. Nothing leaves the tab.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { appSuite, artifacts } from "./fixtures/app.mjs";

/** The numbers of the contributions table (third column). */
async function contributions(app) {
  const cells = await app.page.$$eval("[data-testid=explain-table] tbody tr td:nth-child(3)", (tds) => tds.map((t) => t.innerText.trim()));
  return cells.map(Number);
}

/** Best threshold by brute force: contact everyone scored at or above t, for every distinct
 *  score t; the largest profit above 0 wins, ties to the higher threshold (None: nobody). */
function bestThreshold(rows, value, cost) {
  const scores = [...new Set(rows.map((r) => r.proba))].sort((a, b) => b - a);
  let best = null;
  for (const t of scores) {
    const hit = rows.filter((r) => r.proba >= t);
    const profit = value * hit.filter((r) => r.y === 1).length - cost * hit.length;
    if (profit > (best ? best.profit : 0)) best = { t, profit };
  }
  return best && best.t;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

describe("explain", () => {
  let app;
  appSuite((a) => (app = a));
  let held;

  test("a customer's contributions add up to its probability", async () => {
    await app.useDemo();
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("50");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    await app.waitIdle();
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-predictions").click()]);
    held = readFileSync(await download.path(), "utf8").trim().split("\n").slice(1)
      .map((l) => l.split(",")).map(([, y, , p]) => ({ y: Number(y), proba: Number(p) }));
    await app.byTestId("explain-row").fill("7");
    await app.byTestId("explain-row-button").click();
    await app.waitText("explain-summary", /^Test row 7 of /);
    const proba = Number(await app.text("explain-proba"));
    const base = Number(await app.text("explain-base"));
    const c = await contributions(app);
    assert.ok(c.length >= 2, "one contribution per feature");
    // Each shown number is rounded to 4 decimals: the sum is off by at most half a unit each.
    const tolerance = 0.00005 * (c.length + 2) + 1e-12;
    assert.ok(Math.abs(base + c.reduce((a, b) => a + b, 0) - proba) <= tolerance, `${base} + ${c} ≠ ${proba}`);
    assert.equal(proba.toFixed(4), held[6].proba.toFixed(4), "the held-out row's own probability");
    assert.ok((await app.canvasInk("chart-waterfall")) > 0.01, "waterfall drawn");
    // The highest scored customer has the largest held-out probability.
    await app.byTestId("explain-highest").click();
    const top = Math.max(...held.map((r) => r.proba));
    await app.waitText("explain-proba", new RegExp(`^${top.toFixed(4).replace(".", "\\.")}$`));
  });

  test("what-if changes the probability and keeps the sum", async () => {
    await app.byTestId("explain-lowest").click();
    const low = Math.min(...held.map((r) => r.proba));
    await app.waitText("explain-proba", new RegExp(`^${low.toFixed(4).replace(".", "\\.")}$`));
    const form = app.byTestId("whatif-form");
    await form.waitFor();
    // The demo's numeric features: an old, rich customer buys far more often.
    const inputs = await form.locator("input").all();
    assert.ok(inputs.length >= 2);
    for (const input of inputs) await input.fill("150000");
    await app.byTestId("whatif-apply").click();
    await app.waitText("explain-summary", /What if|probability/);
    await app.page.waitForFunction((low) => Number(document.querySelector("[data-testid=explain-proba]").innerText) !== low, Number(low.toFixed(4)));
    const proba = Number(await app.text("explain-proba"));
    assert.notEqual(proba.toFixed(4), low.toFixed(4));
    const c = await contributions(app);
    const base = Number(await app.text("explain-base"));
    assert.ok(Math.abs(base + c.reduce((a, b) => a + b, 0) - proba) <= 0.00005 * (c.length + 2) + 1e-12);
    await app.byTestId("whatif-reset").click();
    await app.waitText("explain-proba", new RegExp(`^${low.toFixed(4).replace(".", "\\.")}$`));
  });

  test("the global explanation and a feature's dependence draw", async () => {
    await app.byTestId("explain-global-button").click();
    await app.byTestId("explain-global-table").waitFor({ timeout: 60_000 });
    assert.match(await app.text("explain-global-words"), /moves the predicted probability/);
    assert.ok((await app.canvasInk("chart-shap-bars")) > 0.01);
    await app.waitIdle();
    const options = await app.byTestId("explain-feature").locator("option").all();
    await app.byTestId("explain-feature").selectOption(await options[1].getAttribute("value"));
    await app.byTestId("chart-pdp").waitFor({ timeout: 60_000 });
    assert.ok((await app.canvasInk("chart-dependence")) > 0.01);
    assert.ok((await app.canvasInk("chart-pdp")) > 0.01);
  });

  test("the profit panel finds the brute-force best threshold and follows its inputs", async () => {
    await app.waitIdle();
    for (const [value, cost] of [[100, 10], [100, 60]]) {
      await app.byTestId("profit-value").fill(String(value));
      await app.byTestId("profit-cost").fill(String(cost));
      await app.byTestId("profit-button").click();
      const best = bestThreshold(held, value, cost);
      const shown = best === null ? "contact nobody" : best.toFixed(4);
      await app.page.waitForFunction((s) => document.querySelector("[data-testid=profit-best]")?.innerText.trim() === s, shown, { timeout: 30_000 });
      assert.match(await app.text("profit-words"), new RegExp(`purchase worth ${value}`));
    }
    for (const id of ["explain-panel", "explain-global", "profit-panel"]) {
      await app.byTestId(id).screenshot({ path: join(artifacts, `${id}.png`) });
    }
    assert.deepEqual(app.requests, [], "no network request");
  });

  test("axe-core finds no serious or critical violations in the panels", async () => {
    await app.page.evaluate(axeSource);
    const result = await app.page.evaluate(async () => await window.axe.run(document, { resultTypes: ["violations"] }));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target).join(" ")})`), []);
  });
});

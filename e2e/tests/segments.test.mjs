// Segments: demo → grid on Age × EstimatedSalary shows n, intervals and shrunk rates, a drawn
// chart and heatmap; the CSV export has the documented header; deciles after training.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { appSuite, data, repo } from "./fixtures/app.mjs";

describe("segments", () => {
  let app;
  appSuite((a) => (app = a));

  test("grid on Age × EstimatedSalary", async () => {
    await app.useDemo();
    await app.openStep("segments");
    await app.byTestId("segment-run").click();
    await app.byTestId("segments-table").waitFor({ timeout: 60_000 });
    const rows = app.byTestId("segments-table").locator("tbody tr");
    const n = await rows.count();
    assert.ok(n >= 10 && n <= 16, `${n} segments`);
    const first = await rows.first().innerText();
    assert.match(first, /Age \d+–\d+ × EstimatedSalary/);
    assert.match(first, /\d+\.\d%–\d+\.\d%/, "interval shown");
    assert.ok((await app.byTestId("segments-table").locator("tbody tr.small-n").count()) > 0, "some cells are small");
    for (const id of ["chart-segment-rates", "chart-segment-heatmap"]) {
      assert.ok((await app.canvasInk(id)) > 0.01, `${id} is blank`);
    }
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-segments").click()]);
    const csv = readFileSync(await download.path(), "utf8");
    assert.equal(csv.split("\n")[0], "segment,label,n,positives,rate,ci_low,ci_high,shrunk_rate,lift,shrunk_lift,small_n");
    assert.equal(csv.trim().split("\n").length, n + 1);
    // A click on a segment summarises its customers.
    await rows.first().click();
    await app.page.getByText(/Customers in “/).waitFor();
    await app.screenshot("segments-grid");
  });

  test("k-means gives the same clusters in the browser as the native CLI", async () => {
    await app.byTestId("segment-method").selectOption("kmeans");
    await app.byTestId("segment-run").click();
    await app.byTestId("cluster-profiles").waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-segments").click()]);
    const page = readFileSync(await download.path(), "utf8");
    const cli = execFileSync(join(repo, "target/debug/micronum"), ["segment", data("social_network_ads.csv"), "--target", "Purchased", "--method", "kmeans"], { stdio: ["ignore", "pipe", "ignore"] }).toString();
    assert.equal(page, cli);
    assert.ok((await app.canvasInk("chart-segment-bubbles")) > 0.01);
  });

  test("deciles of a trained model show the gains", async () => {
    await app.openStep("model");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 60_000 });
    await app.openStep("segments");
    await app.byTestId("segment-method").selectOption("deciles");
    await app.byTestId("segment-run").click();
    await app.byTestId("gains-table").waitFor({ timeout: 60_000 });
    assert.equal(await app.byTestId("gains-table").locator("tbody tr").count(), 10);
    assert.ok((await app.canvasInk("chart-gains")) > 0.01);
    assert.deepEqual(app.consoleErrors, []);
  });

  /** Runs Discover at its defaults and returns the table's header cells and rows. */
  async function discover() {
    await app.openStep("segments");
    await app.byTestId("segment-method").selectOption("discover");
    await app.byTestId("segment-run").click();
    await app.byTestId("discovery-table").waitFor({ timeout: 120_000 });
    const headers = await app.byTestId("discovery-table").locator("thead th").allInnerTexts();
    return { headers: headers.map((h) => h.trim()), rows: app.byTestId("discovery-table").locator("tbody tr") };
  }

  test("discover on the demo, with a model: q-values, verdicts and the model's expectation", async () => {
    const { headers, rows } = await discover();
    for (const h of ["Rule", "held-out n", "q-value", "verdict", "model expects"]) assert.ok(headers.includes(h), `no ${h} in ${headers}`);
    assert.match(await app.text("discovery-summary"), /^\d+ rules searched on a seeded half of the rows \(200 rows\); the best \d+ tested on the other half \(200 rows\), which the search never saw\. \d+ significant at a false discovery rate of 0\.1 /);
    const n = await rows.count();
    assert.ok(n >= 1, "nothing tested");
    const q = headers.indexOf("q-value");
    for (let i = 0; i < n; i++) {
      const cells = await rows.nth(i).locator("td").allInnerTexts();
      assert.match(cells[q], /^\d\.\d\de-?\d+$/, `q-value cell ${cells[q]}`);
      assert.match(cells[headers.indexOf("verdict")], /^(significant \((above|below)\b.*|could be chance)$/);
    }
  });

  test("discover on 10,000 customers: the Islands segment is found, and a click summarises its members", async () => {
    await app.upload(data("customers_10k.csv"));
    await app.waitText("data-summary", /10000 rows/);
    const { headers, rows } = await discover();
    assert.ok(!headers.includes("model expects"), "no model for this file yet");
    const islands = rows.filter({ hasText: "region = Islands" }).first();
    assert.match(await islands.innerText(), /significant \(above/);
    await islands.click();
    await app.page.getByText(/Customers in “region = Islands”/).waitFor({ timeout: 60_000 });
    assert.deepEqual(app.consoleErrors, []);
  });
});

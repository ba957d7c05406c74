// The global explanation in every core's worker: on 4,000 customers (1,000 held out, all of
// them explained; 100 trees grown to leaf 1) the page shares the rows among its workers, says how many did the work, and
// shows the mean |contribution| and mean contribution per feature that `micronum explain` gives
// for the same held-out records with the page's own model file.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data, repo } from "./fixtures/app.mjs";

const dir = mkdtempSync(join(tmpdir(), "micronum-explain-pool-"));

/** Clicks `testid` and returns the downloaded file's text. */
async function download(app, testid) {
  const [d] = await Promise.all([app.page.waitForEvent("download"), app.byTestId(testid).first().click()]);
  return readFileSync(await d.path(), "utf8");
}

describe("the global explanation in every core's worker", () => {
  let app;
  appSuite((a) => (app = a));

  test("shared among workers, it equals micronum explain on the held-out records", async (t) => {
    const file = join(dir, "customers_4k.csv");
    writeFileSync(file, readFileSync(data("customers_10k.csv"), "utf8").split("\n").slice(0, 4001).join("\n") + "\n");
    await app.upload(file);
    await app.waitText("data-summary", /4000 rows/);
    await app.openStep("model");
    // Trees grown to leaf 1: a few seconds of explaining, worth sharing.
    await app.byTestId("param-min-samples-leaf").fill("1");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    await app.waitIdle();
    const records = (await download(app, "download-predictions")).trim().split("\n").slice(1).map((l) => l.split(",")[0]);
    assert.equal(records.length, 1000, "a quarter held out");

    await app.byTestId("explain-global-button").click();
    await app.byTestId("explain-global-table").waitFor({ timeout: 120_000 });
    await app.waitIdle();
    const cores = await app.page.evaluate(() => navigator.hardwareConcurrency);
    const detail = await app.text("explain-global-detail");
    t.diagnostic(detail);
    assert.match(detail, /^1000 of 1000 held-out customers explained in \d+ ms/);
    if (cores >= 2) assert.match(detail, new RegExp(`by ${Math.min(cores, 8)} workers\\.$`));

    // The same records explained by the CLI with the page's model file.
    const model = join(dir, "model.json");
    writeFileSync(model, await download(app, "download-model"));
    const out = execFileSync(join(repo, "target/debug/micronum"), ["explain", file, "--model", model, "--rows", records.join(",")], { encoding: "utf8", maxBuffer: 1 << 26 });
    const [head, ...rows] = out.trim().split("\n").map((l) => l.split(","));
    assert.deepEqual(rows.map((r) => r[0]), records, "the CLI explained the held-out records");
    const features = head.slice(3);
    const mean = (f, g) => rows.reduce((s, r) => s + g(Number(r[3 + features.indexOf(f)])), 0) / rows.length;
    const table = await app.page.$$eval("[data-testid=explain-global-table] tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.innerText.trim())));
    assert.equal(table.length, features.length);
    for (const [name, meanAbs, meanSigned] of table) {
      // Shown to 4 decimals: half a unit of the last one, and the sums' order.
      assert.ok(Math.abs(Number(meanAbs) - mean(name, Math.abs)) <= 0.00005 + 1e-12, `${name}: ${meanAbs} vs ${mean(name, Math.abs)}`);
      assert.ok(Math.abs(Number(meanSigned) - mean(name, (x) => x)) <= 0.00005 + 1e-12, `${name}: ${meanSigned} vs ${mean(name, (x) => x)}`);
    }
    // Helper workers load the app's own worker script from the same origin; anything else
    // would be a leak.
    const foreign = app.requests.filter((u) => !/\/worker(_loader)?\.js$|\/worker_bg\.wasm$/.test(new URL(u).pathname));
    assert.deepEqual(foreign, [], "no network request");
    assert.deepEqual(app.consoleErrors, []);
  });
});

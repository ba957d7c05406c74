// Data → Clean → Apply → Explore: the cleaning report shows affected counts, and every Explore
// chart is drawn (non-blank canvas). Bad files show an error and keep the previous data.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { appSuite, data, shared } from "./fixtures/app.mjs";
import { join } from "node:path";

describe("clean and explore", () => {
  let app;
  appSuite((a) => (app = a));

  test("messy_ads.csv: suggested fixes apply and report per-step counts", async () => {
    await app.upload(data("messy_ads.csv"));
    await app.page.waitForFunction(() => /messy_ads/.test(document.body.innerText));
    await app.openStep("clean");
    await app.byTestId("clean-steps").locator("li").first().waitFor();
    // Change one imputation to the mean: it is learnt again on Apply.
    // (The first imputation is Gender, a text column; the second is Age.)
    await app.page.getByLabel("Imputation strategy").nth(1).selectOption("mean");
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor();
    assert.match(await app.text("clean-report"), /Age: fill missing with the mean \(\d/);
    const rows = await app.byTestId("clean-report").locator("tbody tr").count();
    assert.ok(rows >= 4, `expected several cleaning steps, got ${rows}`);
    const text = await app.byTestId("clean-report").innerText();
    assert.match(text, /duplicate/i);
    await app.screenshot("clean-messy");
  });

  test("demo → Clean → Apply → Explore draws every chart", async () => {
    await app.openStep("data");
    await app.useDemo();
    await app.openStep("clean");
    await app.byTestId("clean-apply").click();
    await app.byTestId("clean-report").waitFor();
    await app.openStep("explore");
    await app.byTestId("summary-table").waitFor({ timeout: 60_000 });
    assert.match(await app.text("class-balance"), /majority/i);
    for (const id of ["chart-histogram", "chart-rate-by-category", "chart-scatter", "chart-correlation"]) {
      await app.byTestId(id).waitFor();
      const ink = await app.canvasInk(id);
      assert.ok(ink > 0.01, `${id} looks blank (ink ${ink})`);
    }
    await app.screenshot("explore-demo");
  });

  test("every hostile file gives a clear error or a table, and the previous data stays", async () => {
    await app.openStep("data");
    await app.useDemo();
    const dir = join(shared, "data", "bad");
    for (const name of readdirSync(dir).sort()) {
      await app.page.evaluate(() => document.querySelector("[data-testid=error-message] button")?.click());
      await app.upload(join(dir, name));
      // Either an error appears or the summary switches to the new file.
      await app.page.waitForFunction((n) => document.querySelector("[data-testid=error-message]")
        || document.body.innerText.includes(n), name, { timeout: 60_000 });
      const err = app.byTestId("error-message");
      if (await err.count()) {
        const msg = await err.innerText();
        assert.ok(msg.length > 20, `${name}: error too terse: ${msg}`);
        assert.match(await app.text("data-summary"), /columns/, `${name}: previous data lost`);
      }
    }
    assert.deepEqual(app.consoleErrors, []);
  });
});

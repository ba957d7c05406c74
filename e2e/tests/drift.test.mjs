// Monitor step, the feedback loop: a batch whose salaries moved shows major drift and the retrain
// signal; retraining on the data + that labelled batch gives a candidate compared with the current
// model on the batch, and keeping it makes it current and saves it. The model also leaves as SQL.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { appSuite, data } from "./fixtures/app.mjs";

/** customers_10k.csv with every estimated_salary multiplied by `factor`. */
function shiftedSalaries(factor) {
  const lines = readFileSync(data("customers_10k.csv"), "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const col = header.indexOf("estimated_salary");
  assert.ok(col >= 0, "customers_10k.csv has estimated_salary");
  const out = [lines[0]];
  for (const line of lines.slice(1)) {
    const cells = line.split(",");
    if (cells[col] !== "") cells[col] = String(Math.round(Number(cells[col]) * factor));
    out.push(cells.join(","));
  }
  const file = join(mkdtempSync(join(tmpdir(), "micronum-drift-")), "customers_next_quarter.csv");
  writeFileSync(file, out.join("\n") + "\n");
  return file;
}

/** The rows of a table (by data-testid) as arrays of cell texts. */
const tableRows = (app, id) =>
  app.page.$$eval(`[data-testid=${id}] tbody tr`, (trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));

describe("drift and retraining", () => {
  let app;
  appSuite((a) => (app = a));

  test("train on customers_10k, export SQL, score a batch with shifted salaries: major drift, retrain signal", async () => {
    await app.upload(data("customers_10k.csv"));
    await app.page.waitForFunction(() => /10000 rows/.test(document.querySelector("[data-testid=data-summary]")?.innerText || ""), null, { timeout: 60_000 });
    await app.openStep("model");
    await app.byTestId("param-n-estimators").fill("30");
    await app.byTestId("train-button").click();
    await app.byTestId("metric-accuracy").waitFor({ timeout: 120_000 });
    await app.openStep("monitor");
    await app.byTestId("current-model").waitFor();
    assert.equal(await app.byTestId("retrain-button").isDisabled(), true, "nothing to retrain with yet");

    await app.byTestId("sql-dialect").selectOption("postgres");
    await app.byTestId("sql-table").fill("crm.customers");
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("export-sql").click()]);
    assert.equal(download.suggestedFilename(), "micronum_model_postgres.sql");
    const sql = readFileSync(await download.path(), "utf8");
    assert.match(sql, /FROM "crm"\."customers"|FROM crm\.customers|"crm\.customers"/);
    assert.match(sql, /DOUBLE PRECISION/);
    assert.equal((sql.match(/CASE/g) || []).length >= 30, true, "one CASE per tree at least");

    await app.byTestId("batch-input").setInputFiles(shiftedSalaries(1.8));
    await app.page.waitForFunction(() => /10000 rows scored/.test(document.querySelector("[data-testid=batch-summary]")?.innerText || ""), null, { timeout: 60_000 });
    const rows = await tableRows(app, "drift-table");
    const byName = Object.fromEntries(rows.map((r) => [r[0], r]));
    assert.equal(byName.estimated_salary?.[2], "major", JSON.stringify(rows));
    assert.ok(Number(byName.estimated_salary[1]) > 0.25);
    assert.equal(byName.age?.[2], "stable", "ages did not move");
    assert.ok(Number(byName.age[1]) < 0.01, "same rows, same ages: PSI near 0");
    assert.match(await app.text("retrain-signal"), /Retrain recommended: major drift: estimated_salary \(PSI \d/);
    assert.match(await app.text("drift-verdict"), /Overall: major drift on 10000 rows/);
    assert.ok((await app.canvasInk("chart-drift")) > 0.005, "drift chart is blank");
  });

  test("retrain: the candidate is compared on the newest batch, kept, made current and saved", async () => {
    assert.match(await app.byTestId("retrain-button").innerText(), /Retrain with 1 labelled batch/);
    await app.byTestId("retrain-button").click();
    await app.byTestId("retrain-compare").waitFor({ timeout: 180_000 });
    assert.match(await app.text("retrain-compare"), /on the loaded data \(10000 rows\) \+ customers_next_quarter\.csv \(10000 rows\), 20000 rows after cleaning/);
    const rows = await tableRows(app, "retrain-table");
    const [metric, current, candidate] = rows[0];
    assert.equal(metric, "Accuracy");
    assert.ok(Number(candidate) > Number(current), `the candidate learnt the new salaries: ${current} → ${candidate}`);
    assert.deepEqual(rows[3], ["Rows", "10000", "10000"]);
    await app.screenshot("monitor-retrain");

    await app.byTestId("keep-candidate").click();
    await app.page.waitForFunction(() => /on 20000 rows/.test(document.querySelector("[data-testid=current-model]")?.innerText || ""), null, { timeout: 60_000 });
    await app.page.waitForFunction(() => document.querySelectorAll("[data-testid=registry-list] tbody tr").length === 1);
    assert.match(await app.page.locator("[data-testid=registry-list] tbody tr").first().innerText(), /retrained/);
    assert.equal(await app.byTestId("retrain-compare").count(), 0, "the choice is made");
    assert.deepEqual(app.consoleErrors, []);
  });
});

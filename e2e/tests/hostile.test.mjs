// Hostile content: markup in headers and cells renders as text everywhere (preview, summary,
// segment table and chart labels), nothing runs, and exported CSVs defuse spreadsheet formulas.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppPage, launch, startServer } from "./fixtures/app.mjs";

const SCRIPT = "<script>alert(1)</script>";
const IMG = "<img src=x onerror=alert(1)>";
const FORMULA = '"=HYPERLINK(""http://x"")"'; // a CSV-quoted cell

function hostileCsv() {
  const rows = [`id,${SCRIPT},=cmd,Age,Purchased`];
  for (let i = 0; i < 80; i++) {
    const cell = i % 2 ? IMG : "<b>bold</b>";
    rows.push(`${i},"${cell}",${i % 3 ? "a" : FORMULA},${20 + (i % 40)},${i % 40 > 20 ? 1 : 0}`);
  }
  const dir = mkdtempSync(join(tmpdir(), "micronum-hostile-"));
  const path = join(dir, "hostile.csv");
  writeFileSync(path, rows.join("\n") + "\n");
  return path;
}

describe("hostile content", () => {
  let server, browser, app;
  const dialogs = [];
  before(async () => {
    server = await startServer();
    browser = await launch();
    app = await AppPage.open(browser, server.url);
    app.page.on("dialog", async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });

  test("markup in headers and cells is shown as text and never runs", async () => {
    await app.upload(hostileCsv());
    await app.page.waitForFunction(() => /hostile/.test(document.body.innerText));
    const preview = app.byTestId("preview-table");
    assert.equal((await preview.locator("thead th").nth(1).innerText()).trim(), SCRIPT);
    assert.match(await preview.innerText(), /<img src=x onerror=alert\(1\)>/);
    assert.equal(await app.page.locator("[data-testid=preview-table] img, [data-testid=preview-table] b, main script").count(), 0);
    await app.openStep("explore");
    await app.byTestId("summary-table").waitFor({ timeout: 60_000 });
    assert.match(await app.text("summary-table"), /<script>alert\(1\)<\/script>/);
    assert.equal(await app.page.locator("[data-testid=summary-table] script").count(), 0);
    assert.deepEqual(dialogs, []);
  });

  test("segment labels stay text and the CSV export defuses formulas", async () => {
    await app.openStep("segments");
    await app.page.locator("#segment-by-1").selectOption("=cmd");
    await app.page.locator("#segment-by-2").selectOption("");
    await app.byTestId("segment-run").click();
    await app.byTestId("segments-table").waitFor({ timeout: 60_000 });
    assert.match(await app.text("segments-table"), /=cmd =HYPERLINK\("http:\/\/x"\)/);
    const [download] = await Promise.all([app.page.waitForEvent("download"), app.byTestId("download-segments").click()]);
    const csv = readFileSync(await download.path(), "utf8");
    for (const line of csv.trim().split("\n").slice(1)) {
      const label = line.split(",")[1].replace(/^"/, "");
      assert.ok(!/^[=+\-@]/.test(label), `formula left live: ${line}`);
    }
    assert.match(csv, /'=cmd/);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(app.consoleErrors, []);
  });
});

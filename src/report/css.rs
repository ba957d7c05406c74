//! The report's stylesheet, inlined in a `<style>` block (the page loads nothing).
//!
//! Light theme for screen and paper. In print: each section starts on a new page, no shadows,
//! figures and table rows are never split, and backgrounds that carry meaning (small-n rows,
//! heatmap cells inside the SVG) are printed.

/// The whole stylesheet.
pub const CSS: &str = r#"
:root { --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --panel: #f6f8fa; --accent: #0969da;
  --warn-bg: #fff8c5; --warn: #7d4e00; }
* { box-sizing: border-box; }
html { background: #fff; color: var(--fg); }
body { margin: 0 auto; max-width: 980px; padding: 24px 28px 48px;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
header.report-head { border-bottom: 2px solid var(--fg); margin-bottom: 20px; padding-bottom: 8px; }
nav ol.toc { display: flex; flex-wrap: wrap; gap: 2px 16px; list-style: none; padding: 0;
  margin: 8px 0 0; font-size: 14px; }
a { color: var(--accent); }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 0 0 12px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
p { margin: 6px 0 10px; }
.muted, .meta { color: var(--muted); }
section { margin: 0 0 28px; padding: 16px 18px; background: #fff; border: 1px solid var(--line);
  border-radius: 8px; box-shadow: 0 1px 3px rgba(27, 31, 36, 0.08); }
table { border-collapse: collapse; width: auto; min-width: 50%; margin: 8px 0 14px; font-size: 13px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.small-n td { background: var(--warn-bg); color: var(--warn); }
.flag { font-weight: 600; white-space: nowrap; }
table.summary, table.segments, table.cleaning { width: 100%; }
table.summary { font-size: 12px; }
table.summary th, table.summary td { padding: 3px 4px; }
pre { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px;
  overflow-x: auto; font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 6px 18px;
  margin: 8px 0 12px; }
dl.facts div { border-left: 3px solid var(--accent); padding-left: 8px; }
dt { font-size: 12px; color: var(--muted); }
dd { margin: 0; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
figure.chart { margin: 12px 0 18px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 8px 20px; }
ul.findings li { margin: 4px 0; }
.chart-error { color: #a40e26; }
.table-wrap { overflow-x: auto; }
@media print {
  @page { margin: 14mm 12mm; }
  body { max-width: none; padding: 0; font-size: 11pt; }
  section { box-shadow: none; border: none; padding: 0; margin: 0; break-before: page; }
  header.report-head + section { break-before: auto; }
  figure.chart, table, pre, dl.facts, tr { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  .charts { display: block; }
  tr.small-n td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .table-wrap { overflow: visible; }
}
"#;

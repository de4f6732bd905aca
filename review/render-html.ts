/**
 * The review as one self-contained HTML page: no request to any host, a Content-Security-Policy
 * that forbids them, usable from file:// offline. The rows travel as data (a JSON block that no
 * string can close) and the page's script builds the table with text nodes only, so every name
 * from the org stays text. Pure: a review in, text out (its hashes are computed, not read).
 */
import { createHash } from "node:crypto";
import { htmlText, jsonForScript } from "../common/text";
import type { Review } from "./model";
import { CSV_COLUMNS, csvCell, csvLine, csvRecord } from "./render-csv";

/** The columns the table shows, by CSV column name; the export writes every CSV column. */
const SHOWN: readonly (typeof CSV_COLUMNS)[number][] = [
  "org",
  "client_name",
  "client_id",
  "grant_type",
  "state",
  "scopes",
  "roles",
  "authorized_by",
  "authorized_at",
  "modified_by",
  "modified_at",
  "managed_by",
  "drift",
  "risk",
  "change",
];

const STYLE = `
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5rem; color: #1b1b1b; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 1.5rem; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #ccc; padding: .25rem .4rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
#rows th { cursor: pointer; user-select: none; }
#rows th[aria-sort="ascending"]::after { content: " \\25B2"; }
#rows th[aria-sort="descending"]::after { content: " \\25BC"; }
#rows td { max-width: 22rem; overflow-wrap: break-word; }
.write { font-weight: 600; color: #8a1c00; }
.risk-high { background: #fde2dd; } .risk-medium { background: #fff4d6; }
.failed { color: #8a1c00; font-weight: 600; }
#controls { display: flex; flex-wrap: wrap; gap: .75rem; align-items: center; margin: .5rem 0; }
#controls input[type=search] { min-width: 18rem; }
`;

/** Rows drawn at once: past this many matching rows, a button draws the rest (a page of 10,000 opens in well under a second). */
export const ROWS_DRAWN = 500;

/**
 * The page's script: reads the data block, then searches, filters and sorts the records, drawing
 * the first ROWS_DRAWN that match (a button draws them all); the export writes every record that
 * matches, in the order shown. Cells are text nodes, never markup.
 */
function pageScript(): string {
  return `"use strict";
${csvCell.toString()}
${csvLine.toString()}
(function () {
  var started = performance.now();
  var LIMIT = ${ROWS_DRAWN};
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var col = {};
  data.columns.forEach(function (c, i) { col[c] = i; });
  var RISK = { high: 0, medium: 1, low: 2 };
  var tbody = document.querySelector("#rows tbody");
  var rows = data.records.map(function (rec) {
    return { rec: rec, tr: null, hay: rec.join("\\u0000").toLowerCase() };
  });
  var matching = rows;
  var drawAll = false;

  function rowElement(r) {
    if (r.tr) return r.tr;
    var rec = r.rec;
    var tr = document.createElement("tr");
    tr.className = "risk-" + rec[col.risk];
    data.shown.forEach(function (name) {
      var td = document.createElement("td");
      if (name === "scopes") {
        var writes = rec[col.write_scopes].split(" ");
        rec[col.scopes].split(" ").filter(Boolean).forEach(function (s, i) {
          if (i > 0) td.appendChild(document.createTextNode(" "));
          var span = document.createElement("span");
          span.textContent = s;
          if (writes.indexOf(s) >= 0) { span.className = "write"; span.title = "write scope"; }
          td.appendChild(span);
        });
      } else {
        td.textContent = rec[col[name]];
      }
      tr.appendChild(td);
    });
    r.tr = tr;
    return tr;
  }

  var search = document.getElementById("search");
  var org = document.getElementById("filter-org");
  var write = document.getElementById("filter-write");
  var notInCode = document.getElementById("filter-not-in-code");
  var drift = document.getElementById("filter-drift");
  var shown = document.getElementById("shown");
  var more = document.getElementById("draw-all");

  function draw() {
    var count = drawAll ? matching.length : Math.min(LIMIT, matching.length);
    var f = document.createDocumentFragment();
    for (var i = 0; i < count; i++) f.appendChild(rowElement(matching[i]));
    tbody.replaceChildren(f);
    var limited = count < matching.length;
    shown.textContent = limited
      ? matching.length + " of " + rows.length + " rows match; the first " + count + " are drawn"
      : matching.length + " of " + rows.length + " rows shown";
    more.hidden = !limited;
    more.textContent = "Draw all " + matching.length + " rows";
  }

  function apply() {
    var t0 = performance.now();
    var q = search.value.trim().toLowerCase();
    matching = rows.filter(function (r) {
      return (!q || r.hay.indexOf(q) >= 0) &&
        (!org.value || r.rec[col.org] === org.value) &&
        (!write.checked || r.rec[col.write_scopes] !== "") &&
        (!notInCode.checked || r.rec[col.not_in_code] === "yes") &&
        (!drift.checked || r.rec[col.drift] !== "");
    });
    draw();
    document.body.setAttribute("data-filter-ms", String(performance.now() - t0));
  }
  [search, org, write, notInCode, drift].forEach(function (el) {
    el.addEventListener(el === search ? "input" : "change", apply);
  });
  more.addEventListener("click", function () { drawAll = true; draw(); });

  var headers = document.querySelectorAll("#rows th");
  headers.forEach(function (th, i) {
    th.addEventListener("click", function () {
      var name = data.shown[i];
      var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
      headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
      var c = col[name];
      rows.sort(function (a, b) {
        var x = a.rec[c], y = b.rec[c];
        var d = name === "risk" ? RISK[x] - RISK[y] : x.localeCompare(y);
        return dir * d;
      });
      apply();
    });
  });

  document.getElementById("export").addEventListener("click", function () {
    var lines = [csvLine(data.columns)];
    matching.forEach(function (r) { lines.push(csvLine(r.rec)); });
    var blob = new Blob([lines.join("\\r\\n") + "\\r\\n"], { type: "text/csv" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = "access-review.csv";
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(a.href); }, 0);
  });

  apply();
  document.body.setAttribute("data-render-ms", String(performance.now() - started));
  document.body.setAttribute("data-ready", "true");
})();
`;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
const cells = (values: readonly (string | number | null)[], tag = "td") =>
  values.map((v) => `<${tag}>${htmlText(v === null ? "" : String(v))}</${tag}>`).join("");

/** The page. Every string from the org or the fleet goes through htmlText or the data block. */
export function renderHtml(review: Review): string {
  const script = pageScript();
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(script)}`,
    `style-src ${sha256(STYLE)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
  const data = { columns: CSV_COLUMNS, shown: SHOWN, records: review.rows.map((r) => csvRecord(r, review)) };
  const t = review.tool;
  const readers = [...new Set(review.coverage.orgs.map((o) => o.readBy).filter((x): x is string => x !== null))];
  const orgNames = [...new Set(review.rows.map((r) => r.org).concat(review.coverage.orgs.map((o) => o.name)))].sort();
  const coverage = review.coverage.orgs.map(
    (o) =>
      `<tr${o.status === "failed" ? ' class="failed"' : ""}>${cells([
        o.name,
        o.orgName === null ? "" : `${o.orgName} (${o.id})`,
        o.endpoint,
        o.readBy,
        o.status === "failed" ? `failed: ${o.error}` : "read",
        o.appsListed,
        o.appsReported,
        o.countsMatch === null ? "" : o.countsMatch ? "yes" : "NO",
      ])}</tr>`,
  );
  const stacks = review.coverage.stacks.map(
    (s) =>
      `<tr${s.status === "failed" ? ' class="failed"' : ""}>${cells([s.org, s.stack, s.status === "failed" ? `failed: ${s.error}` : "read", s.grants])}</tr>`,
  );
  const summary = review.summary.map((s) => `<tr>${cells([s.org, s.apps, s.writeScopes, s.notInCode, s.drifted, s.missing, s.high])}</tr>`);
  const since = review.since
    ? `<h2 id="since">Since the review of ${htmlText(review.since.previousGeneratedAt)}</h2>
<p>${review.since.added} added, ${review.since.changed} changed, ${review.since.removed.length} removed${
        review.since.notCompared.length ? `; not compared (not read now): ${htmlText(review.since.notCompared.join(", "))}` : ""
      }.</p>
${
  review.since.removed.length
    ? `<table id="removed"><thead><tr>${cells(["org", "client", "client ID"], "th")}</tr></thead><tbody>${review.since.removed
        .map((r) => `<tr>${cells([r.org, r.clientName, r.clientId])}</tr>`)
        .join("")}</tbody></table>`
    : ""
}`
    : "";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${htmlText(csp)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Access review of authorized apps, ${htmlText(review.generatedAt)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Access review of authorized apps</h1>
<p id="provenance">Generated ${htmlText(review.generatedAt)} (UTC) by ${htmlText(readers.join(", ") || "no client")} with ${htmlText(
    `${t.name} ${t.version}`,
  )}${t.commit ? ` (commit ${htmlText(t.commit)})` : ""}. Format ${htmlText(review.format)}.</p>
<h2>Coverage</h2>
<table id="coverage"><thead><tr>${cells(
    ["org", "org name (ID)", "API", "read by", "status", "apps listed", "apps the API reported", "counts match"],
    "th",
  )}</tr></thead><tbody>${coverage.join("")}</tbody></table>
<table id="stacks"><thead><tr>${cells(["org", "stack", "status", "grants"], "th")}</tr></thead><tbody>${stacks.join("")}</tbody></table>
<h2>Summary</h2>
<table id="summary"><thead><tr>${cells(
    ["org", "apps authorized", "with write scopes", "not in code", "drifted", "declared, missing", "high risk"],
    "th",
  )}</tr></thead><tbody>${summary.join("")}</tbody></table>
${since}
<h2>Apps</h2>
<div id="controls">
<input type="search" id="search" placeholder="Search every column" aria-label="Search every column">
<label>Org <select id="filter-org"><option value="">all orgs</option>${orgNames
    .map((n) => `<option value="${htmlText(n)}">${htmlText(n)}</option>`)
    .join("")}</select></label>
<label><input type="checkbox" id="filter-write"> write scopes</label>
<label><input type="checkbox" id="filter-not-in-code"> not in code</label>
<label><input type="checkbox" id="filter-drift"> drift</label>
<button type="button" id="export">Export the matching rows as CSV</button>
<span id="shown" aria-live="polite"></span>
<button type="button" id="draw-all" hidden>Draw all rows</button>
</div>
<table id="rows"><thead><tr>${cells(
    SHOWN.map((c) => c.replace(/_/g, " ")),
    "th",
  )}</tr></thead><tbody></tbody></table>
<script type="application/json" id="review-data">${jsonForScript(data)}</script>
<script>${script}</script>
</body>
</html>
`;
}

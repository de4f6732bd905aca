/**
 * The review as CSV, for the auditor's spreadsheet: one record per row, with the provenance on
 * every record and four empty reviewer columns to fill in. Pure: a review in, text out.
 */
import { terminalText } from "../common/text";
import { isDrifted, isNotInCode, Review, Row, writeScopesOf } from "./model";

export const CSV_COLUMNS = [
  "org",
  "org_id",
  "client_id",
  "client_name",
  "grant_type",
  "state",
  "scopes",
  "write_scopes",
  "roles",
  "permissions",
  "authorized_by",
  "authorized_at",
  "modified_by",
  "modified_at",
  "managed_by",
  "not_in_code",
  "drift",
  "risk",
  "risk_reasons",
  "change",
  "generated_at",
  "tool",
  "decision",
  "justification",
  "reviewer",
  "review_date",
] as const;

/**
 * One CSV cell, as OWASP's CSV-injection guidance says: a value a spreadsheet would read as a
 * formula (it starts with = + - @, a tab, CR or LF, or their full-width forms) is prefixed with
 * `'`; every cell is quoted, each `"` doubled. The HTML page's export runs this same function
 * (its source is embedded), so both CSVs escape alike. It must refer to nothing outside itself.
 */
export function csvCell(value: string): string {
  const text = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/.test(value) ? "'" + value : value;
  return '"' + text.replace(/"/g, '""') + '"';
}

/** A record of cells (unescaped) as one CSV line. Like csvCell, the page embeds it. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(",");
}

function driftText(r: Row): string {
  if (!r.drift) return "";
  if (r.drift.missing) return "declared, not authorized in the org";
  const parts: string[] = [];
  const d = r.drift;
  if (d.scopesAdded.length) parts.push(`scopes granted beyond the code: ${d.scopesAdded.join(" ")}`);
  if (d.scopesRemoved.length) parts.push(`scopes declared, not granted: ${d.scopesRemoved.join(" ")}`);
  if (d.rolesAdded.length) parts.push(`roles granted beyond the code: ${d.rolesAdded.join(" ")}`);
  if (d.rolesRemoved.length) parts.push(`roles declared, not granted: ${d.rolesRemoved.join(" ")}`);
  return parts.join("; ");
}

/**
 * A row's cells in CSV_COLUMNS's order, before CSV escaping (the HTML page shows and exports
 * these). Text from the org is one line, its invisible and reordering characters shown as
 * visible escapes (common/text.ts), so a name can neither split a record nor reorder a cell.
 */
export function csvRecord(r: Row, review: Pick<Review, "generatedAt" | "tool">): string[] {
  return rawRecord(r, review).map(terminalText);
}

function rawRecord(r: Row, review: Pick<Review, "generatedAt" | "tool">): string[] {
  const tool = `${review.tool.name} ${review.tool.version}${review.tool.commit ? ` (${review.tool.commit.slice(0, 12)})` : ""}`;
  return [
    r.org,
    r.orgId ?? "",
    r.clientId,
    r.clientName,
    r.grantType ?? "",
    r.state,
    r.scopes.map((s) => s.scope).join(" "),
    writeScopesOf(r).join(" "),
    r.roles.map((x) => (x.name === null ? x.id : `${x.name} (${x.id})`)).join("; "),
    r.permissions === null ? "" : String(r.permissions),
    r.authorizedBy ?? "",
    r.authorizedAt ?? "",
    r.modifiedBy ?? "",
    r.modifiedAt ?? "",
    r.managedBy.map((m) => `${m.stack}: ${m.urn}`).join("; "),
    isNotInCode(r) ? "yes" : "no",
    isDrifted(r) ? driftText(r) : "",
    r.risk,
    r.riskReasons.join("; "),
    r.change ?? "",
    review.generatedAt,
    tool,
    "",
    "",
    "",
    "",
  ];
}

/** The whole CSV: a header line, then a record per row; CRLF line ends, as RFC 4180 has them. */
export function renderCsv(review: Review): string {
  return [csvLine(CSV_COLUMNS), ...review.rows.map((r) => csvLine(csvRecord(r, review)))].join("\r\n") + "\r\n";
}

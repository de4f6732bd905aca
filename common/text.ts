/**
 * Strings the org controls (client names and descriptions, role names, modifiedBy, scope
 * descriptions) are data: a third-party client's name is chosen by another org's developer.
 * Every output format renders them through one of these functions, never by pasting.
 */

/**
 * Line breaks, tabs and every invisible or reordering character: C0 and C1 controls (ESC among
 * them), DEL, bidirectional marks, embeddings, overrides and isolates, the Arabic letter mark,
 * zero-width and byte-order marks, line and paragraph separators.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff\ufff9-\ufffb]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A character that would act on a terminal or reorder its line, as its visible escape: `\n`, `\x1b`, `\u202e`. */
function escapeOf(ch: string): string {
  const code = ch.charCodeAt(0);
  // C0 controls, DEL and C1 controls (up to U+009F) as \xNN; the rest as \uNNNN.
  return NAMED[ch] ?? (code <= 0x9f ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`);
}

/**
 * The one boundary for text from the org (client, role and scope names, descriptions, modifiedBy,
 * the vendor's error messages) and any message holding it, on its way to a terminal, Pulumi's
 * output, Markdown or a comment: one line, where every control, ESC sequence, line break and
 * bidirectional control shows as a visible escape (`escape \x1b[31mred`, `\u202egnp.exe`) instead
 * of acting. Printable text, any script or emoji, is kept; applying it twice changes nothing more.
 */
export function terminalText(s: string): string {
  return String(s).replace(UNSAFE, escapeOf);
}

/** The text as a person sees it on screen: the invisible characters left out (for ranking names by closeness). */
export function visibleText(s: string): string {
  return String(s).replace(UNSAFE, "");
}

/**
 * A message for Pulumi's own output: Pulumi reads `<{%…%}>` as colour markup, so a name from the
 * org could restyle the lines around it. The opener is broken with a space; the rest stays as is.
 */
export function pulumiInert(s: string): string {
  return String(s).replace(/<\{%/g, "<{ %");
}

/** A name from the org inside a one-line message: double-quoted, terminal-safe. */
export function quoted(s: string): string {
  return `"${terminalText(s)}"`;
}

/**
 * A Markdown code span holding `s` as literal text: no emphasis, link, autolink, HTML, mention
 * or emoji can come out of it. The fence is longer than any run of backticks inside. Inside a
 * table cell (`inTable`), pipes are escaped so the row keeps its columns (GFM unescapes them).
 */
export function markdownCode(s: string, inTable = false): string {
  let t = terminalText(s);
  if (inTable) t = t.replace(/\|/g, "\\|");
  if (t.trim() === "") return "_(empty)_";
  const longest = Math.max(0, ...[...t.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = t.startsWith("`") || t.endsWith("`") || (t.startsWith(" ") && t.endsWith(" ")) ? " " : "";
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A string from the org or the program as a table cell: a code span whose pipes keep the row's columns. */
export function markdownCell(s: string): string {
  return markdownCode(s, true);
}

/**
 * A Markdown (GFM) table's lines, from its header's labels and its rows' cells, each cell already
 * rendered: a string from the org goes through markdownCell. Not the markdown-table package: its
 * maintained line loads only as an ES module, and this package is CommonJS on Node.js 22 and later.
 */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  for (const r of rows) if (r.length !== header.length) throw new Error(`a table row has ${r.length} cells for ${header.length} columns`);
  return [line(header), `|${header.map(() => "---").join("|")}|`, ...rows.map(line)];
}

/**
 * A double-quoted string literal made only of printable ASCII: valid in JavaScript, TypeScript
 * and JSON, and safe inside a `//` or `#` comment (it holds no line terminator and no `*\/`).
 */
export function asciiLiteral(s: string): string {
  let out = '"';
  for (const ch of String(s)) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (code >= 0x20 && code <= 0x7e && !(ch === "/" && out.endsWith("*"))) out += ch;
    else if (code <= 0xffff) out += "\\u" + code.toString(16).padStart(4, "0");
    else {
      // Astral characters as a surrogate pair.
      const hi = Math.floor((code - 0x10000) / 0x400) + 0xd800;
      const lo = 0xdc00 + (code % 0x400);
      out += "\\u" + hi.toString(16) + "\\u" + lo.toString(16);
    }
  }
  return out + '"';
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Text for an HTML page, in an element or a quoted attribute: every character that could open a
 * tag, an entity or end an attribute is escaped, and the invisible ones show as in terminalText.
 */
export function htmlText(s: string): string {
  return terminalText(s).replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * JSON for a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes, so no
 * string inside can close the element or open a comment; U+2028/9 too. JSON.parse reads it back.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

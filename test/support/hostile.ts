import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import MarkdownIt from "markdown-it";
import * as ts from "typescript";
import { parse as parseYaml } from "yaml";

const ROOT = path.resolve(__dirname, "..", "..", "..");

/** The checked-in corpus of hostile names (test/corpus/hostile-names.json). */
export function hostileNames(): string[] {
  return JSON.parse(fs.readFileSync(path.join(ROOT, "test", "corpus", "hostile-names.json"), "utf8")).names;
}

/** GitHub-like rendering: raw HTML passes through and bare URLs become links, so an injection would show. */
export const md = new MarkdownIt({ html: true, linkify: true });
/** The tags the project's own Markdown produces; anything else came from a string. */
const OWN_TAGS = new Set(["p", "h3", "table", "thead", "tbody", "tr", "th", "td", "code", "em", "strong", "ol", "li"]);

/**
 * Renders Markdown and checks that no link, image or HTML survives, and that every table row has
 * as many cells as its header.
 */
export function assertInertMarkdown(text: string): void {
  const html = md.render(text);
  for (const m of html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)) {
    assert.ok(OWN_TAGS.has(m[1].toLowerCase()), `a <${m[1]}> tag came out of:\n${text}\n---\n${html}`);
  }
  const tokens = md.parse(text, {});
  let header = -1;
  let cells = 0;
  for (const t of tokens) {
    if (t.type === "link_open" || t.type === "image" || t.type === "html_inline" || t.type === "html_block")
      assert.fail(`${t.type} in:\n${text}`);
    for (const c of t.children ?? []) {
      if (c.type === "link_open" || c.type === "image" || c.type === "html_inline") assert.fail(`${c.type} in:\n${text}`);
    }
    if (t.type === "table_open") header = -1;
    if (t.type === "tr_open") cells = 0;
    if (t.type === "th_open" || t.type === "td_open") cells++;
    if (t.type === "tr_close") {
      if (header < 0) header = cells;
      else assert.equal(cells, header, `a row lost its columns in:\n${text}`);
    }
  }
}

/** The string values of a literal expression, or a failure for anything that is not a literal. */
function literalValue(e: ts.Expression): unknown {
  if (ts.isStringLiteral(e)) return e.text;
  if (ts.isArrayLiteralExpression(e)) return e.elements.map(literalValue);
  assert.fail(`not a literal: ${ts.SyntaxKind[e.kind]}`);
}

/**
 * Parses an exported program and checks it is exactly one import of AuthorizedClient and
 * `new AuthorizedClient("name", { key: literal, … })` statements, nothing else. Returns the
 * declarations and the comments' texts.
 */
export function parseExportedProgram(text: string): {
  declarations: Array<{ name: string; args: Record<string, unknown> }>;
  comments: string[];
} {
  const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS } });
  assert.deepEqual(
    (out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    [],
    "the program parses",
  );
  const sf = ts.createSourceFile("index.ts", text, ts.ScriptTarget.ES2022, true);
  const [first, ...rest] = sf.statements;
  assert.ok(
    first && ts.isImportDeclaration(first) && (first.moduleSpecifier as ts.StringLiteral).text === "pulumi-genesys-grants",
    "starts with the one import",
  );
  const declarations = rest.map((s) => {
    assert.ok(ts.isExpressionStatement(s) && ts.isNewExpression(s.expression), `a statement that is not a declaration: ${s.getText(sf)}`);
    const n = s.expression as ts.NewExpression;
    assert.ok(ts.isIdentifier(n.expression) && n.expression.text === "AuthorizedClient", "only AuthorizedClient is constructed");
    const [name, obj, ...more] = n.arguments ?? [];
    assert.equal(more.length, 0);
    assert.ok(ts.isStringLiteral(name) && ts.isObjectLiteralExpression(obj));
    const args: Record<string, unknown> = {};
    for (const p of obj.properties) {
      assert.ok(ts.isPropertyAssignment(p) && ts.isIdentifier(p.name), "only plain properties");
      args[p.name.text] = literalValue(p.initializer);
    }
    return { name: name.text, args };
  });
  const comments: string[] = [];
  ts.forEachLeadingCommentRange(text, 0, (pos, end) => void comments.push(text.slice(pos, end)));
  for (const s of rest) ts.forEachLeadingCommentRange(text, s.pos, (pos, end) => void comments.push(text.slice(pos, end)));
  for (const c of comments) assert.ok(c.startsWith("//") && !/[\n\r\u2028\u2029]/.test(c), `a comment spans lines: ${JSON.stringify(c)}`);
  return { declarations, comments };
}

/** The JSON string literals inside a comment, decoded. */
export function literalsIn(comment: string): string[] {
  return [...comment.matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) => JSON.parse(m[0]));
}

/** A grants file parses to `grants` only, each grant holding only resource inputs. */
export function parseExportedGrantsFile(text: string): Record<string, Record<string, unknown>> {
  const doc = parseYaml(text) as { grants: Record<string, Record<string, unknown>> };
  assert.deepEqual(Object.keys(doc), ["grants"]);
  for (const g of Object.values(doc.grants ?? {})) {
    for (const k of Object.keys(g)) assert.ok(["clientId", "scopes", "roles", "onExisting"].includes(k), `unexpected key ${k}`);
  }
  return doc.grants ?? {};
}

export interface BadInputCase {
  name: string;
  inputs: Record<string, unknown>;
  property: string;
  /** A regular expression the reason must match. */
  reason: string;
}

/** The bad-input corpus (test/corpus/bad-inputs.json) with its client placeholders filled in. */
export function badInputCases(ids: Record<string, string>): BadInputCase[] {
  const text = fs.readFileSync(path.join(ROOT, "test", "corpus", "bad-inputs.json"), "utf8");
  const filled = text.replace(/\$\{(\w+)\}/g, (whole, key: string) => (key in ids ? ids[key] : whole));
  return JSON.parse(filled).cases;
}

export const GHOST_CLIENT = "00000000-1111-4222-8333-444444444444";

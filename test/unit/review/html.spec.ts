import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { renderHtml } from "../../../review/render-html";
import { hostileNames } from "../../support/hostile";
import { declared, live, reviewOf } from "./fixtures";

const sha = (s: string) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;

describe("review HTML (as text; tests/e2e/review.spec.ts opens it in Chromium)", () => {
  const names = hostileNames();
  const page = renderHtml(
    reviewOf(
      names.map((n, i) => live(i, { name: n, by: n })),
      [declared(0)],
    ),
  );

  it("forbids every request by its Content-Security-Policy, and allows its own script and style by hash", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1].replace(/&#39;/g, "'");
    assert.ok(csp, "a CSP meta element");
    const [script] = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)?.[1] ?? "";
    assert.deepEqual(csp.split("; "), [
      "default-src 'none'",
      `script-src ${sha(script)}`,
      `style-src ${sha(style)}`,
      "img-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ]);
  });

  it("names no other resource outside its data: no src, href, link, import or url()", () => {
    const markup = page.replace(/<script type="application\/json" id="review-data">[\s\S]*?<\/script>/, "");
    assert.notEqual(markup, page, "the data block was found");
    assert.doesNotMatch(markup, /\s(src|href|srcset|action|formaction)=/i);
    assert.doesNotMatch(markup, /<(link|img|iframe|object|embed|base)\b/i);
    assert.doesNotMatch(markup, /\burl\(|@import/);
  });

  it("holds every hostile name as data: two script elements, and no name's markup outside the escaped data", () => {
    assert.equal((page.match(/<script\b/g) ?? []).length, 2);
    assert.equal((page.match(/<\/script>/g) ?? []).length, 2);
    const data = /<script type="application\/json" id="review-data">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? "";
    assert.doesNotMatch(data, /[<>&]/);
    const parsed = JSON.parse(data) as { records: string[][] };
    assert.equal(parsed.records.length, names.length);
    for (const n of names.filter((x) => /[<>]/.test(x))) assert.ok(!page.includes(n), `raw in the page: ${n}`);
  });
});

import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  asciiLiteral,
  htmlText,
  jsonForScript,
  markdownCell,
  markdownCode,
  markdownTable,
  pulumiInert,
  quoted,
  terminalText,
  visibleText,
} from "../../../common/text";

/**
 * Each renderer's exact output, at the edges of its ranges: the property tests of the hostile-name
 * suites prove no string acts; these prove what each string becomes.
 */
describe("text from the org, rendered exactly", () => {
  it("terminalText: line breaks and tabs by name, C0/C1 controls and DEL as \\xNN, the rest as \\uNNNN", () => {
    const cases: Array<[string, string]> = [
      ["a\nb", "a\\nb"],
      ["a\rb", "a\\rb"],
      ["a\tb", "a\\tb"],
      ["\u0000\u0001\u001b\u001f", "\\x00\\x01\\x1b\\x1f"],
      ["\u007f\u0080\u009f", "\\x7f\\x80\\x9f"],
      ["\u00a0\u00ff", "\u00a0\u00ff"],
      [
        "\u061c\u200b\u200f\u2028\u2029\u202a\u202e\u2060\u2069\ufeff\ufff9\ufffb",
        "\\u061c\\u200b\\u200f\\u2028\\u2029\\u202a\\u202e\\u2060\\u2069\\ufeff\\ufff9\\ufffb",
      ],
      ["Ünïcødé 名前 🎉 ~", "Ünïcødé 名前 🎉 ~"],
    ];
    for (const [raw, shown] of cases) assert.equal(terminalText(raw), shown, JSON.stringify(raw));
  });

  it("visibleText drops what terminalText escapes, and keeps the rest", () => {
    assert.equal(visibleText("a\u202eb\nc\u200bd 名"), "abcd 名");
    fc.assert(fc.property(fc.string({ unit: "binary" }), (s) => assert.equal(visibleText(terminalText(s)), terminalText(s))));
  });

  it("pulumiInert breaks every colour-markup opener and nothing else", () => {
    assert.equal(pulumiInert("a <{%fg 1%}> b <{%reset%}>"), "a <{ %fg 1%}> b <{ %reset%}>");
    assert.equal(pulumiInert("<{ % {% <{"), "<{ % {% <{");
  });

  it("quoted: double quotes around the terminal text", () => {
    assert.equal(quoted("a\nb"), '"a\\nb"');
  });

  it("markdownCode: a fence one longer than the longest backtick run, padded only where CommonMark needs it", () => {
    const cases: Array<[string, string]> = [
      ["plain", "`plain`"],
      ["a`b", "``a`b``"],
      ["a``b`c", "```a``b`c```"],
      ["`start", "`` `start ``"],
      ["end`", "`` end` ``"],
      [" both ", "`  both  `"],
      [" left", "` left`"],
      ["right ", "`right `"],
      ["", "_(empty)_"],
      ["   ", "_(empty)_"],
      ["a|b", "`a|b`"],
      ["a\nb", "`a\\nb`"],
    ];
    for (const [raw, shown] of cases) assert.equal(markdownCode(raw), shown, JSON.stringify(raw));
  });

  it("markdownCell: pipes escaped so the row keeps its columns", () => {
    assert.equal(markdownCell("a|b||c"), "`a\\|b\\|\\|c`");
    assert.equal(markdownCode("a|b", true), "`a\\|b`");
  });

  it("markdownTable: header, rule and rows, and a row of the wrong width refused", () => {
    assert.deepEqual(markdownTable(["a", "b"], [["1", "2"]]), ["| a | b |", "|---|---|", "| 1 | 2 |"]);
    assert.throws(() => markdownTable(["a", "b"], [["1"]]), /a table row has 1 cells for 2 columns/);
  });

  it("asciiLiteral: printable ASCII as is, quotes and backslashes escaped, the rest as \\u escapes, astral ones as surrogate pairs", () => {
    const cases: Array<[string, string]> = [
      [" az~", '" az~"'],
      ['"\\', '"\\"\\\\"'],
      ["\u001f\u007f", '"\\u001f\\u007f"'],
      ["é\uffff", '"\\u00e9\\uffff"'],
      ["\u{10000}\u{1f389}\u{10ffff}", '"\\ud800\\udc00\\ud83c\\udf89\\udbff\\udfff"'],
      ["a/b", '"a/b"'],
      ["*/", '"*\\u002f"'],
      ["/*", '"/*"'],
      ["*a*", '"*a*"'],
    ];
    for (const [raw, shown] of cases) {
      assert.equal(asciiLiteral(raw), shown, JSON.stringify(raw));
      assert.equal(JSON.parse(shown), raw);
    }
  });

  it("htmlText escapes each character that could open a tag, an entity or end an attribute", () => {
    assert.equal(htmlText(`<a href="x" title='y'>&amp;</a>\n`), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;amp;&lt;/a&gt;\\n");
  });

  it("jsonForScript: <, >, & and the line separators as \\u escapes; JSON.parse reads it back", () => {
    const value = { s: "</script><!--&\u2028\u2029" };
    const out = jsonForScript(value);
    assert.equal(out, '{"s":"\\u003c/script\\u003e\\u003c!--\\u0026\\u2028\\u2029"}');
    assert.deepEqual(JSON.parse(out), value);
    fc.assert(fc.property(fc.jsonValue(), (v) => assert.deepEqual(JSON.parse(jsonForScript(v)), JSON.parse(JSON.stringify(v)))));
  });
});

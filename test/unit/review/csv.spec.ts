import * as assert from "node:assert/strict";
import fc from "fast-check";
import { CSV_COLUMNS, csvCell, csvLine, renderCsv } from "../../../review/render-csv";
import { parseCsv } from "../../support/csv";
import { hostileNames } from "../../support/hostile";
import { reviewOf, live, declared } from "./fixtures";

/** What a spreadsheet reads as a formula (OWASP, CSV injection), full-width forms included. */
const FORMULA_START = ["=", "+", "-", "@", "\t", "\r", "\n", "\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"];

describe("review CSV (OWASP CSV injection)", () => {
  it("a cell that a spreadsheet would read as a formula is prefixed with ', and reads back otherwise as given", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.tuple(fc.constantFrom(...FORMULA_START), fc.string({ unit: "binary" })).map(([a, b]) => a + b),
    );
    fc.assert(
      fc.property(text, (s) => {
        const [[back]] = parseCsv(csvCell(s) + "\r\n");
        const formula = FORMULA_START.some((c) => s.startsWith(c));
        assert.equal(back, formula ? "'" + s : s);
        assert.ok(!FORMULA_START.some((c) => back.startsWith(c)), JSON.stringify(back));
      }),
      { numRuns: 2000 },
    );
  });

  it("every cell is quoted and each quote doubled, so a record keeps its cells", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 8 }), (cells) => {
        const line = csvLine(cells);
        assert.ok(line.startsWith('"') && line.endsWith('"'));
        const [back] = parseCsv(line + "\r\n");
        assert.equal(back.length, cells.length);
      }),
    );
  });

  it("names from the org stay one record each, formulas inert, with provenance and empty reviewer columns", () => {
    const names = [...hostileNames(), '=HYPERLINK("https://evil.example","x")', "+1+cmd|' /C calc'!A0", "\uFF1DSUM(A1)", "@SUM(1)"];
    const review = reviewOf(
      names.map((n, i) => live(i, { name: n, scopes: ["users"] })),
      [declared(0)],
    );
    const records = parseCsv(renderCsv(review));
    assert.deepEqual(records[0], [...CSV_COLUMNS]);
    assert.equal(records.length, 1 + review.rows.length);
    const col = (name: (typeof CSV_COLUMNS)[number]) => CSV_COLUMNS.indexOf(name);
    for (const r of records.slice(1)) {
      assert.equal(r.length, CSV_COLUMNS.length);
      for (const cell of r) assert.ok(!FORMULA_START.some((c) => cell.startsWith(c)), JSON.stringify(cell));
      assert.equal(r[col("generated_at")], review.generatedAt);
      assert.match(r[col("tool")], /^genesys-grants 9\.9\.9 \(0123456789ab\)$/);
      assert.deepEqual(
        [col("decision"), col("justification"), col("reviewer"), col("review_date")].map((i) => r[i]),
        ["", "", "", ""],
      );
    }
    const shown = records.slice(1).map((r) => r[col("client_name")]);
    assert.ok(shown.includes('\'=HYPERLINK("https://evil.example","x")'), shown.join("\n"));
    assert.ok(shown.includes("'\uFF1DSUM(A1)"));
  });
});

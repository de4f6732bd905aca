import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { longestFirst, slowSpecs } from "../support/slow-suite";

/**
 * `npm run test:slow` finds its spec files by pattern and hands them to mocha longest first, so
 * that three workers end together (mocha hands the files out in that order).
 */
describe("the slow suite", () => {
  it("runs every end-to-end and reliability spec file, found by pattern", () => {
    const onDisk = ["e2e", "reliability"].flatMap((dir) =>
      fs
        .readdirSync(path.join(REPO_ROOT, "test", dir))
        .filter((f) => f.endsWith(".spec.ts"))
        .map((f) => `dist/test/${dir}/${f.replace(/\.ts$/, ".js")}`),
    );
    assert.deepEqual(slowSpecs().sort(), onDisk.sort());
  });

  it("orders files longest first, a file of unknown length first of all, each file once", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.stringMatching(/^[a-z]{1,6}$/), { maxLength: 12 }),
        fc.array(fc.nat(600), { maxLength: 12 }),
        (files, lengths) => {
          const seconds = Object.fromEntries(files.slice(0, lengths.length).map((f, i) => [f, lengths[i]]));
          const order = longestFirst(files, seconds);
          assert.deepEqual([...order].sort(), [...files].sort());
          const rank = (f: string) => seconds[f] ?? Number.POSITIVE_INFINITY;
          for (let i = 1; i < order.length; i++) assert.ok(rank(order[i - 1]) >= rank(order[i]), `${order[i - 1]} before ${order[i]}`);
        },
      ),
    );
  });
});

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { unsupportedNode } from "../../common/supported-node";

const LINE =
  /^pulumi-genesys-grants needs Node\.js 22, 24 or 26 \(22 or later\); this is Node\.js 20\.11\.1\. Install a supported Node\.js and run again\.$/;

/** Runs `code` in a Node.js that reports itself as `version` (what an older Node.js would see first). */
function as(version: string, code: string) {
  return spawnSync(
    process.execPath,
    ["-e", `Object.defineProperty(process.versions, "node", { value: ${JSON.stringify(version)} }); ${code}`],
    {
      cwd: REPO_ROOT,
      encoding: "utf8",
    },
  );
}

describe("an unsupported Node.js fails fast, in one line", () => {
  for (const bin of ["cli/main.js", "emulator/main.js"]) {
    it(`${bin} on Node.js 20: one line on standard error, exit 1, nothing else`, () => {
      const r = as(
        "20.11.1",
        `process.argv = [process.argv[0], "x", "--help"]; require(${JSON.stringify(path.join(REPO_ROOT, "dist", bin))});`,
      );
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr.trimEnd(), LINE);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    });
  }

  it("loading the provider on Node.js 20 throws that line", () => {
    const r = as(
      "20.11.1",
      `try { require(${JSON.stringify(path.join(REPO_ROOT, "dist", "provider", "index.js"))}); console.log("loaded"); } catch (e) { console.log(e.message); }`,
    );
    assert.match(r.stdout.trim(), LINE);
  });

  it("22, 24 and 26 pass; 21 and 18 do not", () => {
    for (const v of ["22.0.0", "22.17.1", "24.3.0", "26.10.0"]) assert.equal(unsupportedNode(v), undefined, v);
    for (const v of ["21.7.3", "18.20.4", "20.19.0"]) assert.match(String(unsupportedNode(v)), /this is Node\.js \d/, v);
  });
});

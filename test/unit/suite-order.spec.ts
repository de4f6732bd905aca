import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/**
 * `npm run test:slow` names its spec files one by one, longest first, so that three workers end
 * together (mocha hands the files out in that order). A spec file it does not name would never run.
 */
describe("the slow suite", () => {
  it("names every end-to-end and reliability spec file exactly once", () => {
    const script = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).scripts["test:slow"] as string;
    const named = script.split(/\s+/).filter((w) => w.endsWith(".spec.js"));
    const onDisk = ["e2e", "reliability"].flatMap((dir) =>
      fs
        .readdirSync(path.join(REPO_ROOT, "test", dir))
        .filter((f) => f.endsWith(".spec.ts"))
        .map((f) => `dist/test/${dir}/${f.replace(/\.ts$/, ".js")}`),
    );
    assert.deepEqual([...named].sort(), [...new Set(named)].sort(), "a spec file is named twice");
    assert.deepEqual([...named].sort(), onDisk.sort());
  });
});

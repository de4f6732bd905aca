import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { userManifest, stampOf } = require(path.join(REPO_ROOT, "scripts", "pack.js")) as {
  userManifest(m: Record<string, unknown>, stamp: string): Record<string, unknown>;
  stampOf(s: { sourceHash: string; commit?: string; dirty?: boolean }): string;
};

const hex = (n: number) => fc.stringMatching(new RegExp(`^[0-9a-f]{${n}}$`));

describe("the packed build: its manifest and its version", () => {
  it("a build of other code never has the version (and so the tarball name) of another", () => {
    fc.assert(
      fc.property(hex(64), hex(64), hex(10), hex(10), fc.boolean(), fc.boolean(), (h1, h2, c1, c2, d1, d2) => {
        const a = stampOf({ sourceHash: h1, commit: c1, dirty: d1 });
        const b = stampOf({ sourceHash: h2, commit: c2, dirty: d2 });
        // Different commits, or a changed tree with different sources: different versions.
        if (c1 !== c2 || (d1 && d2 && h1.slice(0, 10) !== h2.slice(0, 10)) || d1 !== d2) assert.notEqual(a, b);
      }),
    );
    assert.equal(stampOf({ sourceHash: "ab".repeat(32), commit: "0123456789" }), "git.0123456789");
    assert.equal(stampOf({ sourceHash: "ab".repeat(32), commit: "0123456789", dirty: true }), "git.0123456789.dirty.ababababab");
    assert.equal(stampOf({ sourceHash: "cd".repeat(32) }), "build.cdcdcdcdcd");
  });

  it("the user's manifest keeps what installs and runs the package, and drops the repository's scripts", () => {
    const repo = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));
    const user = userManifest(repo, "git.0123456789");
    assert.equal(user.version, `${repo.version}-git.0123456789`);
    for (const gone of ["scripts", "devDependencies", "allowScripts"]) assert.equal(user[gone], undefined, gone);
    for (const kept of ["name", "main", "types", "exports", "bin", "files", "engines", "dependencies", "peerDependencies"])
      assert.deepEqual(user[kept], repo[kept], kept);
  });
});

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/** scripts/ensure-pulumi.sh on a machine with neither a pulumi nor Go. */
describe("ensure-pulumi without pulumi and without Go", () => {
  it("stops with one message saying how to install the CLI", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    // Only the basic tools the script needs: no go, no pulumi.
    for (const tool of ["bash", "dirname", "cat", "sort", "head", "sed", "cut", "mkdir", "env"]) {
      const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    try {
      const r = spawnSync(path.join(bin, "bash"), [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
        encoding: "utf8",
        env: { PATH: bin, HOME: dir, PULUMI_GENESYS_CACHE: path.join(dir, "cache") },
      });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /no Pulumi CLI found and no Go toolchain to build one/);
      assert.match(r.stderr, /Install the Pulumi CLI \(>= 3\.248\.0/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

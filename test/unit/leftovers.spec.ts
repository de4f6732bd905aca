import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { processesWith } from "../support/processes";

const WRAPPER = path.join(REPO_ROOT, "dist", "test", "support", "leftovers.js");

/** Runs the wrapper around `node -e script`, with no grace period. */
function wrap(script: string) {
  return spawnSync(process.execPath, [WRAPPER, process.execPath, "-e", script], {
    encoding: "utf8",
    env: { ...process.env, LEFTOVERS_GRACE_MS: "0" },
  });
}

describe("the suite's check for processes left running", function () {
  this.timeout(20_000);

  it("passes a run that leaves nothing, with the run's own exit code", () => {
    const ok = wrap("process.exit(0)");
    assert.equal(ok.status, 0, ok.stderr);
    assert.match(ok.stdout, /no process of the run is still running/);
    assert.equal(wrap("process.exit(3)").status, 3);
  });

  it("fails a run that leaves a process behind in a group of its own, names it, and stops it", () => {
    // What the Pulumi CLI does with its plugins: a detached child, in its own process group.
    const tag = `left-behind-${process.pid}-${Date.now()}`;
    const r = wrap(
      `require("node:child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", "${tag}"], { detached: true, stdio: "ignore" }).unref()`,
    );
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`1 process\\(es\\) the run started are still running:\\n  \\d+ .*${tag}`));
    const stillThere = processesWith(`LEFTOVERS_GRACE_MS=0`).filter((p) => p.command.includes(tag));
    assert.deepEqual(stillThere, [], "the wrapper stopped it");
  });
});

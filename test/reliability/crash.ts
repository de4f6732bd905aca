import * as assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { mustPulumi, prepareExample, pulumi, REPO_ROOT, tempWorkspace } from "../../scripts/lib/pulumi-cli";
import { programSource } from "../../scripts/lib/big-org";
import { DEMO } from "../support/emulator";
import { Reliability } from "./harness";

/**
 * `pulumi up` of 60 grants killed with SIGKILL (its whole process group: CLI, language host,
 * provider) in the middle, then the documented recovery: remove empty `.attrs` sidecars, pulumi
 * cancel, pulumi refresh --clear-pending-creates, pulumi up.
 */
export function crashScenario(r: Reliability, grants = 60): void {
  it(`recovers from a SIGKILL in the middle of an up of ${grants} grants; nothing is live that the state does not hold`, async () => {
    await r.emu.control("POST", "reset");
    const ws = tempWorkspace("grants-crash-", {
      GENESYSCLOUD_API_URL: r.emu.url,
      GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
    });
    const project = path.join(ws.dir, "crash");
    try {
      prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);
      fs.writeFileSync(path.join(project, "index.ts"), programSource(grants));
      r.output += await mustPulumi(ws, project, ["stack", "init", "crash"]);
      // Slow writes so the kill lands mid-run.
      await r.emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", delayMs: 300 });
      const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", "crash", "--non-interactive"], {
        cwd: project,
        env: { ...process.env, ...ws.env },
        detached: true,
        stdio: ["ignore", "pipe", "pipe"],
      });
      child.stdout.on("data", (d) => (r.output += d));
      child.stderr.on("data", (d) => (r.output += d));
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
      await r.emu.waitForRequests((e) => e.method === "PUT" && e.status === 200, 20);
      process.kill(-child.pid!, "SIGKILL");
      assert.equal(await exited, "SIGKILL");
      // Writes the dead run had sent still complete in the org, as they would at the vendor.
      await r.emu.idle();
      await r.emu.control("DELETE", "faults");
      // The file backend writes each checkpoint to a temporary file and renames it, but rewrites the
      // metadata sidecar beside it (`<stack>.json.attrs`) in place: a kill in between leaves the
      // sidecar empty and every command fails with "failed to load checkpoint: EOF". When the kill
      // did not land there, leave the sidecar as such a kill does; then take the documented step.
      const checkpoint = path.join(ws.backendDir, ".pulumi", "stacks", "genesys-grants-basic", "crash.json");
      let exported = await pulumi(ws, project, ["stack", "export", "--stack", "crash"]);
      const cutByKill = exported.status !== 0;
      if (!cutByKill) fs.truncateSync(`${checkpoint}.attrs`, 0);
      assert.match((await pulumi(ws, project, ["stack", "export", "--stack", "crash"])).stderr, /failed to load checkpoint: EOF/);
      const removed = removeEmptySidecars(ws.backendDir);
      assert.ok(removed.includes(`${checkpoint}.attrs`), `the documented step removes the empty sidecar (removed: ${removed.join(", ")})`);
      exported = await pulumi(ws, project, ["stack", "export", "--stack", "crash"]);
      assert.equal(exported.status, 0, exported.stderr);
      const killed = JSON.parse(exported.stdout).deployment;
      const recorded = (killed.resources ?? []).filter((x: { type: string }) => x.type.endsWith(":AuthorizedClient")).length;
      const pending = (killed.pending_operations ?? []).length;
      assert.ok(recorded < grants, `the kill landed mid-run (${recorded} recorded)`);

      // The documented recovery.
      r.output += await mustPulumi(ws, project, ["cancel", "--yes", "--stack", "crash"]);
      r.output += await mustPulumi(ws, project, ["refresh", "--yes", "--clear-pending-creates", "--stack", "crash"]);
      r.output += await mustPulumi(ws, project, ["up", "--yes", "--stack", "crash"]);

      const state = await mustPulumi(ws, project, ["stack", "export", "--stack", "crash"]);
      r.states.push(state);
      const held = new Set(
        (JSON.parse(state).deployment.resources as Array<{ type: string; id?: string }>)
          .filter((x) => x.type.endsWith(":AuthorizedClient"))
          .map((x) => x.id),
      );
      const live = (await r.emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed")).map((a) => a.clientId);
      assert.equal(held.size, grants);
      assert.deepEqual(live.filter((id) => !held.has(id)), [], "authorizations live in the org that the state does not hold");
      assert.equal(live.length, grants);
      r.results.push({
        scenario: "SIGKILL of `pulumi up` mid-run, then (remove empty .attrs) / cancel / refresh --clear-pending-creates / up",
        grants,
        faults: `SIGKILL after 20 writes: ${recorded} recorded, ${pending} pending creates, checkpoint sidecar left empty ${cutByKill ? "by the kill" : "(as a kill leaves it)"}, removed`,
        retries: 0,
        outcome: "converged; no grant live outside the state",
      });
      // No destroy: the workspace goes, and the next scenario resets the org. Revoking at scale
      // is proven by the concurrency scenario's destroy of 200 grants.
    } finally {
      ws.remove();
    }
  });
}

/** The README's step, run as written: `find <backend>/.pulumi -name '*.attrs' -empty -print -delete`. */
function removeEmptySidecars(backend: string): string[] {
  const find = spawnSync("find", [path.join(backend, ".pulumi"), "-name", "*.attrs", "-empty", "-print", "-delete"], { encoding: "utf8" });
  assert.equal(find.status, 0, find.stderr);
  return find.stdout.split("\n").filter(Boolean);
}

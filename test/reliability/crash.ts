import * as assert from "node:assert/strict";
import { THIS_HOST } from "../../cli/recover";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  mustPulumi,
  prepareExample,
  pulumi,
  REPO_ROOT,
  run,
  tempWorkspace,
  withShippedDefaults,
  Workspace,
} from "../../scripts/lib/pulumi-cli";
import { programSource } from "../../scripts/lib/big-org";
import { DEMO } from "../support/emulator";
import { readRequestLog } from "../../genesys";
import { Reliability } from "./harness";
import { processesWith, untilGone } from "../support/processes";

/**
 * `pulumi up` of 60 grants killed as a cancelled CI job kills it: SIGKILL to the CLI's process
 * group, while some writes wait on a Retry-After. The engine had started the language host and the
 * provider in process groups of their own, so the kill does not reach them: the provider must stop
 * by itself (provider/engine-watch.ts), and nothing may reach the org after the kill instant but
 * the writes already in flight then, which the provider's own request log
 * (genesyscloud:requestLogFile) shows sent, their engine seen running, before it was gone. Some writes
 * are lost on the way, one of two ways (`lost`): the org applied them and the answer was lost, or
 * the request was dropped unapplied. Then the one documented step, `genesys-grants recover`, and an
 * `up` that converges the org to the program.
 */
export function crashScenario(r: Reliability, lost: "answer" | "request", grants = 60): void {
  it(`a SIGKILL of an up of ${grants} grants, writes lost by their ${lost}: nothing but writes in flight reaches the org after the kill, and recover then up converge`, async () => {
    const { ws, project, requestLog } = await runProject(r, "crash", grants);
    try {
      // Slow writes so the kill lands mid-run, and some of them told to come back later: at the
      // kill, those are waiting to write.
      await r.emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", status: 429, retryAfter: RETRY_AFTER_S, probability: 0.3 });
      // Some writes lost on the way: applied with their answer lost, or dropped unapplied (the
      // first rule that fires wins, so this one comes before the delay of every other write).
      await r.emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", drop: lost, probability: 0.1, delayMs: 300 });
      await r.emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", delayMs: 300 });
      const child = upInItsOwnGroup(r, ws, project, "crash");
      // The kill takes effect when the kernel has torn the engine down, closing its sockets; its
      // parent (this test) learns it after that, as the engine's exit.
      let exitedAt = Number.POSITIVE_INFINITY;
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, signal) => {
          exitedAt = Date.now();
          resolve(signal);
        }),
      );
      await r.emu.waitForRequests((e) => e.method === "PUT" && e.status === 200, 20);
      const ours = `PULUMI_HOME=${ws.env.PULUMI_HOME}`;
      assert.ok(
        processesWith(ours).some((p) => /dynamic-provider/.test(p.command)),
        "the provider runs before the kill",
      );
      const killedAt = Date.now();
      process.kill(-child.pid!, "SIGKILL");
      assert.equal(await exited, "SIGKILL");
      // The provider was out of the killed group, and stops by itself.
      await untilGone(ours, /dynamic-provider/, 15_000);
      const goneAt = Date.now();
      // And nothing else of the run is left: the language host and the program end with the engine.
      await untilGone(ours, /./, 15_000);
      // Writes the dead run had sent still complete in the org, as they would at the vendor.
      await r.emu.idle();
      await r.emu.control("DELETE", "faults");
      // The file backend writes each checkpoint to a temporary file and renames it, but rewrites the
      // metadata sidecar beside it (`<stack>.json.attrs`) in place: a kill in between leaves the
      // sidecar empty and every command fails with "failed to load checkpoint: EOF". When the kill
      // did not land there, leave the sidecar as such a kill does: recover must mend it.
      const checkpoint = path.join(ws.backendDir, ".pulumi", "stacks", "genesys-grants-basic", "crash.json");
      const before = await pulumi(ws, project, ["stack", "export", "--stack", "crash"]);
      const cutByKill = before.status !== 0;
      const killed = cutByKill ? undefined : JSON.parse(before.stdout).deployment;
      fs.truncateSync(`${checkpoint}.attrs`, 0);
      assert.match((await pulumi(ws, project, ["stack", "export", "--stack", "crash"])).stderr, /failed to load checkpoint: EOF/);
      const recorded = killed ? (killed.resources ?? []).filter((x: { type: string }) => x.type.endsWith(":AuthorizedClient")).length : -1;
      const pending = killed ? (killed.pending_operations ?? []).length : -1;
      if (killed) assert.ok(recorded < grants, `the kill landed mid-run (${recorded} recorded)`);

      // The one documented step. Inside a container this host's process IDs prove nothing of the
      // dead run's (another container may share the host name): recover says so and asks for --force.
      const recoverCli = (...flags: string[]) =>
        run(ws, project, process.execPath, [path.join(REPO_ROOT, "dist", "cli", "main.js"), "recover", "--stack", "crash", ...flags]);
      const container = THIS_HOST.pidsProveNothing();
      let recovered = await recoverCli();
      r.output += recovered.stdout + recovered.stderr;
      const mended = recovered.stdout;
      if (container) {
        assert.equal(recovered.status, 3, recovered.stdout + recovered.stderr);
        assert.match(
          recovered.stderr,
          /locked by a run that may still be going: .*its host name is this one's, but this runs inside a .*--force/,
        );
        recovered = await recoverCli("--force");
        r.output += recovered.stdout + recovered.stderr;
      }
      assert.equal(recovered.status, 0, recovered.stderr);
      assert.match(mended, /removed .*crash\.json\.attrs/, "recover mends the empty metadata file");
      assert.match(
        recovered.stdout,
        container ? /removed the lock of a run you said is gone \(--force\): .*pid \d+/ : /removed the lock of a dead run: .*pid \d+/,
      );
      const live = (await r.emu.state()).authorizations
        .filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"))
        .map((a) => a.clientId);
      const afterRecover = JSON.parse(await mustPulumi(ws, project, ["stack", "export", "--stack", "crash"])).deployment;
      assert.deepEqual(afterRecover.pending_operations ?? [], [], "no pending operation is left");
      const heldNow = new Set(
        afterRecover.resources.filter((x: { type: string }) => x.type.endsWith(":AuthorizedClient")).map((x: { id: string }) => x.id),
      );
      assert.deepEqual(
        live.filter((id) => !heldNow.has(id)),
        [],
        "after recover, the state holds every grant live in the org",
      );
      const landedPending = (recovered.stdout.match(/recorded in the state/g) ?? []).length;

      const upAt = Date.now();
      const log = await r.emu.requests();
      const isWrite = (e: { method: string }) => e.method === "PUT" || e.method === "DELETE";
      // From the kill: each write that reached the org after it must be one the provider had sent
      // with its engine seen running (checkedMs). A check can pass only while the engine's socket
      // is open: before the signal, or in the few milliseconds the kernel takes to tear the engine
      // down, which end before its parent sees it exit. A check after that is a defect.
      const sends = readRequestLog(fs.readFileSync(requestLog, "utf8")).filter((e) => e.event === "send" && isWrite(e));
      const checked = (e: (typeof sends)[number]) => e.checkedMs ?? e.timeMs;
      const inFlight = sends.filter((e) => checked(e) <= exitedAt);
      const checkedInTeardown = sends.filter((e) => checked(e) > killedAt);
      assert.deepEqual(
        sends.filter((e) => checked(e) > exitedAt),
        [],
        `the provider sent no write once its engine was gone (the engine exited ${exitedAt - killedAt} ms after the kill)`,
      );
      const unclaimed = [...inFlight];
      const arrivedAfter = log.filter((e) => isWrite(e) && e.timeMs > killedAt && e.timeMs < upAt);
      for (const e of arrivedAfter) {
        const i = unclaimed.findIndex((s) => s.method === e.method && s.path === e.path);
        assert.ok(
          i >= 0,
          `${e.method} ${e.path} reached the org ${e.timeMs - killedAt} ms after the kill, and the provider sent no such write before its engine was gone`,
        );
        unclaimed.splice(i, 1);
      }
      assert.ok(sends.length >= 20, `the provider's log records its writes (${sends.length})`);
      const lastSend = Math.max(...inFlight.map((e) => e.timeMs));
      const lastArrival = arrivedAfter.length ? Math.max(...arrivedAfter.map((e) => e.timeMs)) - killedAt : null;
      const lastWrite = Math.max(...log.filter((e) => e.method === "PUT" && e.timeMs < upAt).map((e) => e.timeMs));
      const waiting = log.filter(
        (e) => e.method === "PUT" && e.status === 429 && e.timeMs <= killedAt && e.timeMs + (e.retryAfter ?? 0) * 1000 > killedAt,
      ).length;
      // Retry-After plus the provider's jitter (at most 250 ms): every wait of the dead run had
      // ended, so a provider still alive would have written by now.
      assert.ok(
        upAt - killedAt > RETRY_AFTER_S * 1000 + 250,
        `the waits of the dead run had ended before the check (${upAt - killedAt} ms)`,
      );

      r.output += await mustPulumi(ws, project, ["up", "--yes", "--stack", "crash"]);
      const state = await mustPulumi(ws, project, ["stack", "export", "--stack", "crash"]);
      r.states.push(state);
      const held = new Set(
        (JSON.parse(state).deployment.resources as Array<{ type: string; id?: string }>)
          .filter((x) => x.type.endsWith(":AuthorizedClient"))
          .map((x) => x.id),
      );
      const liveAfter = (await r.emu.state()).authorizations
        .filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"))
        .map((a) => a.clientId);
      assert.equal(held.size, grants);
      assert.deepEqual(
        liveAfter.filter((id) => !held.has(id)),
        [],
        "authorizations live in the org that the state does not hold",
      );
      assert.equal(liveAfter.length, grants);
      r.results.push({
        scenario: `SIGKILL of \`pulumi up\`'s process group mid-run (writes waiting on Retry-After, 10% lost by their ${lost}), then \`genesys-grants recover\`, then up`,
        grants,
        faults:
          `SIGKILL after 20 writes: ${killed ? `${recorded} recorded, ${pending} pending` : "checkpoint cut by the kill"}; ${waiting} write(s) waiting on Retry-After ${RETRY_AFTER_S} s; ` +
          `engine exited ${exitedAt - killedAt} ms after the kill; provider gone within ${goneAt - killedAt} ms of the kill; ` +
          `sent after the engine exited: 0; checked and sent between the kill and the engine's exit: ${checkedInTeardown.length}; ` +
          `last send ${lastSend - killedAt} ms from the kill; ${arrivedAfter.length} write(s) in flight at the kill reached the org after it` +
          `${lastArrival === null ? "" : ` (the last ${lastArrival} ms after)`}; last write ${lastWrite - killedAt} ms after the kill; ` +
          `${log.filter((e) => e.fault === (lost === "answer" ? "answer dropped" : "reset") && e.timeMs < upAt).length} lost by their ${lost}; ` +
          `${landedPending} landed pending create(s) recorded by recover`,
        retries: log.filter((e) => e.status === 429 && e.timeMs < upAt).length,
        outcome: "nothing sent once the engine was gone; converged; no grant live outside the state",
      });
    } finally {
      ws.remove();
    }
  });
}

const RETRY_AFTER_S = 1;

/**
 * A workspace at the shipped defaults (300 requests a minute, the default retries) on the
 * emulator, reset, with the provider's own record of what it sends (requestLog), and a project of
 * `grants` grants with its stack `name` made. The caller removes the workspace.
 */
async function runProject(r: Reliability, name: string, grants: number) {
  await r.emu.control("POST", "reset");
  const ws = withShippedDefaults(
    tempWorkspace(`grants-${name}-`, {
      GENESYSCLOUD_API_URL: r.emu.url,
      GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
    }),
  );
  const project = path.join(ws.dir, name);
  const requestLog = path.join(ws.dir, "requests.jsonl");
  ws.env.GENESYSCLOUD_REQUEST_LOG_FILE = requestLog;
  try {
    prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);
    fs.writeFileSync(path.join(project, "index.ts"), programSource(grants));
    r.output += await mustPulumi(ws, project, ["stack", "init", name]);
  } catch (e) {
    ws.remove();
    throw e;
  }
  return { ws, project, requestLog };
}

/** `pulumi up` of the stack, as a CI runner starts it: a process group of its own, its output kept. */
function upInItsOwnGroup(r: Reliability, ws: Workspace, project: string, stack: string) {
  const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--stack", stack, "--non-interactive"], {
    cwd: project,
    env: { ...process.env, ...ws.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.on("data", (d) => (r.output += d));
  child.stderr.on("data", (d) => (r.output += d));
  return child;
}

/**
 * `pulumi up` of 60 grants cancelled as Ctrl-C and a CI cancel do it: SIGINT to the CLI's process
 * group. Pulumi then stops starting operations and lets those under way finish, so writes already
 * under way may still reach the org after the signal: each must be one the provider's own request
 * log shows sent, and each that landed must be recorded in the state, with nothing pending. The
 * figure the docs give (how long after the signal the last write arrived) is this scenario's.
 */
export function cancelScenario(r: Reliability, grants = 60): void {
  it(`a SIGINT (Ctrl-C, a CI cancel) of an up of ${grants} grants: writes under way complete and are recorded, and nothing new starts`, async () => {
    const { ws, project, requestLog } = await runProject(r, "cancel", grants);
    try {
      // Slow writes, so that the signal lands with some under way.
      await r.emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", delayMs: 300 });
      const child = upInItsOwnGroup(r, ws, project, "cancel");
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      await r.emu.waitForRequests((e) => e.method === "PUT" && e.status === 200, 20);
      const signalledAt = Date.now();
      process.kill(-child.pid!, "SIGINT");
      assert.notEqual(await exited, 0, "a cancelled up fails");
      const ours = `PULUMI_HOME=${ws.env.PULUMI_HOME}`;
      await untilGone(ours, /./, 15_000);
      const endedAt = Date.now();
      await r.emu.idle();
      await r.emu.control("DELETE", "faults");

      const log = (await r.emu.requests()).filter((e) => e.method === "PUT");
      const after = log.filter((e) => e.timeMs > signalledAt);
      const sends = readRequestLog(fs.readFileSync(requestLog, "utf8")).filter((e) => e.event === "send" && e.method === "PUT");
      // Every write that arrived after the signal is one the provider sent (none from elsewhere).
      const unclaimed = [...sends];
      for (const e of after) {
        const i = unclaimed.findIndex((s) => s.path === e.path);
        assert.ok(i >= 0, `${e.path} reached the org after the signal, and the provider sent no such write`);
        unclaimed.splice(i, 1);
      }
      // What landed is recorded: every grant live in the org is in the state, and nothing is pending.
      const deployment = JSON.parse(await mustPulumi(ws, project, ["stack", "export", "--stack", "cancel"])).deployment;
      assert.deepEqual(deployment.pending_operations ?? [], [], "no operation is left pending");
      const held = new Set(
        (deployment.resources as Array<{ type: string; id?: string }>).filter((x) => x.type.endsWith(":AuthorizedClient")).map((x) => x.id),
      );
      const live = (await r.emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"));
      assert.ok(live.length < grants, `the cancel landed mid-run (${live.length} live)`);
      assert.deepEqual(
        live.map((a) => a.clientId).filter((id) => !held.has(id)),
        [],
        "every write that landed is recorded in the state",
      );
      const lastAfter = after.length ? Math.max(...after.map((e) => e.timeMs)) - signalledAt : null;
      // Writes under way at the signal: sent before it, answered after it.
      const completedAfter = log.filter((e) => e.timeMs <= signalledAt && e.timeMs + e.durationMs > signalledAt && e.status === 200);
      const lastDone = completedAfter.length ? Math.max(...completedAfter.map((e) => e.timeMs + e.durationMs)) - signalledAt : null;
      r.output += await mustPulumi(ws, project, ["up", "--yes", "--stack", "cancel"]);
      const liveAfter = (await r.emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"));
      assert.equal(liveAfter.length, grants);
      r.results.push({
        scenario: "SIGINT of `pulumi up`'s process group mid-run (Ctrl-C, a CI cancel), then up",
        grants,
        faults:
          `SIGINT after 20 writes: ${completedAfter.length} write(s) under way completed after the signal` +
          `${lastDone === null ? "" : ` (the last ${lastDone} ms after it)`}; ${after.length} arrived after it` +
          `${lastAfter === null ? "" : ` (the last ${lastAfter} ms after it)`}; ${live.length} live and recorded at the end; ` +
          `the run ended ${endedAt - signalledAt} ms after the signal`,
        retries: 0,
        outcome: "writes under way completed and were recorded; nothing pending; converged",
      });
    } finally {
      ws.remove();
    }
  });
}

import * as assert from "node:assert/strict";
import { ChildProcess, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { bigOrgSeed, programSource } from "../../scripts/lib/big-org";
import { CliResult, mustPulumi, prepareExample, pulumi, REPO_ROOT, run, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { DEMO, EmulatorHandle } from "../support/emulator";
import { PostgresServer } from "../support/postgres";
import { processesWith, untilGone } from "../support/processes";
import { ForwardProxy } from "../support/proxy";

const GRANTS = 12;
const STACK = "team";
const SYNTHETIC = "5e1ec7ed";

/** One CI runner of a team: its own checkout, PULUMI_HOME and proxy (which counts its requests), one shared backend. */
interface Runner {
  name: string;
  ws: Workspace;
  project: string;
  proxy: ForwardProxy;
}

/**
 * A team's set-up: two runners, A and B, each with its own folder (the project, its
 * node_modules link and Pulumi.yaml), its own PULUMI_HOME, sharing one stack in Pulumi's
 * PostgreSQL DIY backend on a real PostgreSQL server. Each runner reaches the org through a
 * forward proxy of its own, so the request log of each is known.
 */
describe("teams: one stack, two runners, a PostgreSQL backend (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let pg: PostgresServer;
  let a: Runner;
  let b: Runner;

  async function runner(name: string): Promise<Runner> {
    const proxy = await ForwardProxy.start();
    const ws = tempWorkspace(`grants-team-${name}-`, {
      PULUMI_BACKEND_URL: pg.url,
      GENESYSCLOUD_API_URL: emu.url,
      GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
      GENESYSCLOUD_PROXY_HOST: "127.0.0.1",
      GENESYSCLOUD_PROXY_PORT: String(proxy.port),
    });
    const project = path.join(ws.dir, "checkout");
    prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);
    fs.writeFileSync(path.join(project, "index.ts"), programSource(GRANTS));
    return { name, ws, project, proxy };
  }

  /** Grants of the synthetic clients live in the org. */
  async function liveGrants(): Promise<Map<string, string[]>> {
    const org = await emu.state();
    return new Map(
      org.authorizations
        .filter((x) => x.state === "Authorized" && x.clientId.startsWith(SYNTHETIC))
        .map((x) => [x.clientId, x.scope.slice().sort()]),
    );
  }

  /** The AuthorizedClient resources of the stack, as a runner reads them. */
  async function held(r: Runner): Promise<Map<string, string[]>> {
    const doc = JSON.parse(await mustPulumi(r.ws, r.project, ["stack", "export", "--stack", STACK]));
    assert.deepEqual(doc.deployment.pending_operations ?? [], [], "no pending operation");
    return new Map(
      (doc.deployment.resources as Array<{ type: string; id: string; outputs: { scopes: string[] } }>)
        .filter((x) => x.type.endsWith(":AuthorizedClient"))
        .map((x) => [x.id, x.outputs.scopes.slice().sort()]),
    );
  }

  /** `pulumi up` as CI runs it, in a process group of its own (as a runner's job is). */
  function up(r: Runner, hostname?: string): { child: ChildProcess; done: Promise<CliResult> } {
    const args = ["up", "--yes", "--skip-preview", "--stack", STACK, "--non-interactive"];
    // A runner on another machine: the same CLI in a UTS namespace of its own, with its own host name.
    const [command, argv] = hostname
      ? ["unshare", ["--uts", "sh", "-c", `hostname ${hostname} && exec pulumi "$@"`, "sh", ...args]]
      : ["pulumi", args];
    const child = spawn(command, argv, {
      cwd: r.project,
      env: { ...process.env, ...r.ws.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => (stdout += d));
    child.stderr!.on("data", (d) => (stderr += d));
    const done = new Promise<CliResult>((resolve) => child.on("exit", (code) => resolve({ status: code ?? 1, stdout, stderr })));
    return { child, done };
  }

  const recover = (r: Runner, ...flags: string[]) =>
    run(r.ws, r.project, process.execPath, [path.join(REPO_ROOT, "dist", "cli", "main.js"), "recover", "--stack", STACK, ...flags]);

  before(async () => {
    [emu, pg] = await Promise.all([EmulatorHandle.start({ seed: bigOrgSeed(GRANTS) }), PostgresServer.start()]);
    [a, b] = await Promise.all([runner("a"), runner("b")]);
    await mustPulumi(a.ws, a.project, ["stack", "init", STACK]);
  });

  after(async () => {
    for (const r of [a, b]) {
      r?.ws.remove();
      await r?.proxy.close();
    }
    await emu?.close();
    await pg?.stop();
  });

  it("state written on runner A is read on runner B with no change", async () => {
    const first = await up(a).done;
    assert.equal(first.status, 0, first.stdout + first.stderr);
    const fromA = await mustPulumi(a.ws, a.project, ["stack", "export", "--stack", STACK]);
    const fromB = await mustPulumi(b.ws, b.project, ["stack", "export", "--stack", STACK]);
    assert.equal(fromB, fromA);
    assert.equal((await held(b)).size, GRANTS);
    assert.deepEqual(await held(b), await liveGrants());
    const before = b.proxy.carried.length;
    const preview = await pulumi(b.ws, b.project, ["preview", "--expect-no-changes", "--stack", STACK]);
    assert.equal(preview.status, 0, preview.stdout + preview.stderr);
    assert.ok(b.proxy.carried.length > before, "runner B read the org through its own proxy");
  });

  it("two ups at once: one runs, the other is refused by the lock before any request reaches the org; then the org equals the state", async () => {
    // Both runners now declare one grant fewer and one scope more for grant-1: each would write.
    const changed = programSource(GRANTS - 1).replace('["users:readonly"]', '["users:readonly", "analytics:readonly"]');
    for (const r of [a, b]) fs.writeFileSync(path.join(r.project, "index.ts"), changed);
    // DIY locks are no compare-and-swap: both runs may see the other's lock and both back off.
    // That is a refusal too (checked the same way); the race runs again, at most three times.
    for (let attempt = 1; ; attempt++) {
      const counted = [a.proxy.carried.length, b.proxy.carried.length];
      const results = await Promise.all([up(a).done, up(b).done]);
      const refused = results.map((x) => /the stack is currently locked by 1 lock\(s\)/.test(x.stderr + x.stdout));
      results.forEach((x, i) =>
        assert.ok(x.status === 0 || refused[i], `runner ${"ab"[i]}: neither done nor refused by the lock:\n${x.stdout}\n${x.stderr}`),
      );
      [a, b].forEach((r, i) => {
        if (refused[i]) assert.equal(r.proxy.carried.length, counted[i], `runner ${r.name} was refused by the lock, yet sent requests`);
      });
      const winners = results.filter((x) => x.status === 0).length;
      assert.ok(winners <= 1, "both ups ran");
      if (winners === 1) break;
      assert.ok(attempt < 3, "three races, and the lock refused both runs each time");
    }
    const state = await held(a);
    assert.equal(state.size, GRANTS - 1);
    assert.deepEqual(state, await liveGrants(), "after the winner, the org equals the state");
  });

  it("a run killed on runner A (another host) is recovered from runner B; then destroy leaves no grant of the stack authorized", async () => {
    // The full declaration again, with slow writes so that the kill lands in the middle.
    for (const r of [a, b]) fs.writeFileSync(path.join(r.project, "index.ts"), programSource(GRANTS));
    await mustPulumi(a.ws, a.project, ["destroy", "--yes", "--stack", STACK]);
    await emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", delayMs: 400 });
    const job = up(a, "runner-a");
    await emu.waitForRequests((e) => e.method === "PUT" && e.status === 200, 4);
    process.kill(-job.child.pid!, "SIGKILL");
    await job.done;
    await untilGone(`PULUMI_HOME=${a.ws.env.PULUMI_HOME}`, /./, 15_000);
    await emu.idle();
    await emu.control("DELETE", "faults");
    assert.deepEqual(processesWith(`PULUMI_HOME=${a.ws.env.PULUMI_HOME}`), [], "nothing of the killed run is left");

    const killed = JSON.parse(await mustPulumi(b.ws, b.project, ["stack", "export", "--stack", STACK])).deployment;
    assert.ok((killed.pending_operations ?? []).length > 0, "the kill left writes pending");

    // The lock names another host: B cannot tell that the run is gone, and says what to check.
    const careful = await recover(b);
    assert.equal(careful.status, 3, careful.stdout + careful.stderr);
    assert.match(
      careful.stderr,
      /locked by a run that may still be going: \S+@runner-a \(pid \d+\) since \S+: it ran on another host \(runner-a\), so this command cannot tell whether it is gone.*recover --stack team --force/s,
    );
    const forced = await recover(b, "--force");
    assert.equal(forced.status, 0, forced.stdout + forced.stderr);
    assert.match(forced.stdout, /removed the lock of a run you said is gone \(--force\): \S+@runner-a/);
    const live = await liveGrants();
    const state = await held(b);
    assert.ok(live.size > 0, "the killed run's writes landed");
    assert.deepEqual(
      [...live.keys()].filter((id) => !state.has(id)),
      [],
      "every grant live in the org is in the state after recover",
    );

    const destroy = await pulumi(b.ws, b.project, ["destroy", "--yes", "--stack", STACK]);
    assert.equal(destroy.status, 0, destroy.stdout + destroy.stderr);
    assert.deepEqual([...(await liveGrants()).keys()], [], "no grant of the stack stays authorized");
  });
});

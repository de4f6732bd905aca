import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { applyStep, exampleSteps, mustPulumi, prepareExample, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";
import { assertSwapShown, Swap } from "../support/preview-text";

type Org = Awaited<ReturnType<EmulatorHandle["state"]>>;

/** What the org must hold after each step of each example (client ID → sorted scopes, or "Revoked"). */
const EXPECTED: Record<string, Array<(org: Org) => void>> = {
  basic: [
    (org) => {
      assert.deepEqual(scopes(org, CLIENTS.acme), ["analytics:readonly", "conversations:readonly", "users:readonly"]);
      assert.deepEqual(scopes(org, CLIENTS.globex), ["analytics:readonly", "routing:readonly", "users:readonly"]);
    },
    (org) => {
      assert.deepEqual(scopes(org, CLIENTS.acme), ["conversations:readonly", "routing:readonly", "users:readonly"]);
      assert.deepEqual(scopes(org, CLIENTS.globex), ["analytics:readonly", "groups:readonly", "users:readonly"]);
    },
    (org) => {
      assert.equal(state(org, CLIENTS.acme), "Revoked");
      assert.equal(state(org, CLIENTS.globex), "Authorized");
    },
  ],
  "builtin-roles": [
    (org) => {
      assert.deepEqual(roleNames(org, CLIENTS.directory), ["Agent", "Supervisor"]);
      assert.deepEqual(roleNames(org, CLIENTS.android), ["Agent"]);
    },
    (org) => {
      assert.deepEqual(roleNames(org, CLIENTS.directory), ["Agent", "Quality Evaluator", "Supervisor"]);
      assert.deepEqual(roleNames(org, CLIENTS.android), ["Supervisor"]);
    },
  ],
  "grants-file": [
    (org) => {
      assert.deepEqual(scopes(org, CLIENTS.stark), ["audits:readonly"]);
      assert.deepEqual(scopes(org, CLIENTS.umbrella), ["recordings:readonly", "speech-and-text-analytics:readonly"]);
      assert.deepEqual(roleNames(org, CLIENTS.architect), ["Architect Developer"]);
    },
    (org) => {
      assert.deepEqual(scopes(org, CLIENTS.stark), ["audits:readonly", "oauth:readonly"]);
      assert.equal(state(org, CLIENTS.umbrella), "Revoked");
      assert.deepEqual(roleNames(org, CLIENTS.architect), ["Architect Developer", "Supervisor"]);
    },
  ],
  "scopes-from-config": [
    (org) => {
      assert.deepEqual(scopes(org, CLIENTS.acme), ["analytics:readonly", "users:readonly"]);
      assert.deepEqual(scopes(org, CLIENTS.initech), ["conversations", "web-chat"]);
    },
    (org) => {
      assert.deepEqual(scopes(org, CLIENTS.acme), ["routing:readonly", "users:readonly"]);
      assert.equal(state(org, CLIENTS.initech), "Revoked");
      assert.deepEqual(scopes(org, CLIENTS.northwind), ["users:readonly", "workforce-management:readonly"]);
    },
  ],
};

/**
 * What a reviewer reads before a step is applied: each member swapped in a set shows as one `-`
 * and one `+` in `pulumi preview --diff`, never as a rename, and as keys in `--json`.
 */
const SWAPS: Record<string, Record<number, Swap[]>> = {
  // basic's scope swaps (its step 2) are read in the demo's output: reviewer.spec.ts.
  "builtin-roles": { 1: [{ resource: "android-collaborate", property: "roles", removed: "Agent", added: "Supervisor" }] },
};

const grant = (org: Org, id: string) => org.authorizations.find((a) => a.clientId === id);
const state = (org: Org, id: string) => grant(org, id)?.state;
const scopes = (org: Org, id: string) => (state(org, id) === "Authorized" ? grant(org, id)!.scope.slice().sort() : state(org, id));
const roleNames = (org: Org, id: string) => (grant(org, id)?.roles ?? []).map((r) => org.roles.find((x) => x.id === r)!.name).sort();

/** Each example, step by step, with the real CLI (local programs), as a user runs them. */
describe("examples, step by step, with the pulumi CLI", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;

  before(async () => {
    emu = await EmulatorHandle.start();
  });
  after(() => emu.close());

  it("every example program, at every step, type-checks against the package (the runs below are transpiled only)", () => {
    const programs = Object.keys(EXPECTED).flatMap((name) =>
      exampleSteps(path.join(REPO_ROOT, "examples", name))
        .map((d) => path.join(d, "index.ts"))
        .filter((f) => fs.existsSync(f)),
    );
    assert.ok(programs.length >= 6, programs.join("\n"));
    // One compile: each program is a module of its own.
    const r = spawnSync(
      process.execPath,
      [
        require.resolve("typescript/bin/tsc"),
        "--noEmit",
        "--strict",
        "--target",
        "es2022",
        "--module",
        "commonjs",
        "--moduleResolution",
        "node",
        "--skipLibCheck",
        ...programs,
      ],
      { cwd: REPO_ROOT, encoding: "utf8" },
    );
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  });

  for (const [name, checks] of Object.entries(EXPECTED)) {
    it(`${name}: every step converges the org, and a second preview shows no changes${SWAPS[name] ? "; a swap in a set reads as one - and one +" : ""}`, async () => {
      await emu.control("POST", "reset");
      ws = tempWorkspace(`example-${name}-`, {
        GENESYSCLOUD_API_URL: emu.url,
        GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
        GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
      });
      const dir = path.join(REPO_ROOT, "examples", name);
      const project = path.join(ws.dir, name);
      try {
        prepareExample(dir, project);
        await mustPulumi(ws, project, ["stack", "init", "test"]);
        const steps = exampleSteps(dir);
        assert.equal(steps.length, checks.length, "one check per step");
        for (const [i, step] of steps.entries()) {
          applyStep(step, project);
          const swaps = SWAPS[name]?.[i] ?? [];
          if (swaps.length > 0) {
            const diff = await mustPulumi(ws, project, ["preview", "--diff", "--stack", "test"]);
            const json = await mustPulumi(ws, project, ["preview", "--json", "--stack", "test"]);
            for (const swap of swaps) assertSwapShown(diff, json, swap);
          }
          await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "test"]);
          checks[i](await emu.state());
          const again = await mustPulumi(ws, project, ["preview", "--expect-no-changes", "--stack", "test"]);
          assert.match(again, /unchanged/);
        }
        // No destroy: the workspace goes, and the next example resets the org. Revoking is
        // proven by the demo's destroy of examples/basic and by the e2e suites.
      } finally {
        ws.remove();
      }
    });
  }
});

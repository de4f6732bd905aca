import * as assert from "node:assert/strict";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import * as pulumi from "@pulumi/pulumi";
import { AuthorizedClient, AuthorizedClientArgs } from "../../provider";
import { inlineStack, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import * as fs from "node:fs";
import * as path from "node:path";
import { cli } from "../support/cli";
import { CLIENTS, EmulatorHandle, orgEnv, seedCopy } from "../support/emulator";
import { exportAsUser, grantsInState, mustFail, reportedChanges, withoutReadBack } from "../support/engine";
import type { StateResource } from "../../provider/recovery";
import { RESOURCE_TYPE as TYPE } from "../../cli/preview";
import { demoStackConfig } from "../../scripts/lib/demo-org";

const url = (clientId: string) =>
  `https://login.mypurecloud.com/oauth/authorize?client_id=${clientId}&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb`;

/** Declared resources: name → args, and optionally the resource options (aliases). */
type Declared = Record<string, { args: AuthorizedClientArgs; opts?: pulumi.CustomResourceOptions }>;

/**
 * Two emulator orgs that hold the same clients, as two real orgs can (a client of another org may
 * be authorized in both): the real engine, pointed at the wrong one, must change nothing there and
 * keep the state.
 */
describe("the stack knows its org (real engine, two emulator orgs)", function () {
  this.timeout(600_000);
  let orgA: EmulatorHandle;
  let orgB: EmulatorHandle;
  let A: { id: string; name: string };
  let B: { id: string; name: string };
  let ws: Workspace;
  let stack: Stack;
  let declared: Declared;
  let output = "";
  const collect = (s: string) => (output += s);

  const program = async () => {
    const out: Record<string, unknown> = {};
    for (const [name, { args, opts }] of Object.entries(declared)) out[name] = new AuthorizedClient(name, args, opts).orgName;
    return out;
  };

  /**
   * Points a stack at an org the way CI does, through the environment: refresh and destroy run
   * the provider with the current environment (stack config reaches them only as the last update
   * recorded it).
   */
  const useOrg = (org: EmulatorHandle, s: Stack = stack) => {
    (s.workspace as LocalWorkspace).envVars.GENESYSCLOUD_API_URL = org.url;
  };
  /** The stack's grants, which must be some: a check over all of them cannot pass vacuously. */
  const someGrants = async (): Promise<StateResource[]> => {
    const found = await grantsInState(stack);
    assert.ok(found.length > 0, "the state holds AuthorizedClient resources");
    return found;
  };

  /** Runs `op`, which must fail; returns everything the engine printed. */
  const fails = (op: (onOutput: (s: string) => void) => Promise<unknown>) => mustFail(op);

  const namesBoth = (text: string) => {
    assert.ok(text.includes(`lives in the org "${A.name}" (${A.id})`), text);
    assert.ok(text.includes(`belong to the org "${B.name}" (${B.id})`), text);
    // An expected refusal reads as its message: no JavaScript stack trace from the provider.
    assert.doesNotMatch(text, /\bat \S+ \(\S+\.[jt]s:\d+:\d+\)/);
  };

  async function newStack(name: string): Promise<Stack> {
    const s = await inlineStack(ws, { projectName: "grants-orgs", stackName: name, program });
    await s.setAllConfig(demoStackConfig());
    return s;
  }

  before(async () => {
    orgA = await EmulatorHandle.start();
    const seedB = seedCopy();
    seedB.organization = { ...seedB.organization, id: "7d3e0f2a-5b6c-4d8e-9f01-23456789abcd", name: "Org B (EMEA)" };
    orgB = await EmulatorHandle.start({ seed: seedB });
    A = (await orgA.state()).organization;
    B = (await orgB.state()).organization;
    ws = tempWorkspace("genesys-grants-orgs-");
    stack = await newStack("orgs");
    useOrg(orgA);
  });

  after(async () => {
    try {
      useOrg(orgA);
      if (stack) await withoutReadBack(stack).destroy({ onOutput: collect });
    } finally {
      await orgA.close();
      await orgB.close();
      ws.remove();
    }
  });

  it("records the org of every grant in its inputs and outputs", async () => {
    declared = {
      acme: { args: { clientId: CLIENTS.acme, scopes: ["analytics"] } },
      initech: { args: { authorizationUrl: url(CLIENTS.initech), scopes: ["web-chat"] } },
    };
    const up = await stack.up({ onOutput: collect });
    assert.equal(up.outputs.acme.value, A.name);
    for (const r of await someGrants()) {
      assert.equal(r.outputs?.orgId, A.id);
      assert.equal(r.inputs?.orgId, A.id);
    }
  });

  it("refuses preview, refresh and destroy with credentials for another org: both orgs named, no write, the state intact", async () => {
    await orgB.control("DELETE", "requests");
    const before = await someGrants();
    useOrg(orgB);
    namesBoth(await fails((onOutput) => stack.preview({ onOutput })));
    namesBoth(await fails((onOutput) => stack.refresh({ onOutput })));
    namesBoth(await fails((onOutput) => stack.destroy({ onOutput })));
    namesBoth(await fails((onOutput) => stack.up({ onOutput })));
    assert.deepEqual(await orgB.writes(), []);
    const after = await someGrants();
    assert.deepEqual(
      after.map((r) => [r.urn, r.outputs?.orgId]),
      before.map((r) => [r.urn, A.id]),
    );
    // Org A still holds the grants, and the stack converges there again.
    useOrg(orgA);
    await stack.preview({ expectNoChanges: true, onOutput: collect });
    assert.equal((await orgA.liveGrant(CLIENTS.acme))?.state, "Authorized");
  });

  it("audit refuses the state of a stack in another org, naming both, and audits it in its own", async () => {
    const stateFile = path.join(ws.dir, "orgs-state.json");
    fs.writeFileSync(stateFile, await exportAsUser(stack));
    const saved = { ...process.env };
    try {
      Object.assign(process.env, orgEnv(orgB.url));
      const refused = await cli("audit", "--stack-state", stateFile);
      assert.equal(refused.code, 3, refused.err);
      assert.equal(refused.out, "");
      assert.ok(
        refused.err.includes(`live in the org "${A.name}" (${A.id})`) && refused.err.includes(`belong to the org "${B.name}" (${B.id})`),
        refused.err,
      );
      Object.assign(process.env, orgEnv(orgA.url));
      const own = await cli("audit", "--stack-state", stateFile);
      assert.ok(own.code === 0 || own.code === 1, own.err);
      assert.ok(own.out.includes(A.id), own.out);
    } finally {
      process.env = saved;
    }
  });

  it("a pin on the org refuses a fresh stack on the wrong org, naming the setting", async () => {
    const pinned = await newStack("pinned");
    try {
      await pinned.setConfig("genesyscloud:orgId", { value: A.id });
      useOrg(orgB, pinned);
      await orgB.control("DELETE", "requests");
      declared = {
        acme: { args: { clientId: CLIENTS.stark, scopes: ["analytics"] } },
        directory: { args: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["Supervisor"] } },
        globex: { args: { clientId: CLIENTS.globex, scopes: ["users:readonly"] } },
      };
      const text = await fails((onOutput) => pinned.up({ onOutput }));
      assert.ok(text.includes(`belong to the org "${B.name}" (${B.id}), but genesyscloud:orgId pins this stack to the org ${A.id}`), text);
      // The pin refuses before reading: the other org saw a login and its own identity asked, nothing else.
      const paths = new Set((await orgB.requests()).map((r) => `${r.method} ${r.path.split("?")[0]}`));
      assert.deepEqual([...paths].sort(), ["GET /api/v2/organizations/me", "POST /oauth/token"]);
      await orgB.control("DELETE", "requests");
      const env = { ...orgEnv(orgB.url), GENESYSCLOUD_ORG_ID: A.id };
      const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
      Object.assign(process.env, env);
      const doctor = await cli("doctor").finally(() => {
        for (const [k, v] of Object.entries(saved))
          if (v === undefined) delete process.env[k];
          else process.env[k] = v;
      });
      assert.equal(doctor.code, 1, doctor.out);
      assert.match(doctor.out, /✘ org: the credentials in use belong to the org/);
      const doctorPaths = new Set((await orgB.requests()).map((r) => `${r.method} ${r.path.split("?")[0]}`));
      assert.deepEqual([...doctorPaths].sort(), ["GET /api/v2/organizations/me", "POST /oauth/token"]);
      assert.deepEqual(await orgB.writes(), []);
      assert.deepEqual(await grantsInState(pinned), []);
    } finally {
      await pinned.workspace.removeStack("pinned", { force: true });
    }
  });

  it("a state that records no org (its org fields taken out by hand) gains it on the next refresh and the next up, with no write", async () => {
    declared = {
      acme: { args: { clientId: CLIENTS.acme, scopes: ["analytics"] } },
      initech: { args: { authorizationUrl: url(CLIENTS.initech), scopes: ["web-chat"] } },
    };
    const strip = async () => {
      const state = await stack.exportStack();
      for (const r of state.deployment.resources as StateResource[]) {
        if (r.type !== TYPE) continue;
        for (const props of [r.inputs, r.outputs]) {
          delete props?.orgId;
          delete props?.orgName;
        }
      }
      await stack.importStack(state);
      assert.ok((await someGrants()).every((r) => r.outputs?.orgId === undefined && r.inputs?.orgId === undefined));
    };
    await orgA.control("DELETE", "requests");

    await strip();
    await withoutReadBack(stack).refresh({ onOutput: collect });
    assert.ok((await someGrants()).every((r) => r.outputs?.orgId === A.id && r.inputs?.orgId === A.id));

    await strip();
    const up = await withoutReadBack(stack).up({ onOutput: collect });
    assert.deepEqual(reportedChanges(up.stdout), { same: 3 }, up.stdout);
    assert.ok((await someGrants()).every((r) => r.inputs?.orgId === A.id));
    assert.deepEqual(await orgA.writes(), []);
  });

  it("fails the preview of a client declared twice (any letter case, by ID or by URL), naming both resources, with no write", async () => {
    await orgA.control("DELETE", "requests");
    // A client the org has not authorized, so neither declaration meets a live grant: whichever the
    // engine checks second is the duplicate, in any order of registration.
    assert.notEqual((await orgA.liveGrant(CLIENTS.northwind))?.state, "Authorized");
    declared = {
      acme: { args: { clientId: CLIENTS.acme, scopes: ["analytics"] } },
      initech: { args: { authorizationUrl: url(CLIENTS.initech), scopes: ["web-chat"] } },
      wfm: { args: { clientId: CLIENTS.northwind, scopes: ["users:readonly"] } },
      "wfm-again": { args: { authorizationUrl: url(CLIENTS.northwind.toUpperCase()), scopes: ["users:readonly"] } },
    };
    const text = await fails((onOutput) => stack.preview({ onOutput }));
    assert.match(text, /also declared by the AuthorizedClient "(wfm|wfm-again)"/);
    assert.match(text, /Keep one of "(wfm|wfm-again)" and "(wfm|wfm-again)"/);
    assert.ok(text.includes('"wfm"') && text.includes('"wfm-again"'), text);
    assert.deepEqual(await orgA.writes(), []);
  });

  it("a rename with aliases is no change and no write", async () => {
    await orgA.control("DELETE", "requests");
    declared = {
      crm: { args: { clientId: CLIENTS.acme, scopes: ["analytics"] }, opts: { aliases: [{ name: "acme" }] } },
      initech: { args: { authorizationUrl: url(CLIENTS.initech), scopes: ["web-chat"] } },
    };
    const pv = await stack.preview({ onOutput: collect });
    assert.equal(pv.changeSummary.create ?? 0, 0);
    assert.equal(pv.changeSummary.delete ?? 0, 0);
    assert.equal(pv.changeSummary.update ?? 0, 0);
    let seen = "";
    await withoutReadBack(stack).up({ onOutput: (t) => (collect(t), (seen += t)) });
    assert.deepEqual(await orgA.writes(), [], `the up printed:\n${seen}`);
  });

  it("a client that moves to a new resource is taken over, not revoked", async () => {
    await orgA.control("DELETE", "requests");
    declared = {
      "crm-v2": { args: { clientId: CLIENTS.acme.toUpperCase(), scopes: ["analytics"] } },
      initech: { args: { authorizationUrl: url(CLIENTS.initech), scopes: ["web-chat"] } },
    };
    const up = await withoutReadBack(stack).up({ onOutput: collect });
    const changes = reportedChanges(up.stdout);
    assert.equal(changes.create, 1, up.stdout);
    assert.equal(changes.delete, 1, up.stdout);
    assert.deepEqual(await orgA.writes(), [], up.stdout);
    assert.equal((await orgA.liveGrant(CLIENTS.acme))?.state, "Authorized");
    await stack.preview({ expectNoChanges: true, onOutput: collect });
  });

  it("a destroy that runs the program still revokes every grant", async () => {
    await withoutReadBack(stack).destroy({ runProgram: true, onOutput: collect });
    assert.deepEqual(await grantsInState(stack), []);
    assert.equal((await orgA.liveGrant(CLIENTS.acme))?.state, "Revoked");
    assert.equal((await orgA.liveGrant(CLIENTS.initech))?.state, "Revoked");
  });
});

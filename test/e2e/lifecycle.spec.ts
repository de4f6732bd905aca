import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { AuthorizedClient, AuthorizedClientArgs } from "../../provider";
import { CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";
import { inlineStack, tempWorkspace, withShippedDefaults, Workspace } from "../../scripts/lib/pulumi-cli";
import { backendFiles, exportAsUser, grantsInState, reportedChanges, withoutReadBack } from "../support/engine";
import { demoStackConfig } from "../../scripts/lib/demo-org";

const INITECH_URL = `https://login.mypurecloud.com/oauth/authorize?client_id=${CLIENTS.initech}&response_type=token&redirect_uri=https%3A%2F%2Fchat.initech.example%2Fcb`;

/** The real engine (CLI + dynamic provider process) driving an inline program against the emulator. */
describe("AuthorizedClient on the real Pulumi engine", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  let stack: Stack;
  /** What the inline program declares; each test edits it, as a user edits their program. */
  let declared: Record<string, AuthorizedClientArgs>;
  let output = "";
  const collect = (s: string) => (output += s);

  const grantScopes = async (id: string) => (await emu.liveGrant(id))?.scope.slice().sort();

  before(async () => {
    emu = await EmulatorHandle.start();
    // The shipped defaults: 300 requests a minute, the default retries.
    ws = withShippedDefaults(tempWorkspace("genesys-grants-e2e-"));
    stack = await inlineStack(ws, {
      projectName: "grants-e2e",
      stackName: "e2e",
      program: async () => {
        const out: Record<string, unknown> = {};
        for (const [name, args] of Object.entries(declared)) out[name] = new AuthorizedClient(name, args).clientName;
        return out;
      },
    });
    await stack.setAllConfig(demoStackConfig(emu.url));
  });

  after(async () => {
    try {
      if (stack) await withoutReadBack(stack).destroy({ onOutput: collect });
      await stack?.workspace.removeStack("e2e");
    } finally {
      await emu.close();
      ws.remove();
    }
  });

  it("authorizes three clients (one from an authorization URL, one with roles by name) and the org shows them", async () => {
    declared = {
      acme: { clientId: CLIENTS.acme, scopes: ["users:readonly", "analytics"] },
      initech: { authorizationUrl: INITECH_URL, scopes: ["web-chat", "conversations"] },
      directory: { clientId: CLIENTS.directory, scopes: ["users:readonly", "presence"], roles: ["Supervisor", "Agent"] },
    };
    const up = await stack.up({ onOutput: collect });
    assert.deepEqual(reportedChanges(up.stdout), { create: 4 }, up.stdout);
    assert.equal(up.outputs.initech.value, "Initech Chat Widget");
    assert.deepEqual(await grantScopes(CLIENTS.acme), ["analytics", "users:readonly"]);
    assert.deepEqual(await grantScopes(CLIENTS.initech), ["conversations", "web-chat"]);
    const directory = await emu.liveGrant(CLIENTS.directory);
    assert.equal(directory?.state, "Authorized");
    assert.equal(directory?.roles?.length, 2);
  });

  it("shows each retry in the engine's output, as it happens: what, why and how long", async () => {
    await emu.fault({ method: "GET", path: "/api/v2/oauth/scopes", status: 429, retryAfter: 1, times: 1 });
    output = "";
    const pv = await stack.preview({ onOutput: collect });
    assert.deepEqual(pv.changeSummary, { same: 4 });
    assert.match(
      output,
      /pulumi-genesys-grants: retrying GET \/api\/v2\/oauth\/scopes in [1-9]\.\d s \(retry 1\): rate limited \(429 [^)]+\)/,
    );
  });

  it("shows no changes when scopes are only reordered", async () => {
    declared.acme = { clientId: CLIENTS.acme, scopes: ["analytics", "users:readonly", "analytics"] };
    const pv = await stack.preview({ onOutput: collect });
    assert.deepEqual(pv.changeSummary, { same: 4 });
  });

  it("previews an added and a removed scope as an in-place update naming both", async () => {
    declared.acme = { clientId: CLIENTS.acme, scopes: ["users:readonly", "routing:readonly"] };
    const pv = await stack.preview({ diff: true, onOutput: collect });
    assert.deepEqual(pv.changeSummary, { same: 3, update: 1 });
    assert.match(pv.stdout, /analytics/);
    assert.match(pv.stdout, /routing:readonly/);
    await withoutReadBack(stack).up({ onOutput: collect });
    assert.deepEqual(await grantScopes(CLIENTS.acme), ["routing:readonly", "users:readonly"]);
  });

  it("refresh shows a revoke and a re-scope made out of band; up converges", async () => {
    assert.equal((await emu.asAdmin("DELETE", `/api/v2/oauth/authorizations/${CLIENTS.initech}`)).status, 204);
    assert.equal((await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics"] })).status, 200);
    const refresh = await withoutReadBack(stack).refresh({ onOutput: collect });
    assert.deepEqual(reportedChanges(refresh.stdout), { delete: 1, update: 1, same: 2 }, refresh.stdout);
    const grants = new Map((await grantsInState(stack)).map((r) => [r.id, r]));
    assert.equal(grants.get(CLIENTS.initech), undefined, "the revoked grant left the state");
    assert.deepEqual(grants.get(CLIENTS.acme)?.outputs?.scopes, ["analytics"], "the re-scoped grant records the live scopes");
    const pv = await stack.preview({ onOutput: collect });
    assert.deepEqual(pv.changeSummary, { same: 2, create: 1, update: 1 });
    await withoutReadBack(stack).up({ onOutput: collect });
    assert.deepEqual(await grantScopes(CLIENTS.acme), ["routing:readonly", "users:readonly"]);
    assert.equal((await emu.liveGrant(CLIENTS.initech))?.state, "Authorized");
    assert.deepEqual((await stack.preview()).changeSummary, { same: 4 });
  });

  it("fails on an already-authorized client naming adopt, then adopts it", async () => {
    declared.globex = { clientId: CLIENTS.globex, scopes: ["analytics:readonly", "groups:readonly"] };
    await assert.rejects(
      stack.up({ onOutput: collect }),
      /already authorized in the org "Demo Org" .*this stack does not manage that grant.*onExisting: "adopt" on the resource only when nothing else manages this grant/s,
    );
    assert.deepEqual(await grantScopes(CLIENTS.globex), ["analytics:readonly", "users:readonly"], "nothing was changed");
    declared.globex = { ...declared.globex, onExisting: "adopt" };
    await withoutReadBack(stack).up({ onOutput: collect });
    assert.deepEqual(await grantScopes(CLIENTS.globex), ["analytics:readonly", "groups:readonly"]);
    assert.deepEqual((await stack.preview()).changeSummary, { same: 5 });
  });

  it("replaces the authorization when the client changes", async () => {
    declared.acme = { clientId: CLIENTS.northwind, scopes: ["users:readonly"] };
    const pv = await stack.preview({ onOutput: collect });
    assert.equal(pv.changeSummary.replace, 1);
    await withoutReadBack(stack).up({ onOutput: collect });
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
    assert.equal((await emu.liveGrant(CLIENTS.northwind))?.state, "Authorized");
  });

  it("fails the preview on a misspelt scope, naming it, and writes nothing", async () => {
    await emu.control("DELETE", "requests");
    const before = JSON.stringify(declared);
    declared.northwind2 = { clientId: CLIENTS.contoso, scopes: ["quality", "recordngs:readonly"] };
    await assert.rejects(
      stack.preview({ onOutput: collect }),
      /has a problem: scopes: "recordngs:readonly" is not a scope in this org — did you mean "recordings:readonly"\?/,
    );
    assert.deepEqual(await emu.writes(), []);
    declared = JSON.parse(before);
  });

  it("keeps the client secret and every token out of the exported state", async () => {
    const exported = await exportAsUser(stack);
    // The backend's own files too: checkpoints, history and backups, as they sit on disk.
    const state = exported + backendFiles(ws);
    assert.ok(exported.includes("AuthorizedClient"));
    assert.ok(!state.includes(DEMO.clientSecret), "the client secret is in the state");
    const tokens = emu.issuedTokens();
    assert.ok(tokens.length > 0);
    for (const t of tokens) assert.ok(!state.includes(t), "a token is in the state");
    for (const t of [...tokens, DEMO.clientSecret]) assert.ok(!output.includes(t), "a secret is in the CLI output");
  });

  it("keeps the project's and the stack's settings files in the test's workspace, which leaves with it", () => {
    const workDir = (stack.workspace as LocalWorkspace).workDir;
    assert.equal(path.dirname(workDir), ws.dir);
    assert.ok(fs.existsSync(path.join(workDir, "Pulumi.yaml")));
    assert.ok(fs.existsSync(path.join(workDir, "Pulumi.e2e.yaml")));
  });

  it("destroy revokes every grant", async () => {
    const managed = [CLIENTS.northwind, CLIENTS.initech, CLIENTS.directory, CLIENTS.globex];
    await withoutReadBack(stack).destroy({ onOutput: collect });
    for (const id of managed) assert.equal((await emu.liveGrant(id))?.state, "Revoked", id);
  });
});

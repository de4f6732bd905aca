import * as assert from "node:assert/strict";
import { Stack } from "@pulumi/pulumi/automation";
import { AuthorizedClient } from "../../provider";
import { inlineStack, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, EmulatorHandle } from "../support/emulator";
import { mustFail, withoutReadBack } from "../support/engine";
import { demoStackConfig } from "../../scripts/lib/demo-org";

const NO_TRACE = /\bat \S+ \(\S+\.[jt]s:\d+:\d+\)/;
const AUTHZ = "/api/v2/oauth/authorizations/";

/**
 * An org that refuses the unpublished authorization PUT/DELETE, and the way on without them:
 * manual apply, where a person makes each change in the admin UI (here: the emulator's admin
 * console client, as the UI would) and the provider only checks the org.
 */
describe("a real org's refusal, and manual apply (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  let stack: Stack;
  let scopes: string[] = ["analytics:readonly", "users:readonly"];
  let declare = true;
  let output = "";
  const collect = (s: string) => (output += s);

  /** Runs `op`, which must fail with a message and no trace; returns everything the engine printed. */
  async function fails(op: (onOutput: (s: string) => void) => Promise<unknown>): Promise<string> {
    const text = await mustFail(op);
    assert.doesNotMatch(text, NO_TRACE);
    return text;
  }
  /** Authorization writes the emulator received since the log was last cleared. */
  const writes = async () =>
    (await emu.requests()).filter((r) => (r.method === "PUT" || r.method === "DELETE") && r.path.startsWith(AUTHZ));
  /** The change an administrator makes in the admin UI. */
  const adminAuthorizes = async (scope: string[]) =>
    assert.equal((await emu.asAdmin("PUT", AUTHZ + CLIENTS.acme, { scope, roles: [] })).status, 200);

  before(async () => {
    emu = await EmulatorHandle.start();
    ws = tempWorkspace("genesys-grants-manual-");
    stack = await inlineStack(ws, {
      projectName: "grants-manual",
      stackName: "manual",
      program: async () => (declare ? { name: new AuthorizedClient("acme", { clientId: CLIENTS.acme, scopes }).clientName } : {}),
    });
    await stack.setAllConfig(demoStackConfig(emu.url));
  });

  after(async () => {
    try {
      await stack?.setConfig("genesyscloud:applyMode", { value: "api" });
      if (stack) await withoutReadBack(stack).destroy({ onOutput: collect });
    } finally {
      await emu.close();
      ws.remove();
    }
  });

  for (const status of [405, 404, 403]) {
    it(`fails up on a ${status} to the authorization PUT, naming applyMode and the access token, with the call and its correlation ID`, async () => {
      await emu.control("DELETE", "faults");
      await emu.fault({ method: "PUT", path: AUTHZ, status });
      const text = await fails((onOutput) => stack.up({ onOutput }));
      await emu.control("DELETE", "faults");
      assert.match(
        text,
        new RegExp(
          `did not accept the authorization call from this token: PUT ${AUTHZ}${CLIENTS.acme} answered ${status} \\S+: .*, correlation ID [0-9a-f-]{36}\\.`,
        ),
      );
      assert.ok(text.includes("GENESYSCLOUD_ACCESS_TOKEN") && text.includes("genesyscloud:applyMode"), text);
      assert.notEqual((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
    });
  }

  it("in manual mode, up writes nothing and lists the client ID, the scopes to tick and the page", async () => {
    await stack.setConfig("genesyscloud:applyMode", { value: "manual" });
    await emu.control("DELETE", "requests");
    const text = await fails((onOutput) => stack.up({ onOutput }));
    assert.ok(text.includes("manual apply (genesyscloud:applyMode): the provider does not write to the org."), text);
    assert.ok(text.includes(`Authorize the client "Acme CRM Connector" (${CLIENTS.acme}):`), text);
    assert.ok(text.includes("Admin > Integrations > Authorized Applications"), text);
    assert.ok(text.includes(`paste the client ID ${CLIENTS.acme} into Client ID`), text);
    assert.ok(text.includes('Under Scope, tick "analytics:readonly", "users:readonly"; leave every other scope unticked.'), text);
    assert.deepEqual(await writes(), []);
  });

  it("converges with zero writes once an administrator made the change, and the next preview shows no changes", async () => {
    await adminAuthorizes(["analytics:readonly", "users:readonly"]);
    await emu.control("DELETE", "requests");
    const up = await stack.up({ onOutput: collect });
    assert.equal(up.outputs.name.value, "Acme CRM Connector");
    await stack.preview({ expectNoChanges: true, onOutput: collect });
    assert.deepEqual(await writes(), []);
  });

  it("a re-scope names the scopes to tick and to untick", async () => {
    scopes = ["conversations:readonly", "users:readonly"];
    await emu.control("DELETE", "requests");
    const text = await fails((onOutput) => stack.up({ onOutput }));
    assert.ok(text.includes(`Re-scope the client "Acme CRM Connector" (${CLIENTS.acme}):`), text);
    assert.ok(
      text.includes('Under Scope, tick "conversations:readonly" and untick "analytics:readonly"; leave the other scopes as they are.'),
      text,
    );
    assert.deepEqual(await writes(), []);
  });

  it("with a wait, up shows the instructions and completes when the change is made while it polls", async () => {
    await stack.setAllConfig({ "genesyscloud:manualWaitSeconds": { value: "120" }, "genesyscloud:manualPollSeconds": { value: "1" } });
    await emu.control("DELETE", "requests");
    output = "";
    // The provider reads the client once before it waits, then once per poll.
    const polling = emu.waitForRequests((r) => r.method === "GET" && r.path === AUTHZ + CLIENTS.acme, 2);
    const up = stack.up({ onOutput: collect });
    await polling;
    assert.ok(output.includes("Waiting up to 120 s for this change:"), output);
    await adminAuthorizes(["conversations:readonly", "users:readonly"]);
    await up;
    assert.deepEqual((await emu.liveGrant(CLIENTS.acme))?.scope, ["conversations:readonly", "users:readonly"]);
    // The one write is the administrator's.
    assert.deepEqual(
      (await writes()).map((w) => w.method),
      ["PUT"],
    );
    await stack.removeConfig("genesyscloud:manualWaitSeconds");
    await stack.removeConfig("genesyscloud:manualPollSeconds");
    await stack.preview({ expectNoChanges: true, onOutput: collect });
  });

  it("destroy asks for the revoke, then converges once it is made", async () => {
    await withoutReadBack(stack).up({ onOutput: collect });
    await emu.control("DELETE", "requests");
    const text = await fails((onOutput) => stack.destroy({ onOutput }));
    assert.ok(text.includes(`Revoke the client "Acme CRM Connector" (${CLIENTS.acme}):`), text);
    assert.ok(text.includes("click Revoke Authorization."), text);
    assert.deepEqual(await writes(), []);
    assert.equal((await emu.asAdmin("DELETE", AUTHZ + CLIENTS.acme)).status < 300, true);
    await withoutReadBack(stack).destroy({ onOutput: collect });
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
    declare = false;
  });
});

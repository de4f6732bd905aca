import * as assert from "node:assert/strict";
import { OrgView } from "../../provider/authorized-client/org-view";
import {
  Deployment,
  deploymentOwner,
  grantsIn,
  PendingOperation,
  resolvePending,
  RunWindow,
  StateResource,
  urnOwner,
} from "../../provider/recovery";
import { RESOURCE_TYPE } from "../../provider/state";
import { GenesysClient } from "../../genesys";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../emulator";
import { CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";

const SEED = loadSeedFile(DEFAULT_SEED_PATH);
const SUPERVISOR = SEED.roles.find((r) => r.name === "Supervisor")!;
const URN = (name: string, stack = "dev", project = "grants") => `urn:pulumi:${stack}::${project}::${RESOURCE_TYPE}::${name}`;
const STACK: StateResource = { urn: "urn:pulumi:dev::grants::pulumi:pulumi:Stack::grants-dev", type: "pulumi:pulumi:Stack", custom: false };
const PROVIDER = "serialized-provider";

const storedInputs = (clientId: string, scopes: string[], roles: string[] = []) => ({
  clientId,
  scopes: Object.fromEntries(scopes.map((s) => [s, true])),
  roles: Object.fromEntries(roles.map((r) => [r, true])),
  onExisting: "fail",
  __provider: PROVIDER,
});

const pending = (
  type: string,
  name: string,
  clientId: string | undefined,
  o: { scopes?: string[]; roles?: string[]; urn?: string; resourceType?: string } = {},
): PendingOperation => ({
  type,
  resource: {
    urn: o.urn ?? URN(name),
    custom: true,
    type: o.resourceType ?? RESOURCE_TYPE,
    ...(clientId === undefined ? { inputs: { scopes: {} } } : { inputs: storedInputs(clientId, o.scopes ?? ["users:readonly"], o.roles) }),
  },
});

/**
 * The decisions behind `genesys-grants recover`, one by one, against the emulator's demo org read
 * through the provider's own view: what is recorded, kept, removed or cleared, and why, in words.
 */
describe("recovery: each pending operation settled by what the org holds", function () {
  this.timeout(30_000);
  let emu: EmulatorHandle;
  beforeEach(async () => (emu = await EmulatorHandle.start()));
  afterEach(() => emu.close());

  /** A fresh view (the view keeps what it read), as the stack's OAuth client. */
  const view = () =>
    new OrgView(new GenesysClient({ apiBase: emu.url, loginBase: emu.url, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret }));

  /** Writes a grant with a client's token, as a run of the stack (the CI deployer) or an administrator in the UI would. */
  const write = async (clientId: string, scope: string[], roles: string[] = [], as: "stack" | "admin" = "stack") => {
    const token = as === "stack" ? await emu.token(DEMO.clientId, DEMO.clientSecret) : await emu.token();
    const res = await fetch(`${emu.url}/api/v2/oauth/authorizations/${clientId}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ scope, roles }),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    const body = JSON.parse(text) as { dateModified: string };
    return Date.parse(body.dateModified);
  };
  const always: RunWindow = { since: 0, sinceFrom: "its lock's creation", until: Date.now() + 3_600_000 };
  const settle = (deployment: Deployment, window: RunWindow = always) => resolvePending(deployment, view(), window);

  it("nothing pending: the deployment is returned as it was, and the org is not read", async () => {
    const before = (await emu.requests()).length;
    const r = await settle({ resources: [STACK], pending_operations: [] });
    assert.deepEqual(r, { deployment: { resources: [STACK], pending_operations: [] }, resolutions: [] });
    const r2 = await settle({});
    assert.deepEqual(r2.deployment, { resources: [], pending_operations: [] });
    assert.equal((await emu.requests()).length, before);
  });

  it("a pending create the stack's client wrote, as asked and within the run's time, is recorded with what is live", async () => {
    await write(CLIENTS.acme, ["users:readonly"]);
    const stale: StateResource = { urn: URN("acme"), type: RESOURCE_TYPE, custom: true, id: "stale" };
    const r = await settle({ resources: [STACK, stale], pending_operations: [pending("creating", "acme", CLIENTS.acme)] });
    assert.equal(r.resolutions.length, 1);
    const [res] = r.resolutions;
    assert.equal(res.outcome, "recorded");
    assert.equal(res.name, "acme");
    assert.equal(res.operation, "creating");
    assert.equal(res.clientId, CLIENTS.acme);
    assert.match(
      res.why,
      /^authorized and last written with this stack's OAuth client \(\d{4}-\d\d-\d\dT[^)]+\): the dead run's write, now in the state$/,
    );
    assert.deepEqual(r.deployment.pending_operations, []);
    assert.equal(r.deployment.resources!.length, 2, "the stale record of the resource is replaced, not kept beside it");
    assert.deepEqual(r.deployment.resources![0], STACK);
    const recorded = r.deployment.resources![1];
    assert.equal(recorded.id, CLIENTS.acme);
    assert.equal(recorded.urn, URN("acme"));
    assert.equal(recorded.outputs!.__provider, PROVIDER);
    assert.equal(recorded.outputs!.clientId, CLIENTS.acme);
    assert.equal(recorded.outputs!.state, "Authorized");
    assert.deepEqual(recorded.outputs!.scopes, ["users:readonly"]);
  });

  it("a recorded create whose inputs hold no serialized provider gets none in its outputs", async () => {
    await write(CLIENTS.acme, ["users:readonly"]);
    const op = pending("creating", "acme", CLIENTS.acme);
    delete op.resource.inputs!.__provider;
    const r = await settle({ resources: [], pending_operations: [op] });
    assert.equal(r.resolutions[0].outcome, "recorded");
    assert.equal("__provider" in r.deployment.resources![0].outputs!, false);
  });

  it("scopes and roles are compared as sets, in any letter case; declared roles by name resolve to the org's IDs", async () => {
    await write(CLIENTS.acme, ["users:readonly", "analytics:readonly"], [SUPERVISOR.id]);
    const op = pending("creating", "acme", CLIENTS.acme, { scopes: ["ANALYTICS:readonly", "users:readonly"], roles: ["Supervisor"] });
    const r = await settle({ resources: [], pending_operations: [op] });
    assert.equal(r.resolutions[0].outcome, "recorded", r.resolutions[0].why);
  });

  it("a pending create whose roles do not resolve, or differ, stays outside the stack", async () => {
    await write(CLIENTS.acme, ["users:readonly"], [SUPERVISOR.id]);
    const unknownRole = await settle({
      resources: [],
      pending_operations: [pending("creating", "acme", CLIENTS.acme, { roles: ["No Such Role"] })],
    });
    assert.equal(unknownRole.resolutions[0].outcome, "cleared");
    assert.match(
      unknownRole.resolutions[0].why,
      /it holds scopes \[users:readonly\] and 1 role\(s\), where the pending create asked for \[users:readonly\] and 1 role\(s\)/,
    );
    const twoScopes = await settle({
      resources: [],
      pending_operations: [
        pending("creating", "acme", CLIENTS.acme, { scopes: ["users:readonly", "analytics:readonly"], roles: ["Supervisor"] }),
      ],
    });
    assert.match(twoScopes.resolutions[0].why, /where the pending create asked for \[analytics:readonly, users:readonly\] and 1 role\(s\)/);
    const noRoles = await settle({ resources: [], pending_operations: [pending("creating", "acme", CLIENTS.acme)] });
    assert.equal(noRoles.resolutions[0].outcome, "cleared");
    assert.match(noRoles.resolutions[0].why, /and 1 role\(s\), where the pending create asked for \[users:readonly\] and 0 role\(s\)/);
    assert.deepEqual(noRoles.deployment.resources, []);
  });

  it("a pending create whose scopes differ stays outside, naming who wrote the grant, when, and what it holds", async () => {
    await write(CLIENTS.acme, ["analytics:readonly", "users:readonly"]);
    const r = await settle({ resources: [], pending_operations: [pending("creating", "acme", CLIENTS.acme)] });
    assert.equal(r.resolutions[0].outcome, "cleared");
    assert.match(
      r.resolutions[0].why,
      /^authorized, last written by "CI deployer" at \d{4}-[^,]+, but it holds scopes \[analytics:readonly, users:readonly\] and 0 role\(s\), where the pending create asked for \[users:readonly\] and 0 role\(s\): not the dead run's write, so it stays outside the stack$/,
    );
  });

  it("a grant written by someone else than the stack's client stays outside", async () => {
    await write(CLIENTS.acme, ["users:readonly"], [], "admin");
    const r = await settle({ resources: [], pending_operations: [pending("creating", "acme", CLIENTS.acme)] });
    assert.equal(r.resolutions[0].outcome, "cleared");
    assert.match(
      r.resolutions[0].why,
      /^authorized, last written by "Org admin console" at \d{4}-[^,]+, but not with this stack's OAuth client: not the dead run's write/,
    );
  });

  it("a client not authorized in the org (never, or revoked) is cleared: the dead run's write did not land", async () => {
    for (const id of [CLIENTS.acme, CLIENTS.wayne]) {
      const r = await settle({ resources: [], pending_operations: [pending("creating", "x", id)] });
      assert.deepEqual(
        r.resolutions.map((x) => [x.outcome, x.why]),
        [["cleared", "not authorized in the org: the dead run's write did not land"]],
      );
    }
  });

  it("the run's time decides, to the millisecond at both ends; without a lock nothing is recorded", async () => {
    const at = await write(CLIENTS.acme, ["users:readonly"]);
    const op = () => ({ resources: [], pending_operations: [pending("creating", "acme", CLIENTS.acme)] });
    assert.equal((await settle(op(), { since: at, sinceFrom: "its lock's creation", until: at })).resolutions[0].outcome, "recorded");
    const early = await settle(op(), { since: at + 1, sinceFrom: "its lock's creation", until: at + 10 });
    assert.equal(early.resolutions[0].outcome, "cleared");
    assert.ok(
      early.resolutions[0].why.includes(
        `but that is outside the dead run's time (from ${new Date(at + 1).toISOString()}, its lock's creation, to ${new Date(at + 10).toISOString()}): not the dead run's write`,
      ),
      early.resolutions[0].why,
    );
    assert.equal((await settle(op(), { since: at - 10, sinceFrom: "x", until: at - 1 })).resolutions[0].outcome, "cleared");
    const noLock = await resolvePending(op(), view());
    assert.equal(noLock.resolutions[0].outcome, "cleared");
    assert.match(
      noLock.resolutions[0].why,
      /but no lock of the dead run was found to tell when it started, so it cannot be proven the run's/,
    );
  });

  it("a pending update or delete keeps what is live, or leaves the state when the grant is gone", async () => {
    await write(CLIENTS.acme, ["analytics:readonly"]);
    const held = (name: string, clientId: string): StateResource => ({
      urn: URN(name),
      type: RESOURCE_TYPE,
      custom: true,
      id: clientId,
      outputs: { clientId, scopes: ["users:readonly"], roles: [], onExisting: "fail", __provider: PROVIDER },
    });
    const other = held("other", CLIENTS.directory);
    const r = await settle({
      resources: [STACK, held("acme", CLIENTS.acme), held("gone", CLIENTS.northwind), other],
      pending_operations: [
        pending("updating", "acme", CLIENTS.acme),
        pending("deleting", "gone", CLIENTS.northwind),
        pending("deleting", "nowhere", CLIENTS.contoso),
      ],
    });
    assert.deepEqual(
      r.resolutions.map((x) => [x.name, x.outcome, x.why]),
      [
        ["acme", "kept", "authorized: the state now holds what is live"],
        ["gone", "removed", "no longer authorized in the org: the resource leaves the state"],
        ["nowhere", "cleared", "not in the state"],
      ],
    );
    assert.deepEqual(
      r.deployment.resources!.map((x) => x.urn),
      [STACK.urn, URN("acme"), URN("other")],
    );
    const kept = r.deployment.resources![1];
    assert.deepEqual(kept.outputs!.scopes, ["analytics:readonly"]);
    assert.equal(kept.outputs!.__provider, PROVIDER);
    assert.deepEqual(r.deployment.resources![2], other);
  });

  it("a kept resource without a serialized provider gets none", async () => {
    await write(CLIENTS.acme, ["users:readonly"]);
    const r = await settle({
      resources: [
        {
          urn: URN("acme"),
          type: RESOURCE_TYPE,
          custom: true,
          id: CLIENTS.acme,
          outputs: { clientId: CLIENTS.acme, scopes: ["users:readonly"] },
        },
      ],
      pending_operations: [pending("deleting", "acme", CLIENTS.acme)],
    });
    assert.equal(r.resolutions[0].outcome, "kept");
    assert.equal("__provider" in r.deployment.resources![0].outputs!, false);
  });

  it("any other pending operation, another resource type, a resource without a client ID, or another stack's is cleared", async () => {
    await write(CLIENTS.acme, ["users:readonly"]);
    const r = await settle({
      resources: [STACK],
      pending_operations: [
        pending("reading", "acme", CLIENTS.acme),
        pending("creating", "rid", CLIENTS.acme, { resourceType: "random:index/randomId:RandomId" }),
        pending("creating", "blank", undefined),
        pending("creating", "theirs", CLIENTS.acme, { urn: URN("theirs", "prod") }),
        pending("creating", "elsewhere", CLIENTS.acme, { urn: URN("elsewhere", "dev", "other") }),
        pending("creating", "odd", CLIENTS.acme, { urn: "not-a-urn::odd" }),
      ],
    });
    assert.deepEqual(
      r.resolutions.map((x) => [x.name, x.outcome, x.why]),
      [
        ["acme", "cleared", "nothing was written by it"],
        ["rid", "cleared", "not an AuthorizedClient (random:index/randomId:RandomId)"],
        ["blank", "cleared", "no client ID recorded"],
        [
          "theirs",
          "cleared",
          'it belongs to stack "prod" of project "grants", not to stack "dev" of project "grants": nothing of it is settled here',
        ],
        [
          "elsewhere",
          "cleared",
          'it belongs to stack "dev" of project "other", not to stack "dev" of project "grants": nothing of it is settled here',
        ],
        ["odd", "cleared", 'it belongs to no stack, not to stack "dev" of project "grants": nothing of it is settled here'],
      ],
    );
    assert.deepEqual(r.deployment.resources, [STACK]);
    const ownerless = await settle({ pending_operations: [pending("creating", "odd", CLIENTS.acme, { urn: "not-a-urn::odd" })] });
    assert.equal(ownerless.resolutions[0].why, "it belongs to no stack, not to this stack: nothing of it is settled here");
  });
});

describe("recovery: whose state it is, and the grants it holds", () => {
  it("urnOwner reads the stack and project of a URN, and nothing of a string that only holds one", () => {
    assert.deepEqual(urnOwner(URN("a", "prod", "grants")), { stack: "prod", project: "grants" });
    assert.equal(urnOwner(`x${URN("a")}`), undefined);
    assert.equal(urnOwner("urn:pulumi:prod::"), undefined);
  });

  it("deploymentOwner: the Stack resource's, else the first resource's (pending ones too), else none", () => {
    const first: StateResource = { urn: URN("a", "one", "p1"), type: RESOURCE_TYPE };
    const stack: StateResource = { urn: "urn:pulumi:two::p2::pulumi:pulumi:Stack::p2-two", type: "pulumi:pulumi:Stack" };
    assert.deepEqual(deploymentOwner({ resources: [first, stack] }), { stack: "two", project: "p2" });
    assert.deepEqual(deploymentOwner({ resources: [first] }), { stack: "one", project: "p1" });
    assert.deepEqual(deploymentOwner({ pending_operations: [{ type: "creating", resource: stack }] }), { stack: "two", project: "p2" });
    assert.deepEqual(deploymentOwner({ pending_operations: [{ type: "creating", resource: first }] }), { stack: "one", project: "p1" });
    assert.equal(deploymentOwner({}), undefined);
  });

  it("grantsIn: the AuthorizedClient resources with a client ID, from outputs, inputs or ID", () => {
    const ac = (name: string, r: Partial<StateResource>): StateResource => ({ urn: URN(name), type: RESOURCE_TYPE, ...r });
    const got = grantsIn({
      resources: [
        STACK,
        { urn: "urn:pulumi:dev::grants::random:index/randomId:RandomId::r", type: "random:index/randomId:RandomId", id: "abc" },
        ac("out", { outputs: { clientId: "AAA" }, inputs: { clientId: "bbb" }, id: "ccc" }),
        ac("in", { inputs: { clientId: "bbb" }, id: "ccc" }),
        ac("id", { id: "ccc" }),
        ac("none", {}),
      ],
    });
    assert.deepEqual(got, [
      { name: "out", urn: URN("out"), clientId: "aaa" },
      { name: "in", urn: URN("in"), clientId: "bbb" },
      { name: "id", urn: URN("id"), clientId: "ccc" },
    ]);
    assert.deepEqual(grantsIn({}), []);
  });
});

import * as assert from "node:assert/strict";
import { ProviderProcess } from "../../../provider/runtime";
import {
  AuthorizedClientOutputs,
  CheckedInputs,
  EXISTING_GRANT,
  ExistingGrant,
  UNCHECKED,
  UncheckedGrant,
} from "../../../provider/authorized-client/types";
import { StoredInputs } from "../../../provider/authorized-client/stored-set";
import { CLIENTS, DEMO, EmulatorHandle } from "../../support/emulator";

/** Drives the provider methods (as the dynamic-provider process would) against the emulator. */
describe("provider lifecycle against the emulator", () => {
  let emu: EmulatorHandle;
  /** The provider process the test plays: a new one for each process. */
  let runtime = new ProviderProcess();

  const configure = (values: Record<string, string> = {}) =>
    runtime.configure({
      config: {
        get: (key: string) =>
          ({
            "genesyscloud:apiUrl": emu.url,
            "genesyscloud:oauthclientId": DEMO.clientId,
            "genesyscloud:oauthclientSecret": DEMO.clientSecret,
            ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`genesyscloud:${k}`, v])),
          })[key],
      },
    });

  /** A new provider process: fresh caches, same config. */
  const newProcess = async (values?: Record<string, string>) => {
    runtime = new ProviderProcess();
    await configure(values);
  };

  /** Checked inputs made without the org (for a process that cannot reach it). */
  const checkedNow = async (): Promise<CheckedInputs> =>
    ({ clientId: CLIENTS.acme, scopes: ["analytics"], roles: [], onExisting: "fail" }) as unknown as CheckedInputs;

  /** Check of a resource not yet in state (olds empty), or of one in state (`olds`). */
  async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<StoredInputs> {
    const r = await runtime.check(olds, news);
    assert.deepEqual(r.failures, []);
    return r.inputs!;
  }

  /** Check of a resource already in state for the same client, as the engine runs it on the next preview. */
  const rechecked = (news: Record<string, unknown>) => checked(news, { clientId: news.clientId, scopes: {}, roles: {} });

  before(async () => (emu = await EmulatorHandle.start()));
  after(() => emu.close());
  beforeEach(async () => {
    await emu.control("POST", "reset");
    await newProcess();
  });

  it("authorizes, sees no change on reorder, re-scopes, refreshes and revokes", async () => {
    const inputs = await checked({ clientId: CLIENTS.acme, scopes: ["users:readonly", "analytics"] });
    const { id, outs } = await runtime.create(inputs);
    assert.equal(id, CLIENTS.acme);
    assert.equal(outs.clientName, "Acme CRM Connector");
    assert.deepEqual(outs.scopes, ["analytics", "users:readonly"]);
    assert.equal(outs.state, "Authorized");
    assert.equal(outs.modifiedBy, "CI deployer");
    assert.equal(outs.adopted, false);
    assert.deepEqual((await emu.liveGrant(CLIENTS.acme))?.scope, ["analytics", "users:readonly"]);

    const same = await rechecked({ clientId: CLIENTS.acme, scopes: ["analytics", "users:readonly", "analytics"] });
    assert.equal((await runtime.diff(id, outs, same)).changes, false);

    const rescoped = await rechecked({ clientId: CLIENTS.acme, scopes: ["analytics", "conversations:readonly"] });
    assert.equal((await runtime.diff(id, outs, rescoped)).changes, true);
    const { outs: updated } = await runtime.update(id, outs, rescoped);
    assert.deepEqual(updated.scopes, ["analytics", "conversations:readonly"]);
    assert.deepEqual((await emu.liveGrant(CLIENTS.acme))?.scope, ["analytics", "conversations:readonly"]);

    await newProcess();
    const read = await runtime.read(id, updated);
    assert.equal(read.id, id);
    assert.deepEqual(read.props, updated);

    await runtime.remove(id, updated);
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
    await runtime.remove(id, updated); // idempotent
    assert.equal(
      (await emu.writes()).filter((w) => w.method === "DELETE").every((w) => w.status === 204),
      true,
    );
  });

  it("stores scopes and roles as sets keyed by member, and still takes the arrays of states written before them", async () => {
    const stored = await checked({ clientId: CLIENTS.directory, scopes: ["users:readonly", "presence"], roles: ["Supervisor", "Agent"] });
    assert.deepEqual(stored.scopes, { presence: true, "users:readonly": true });
    assert.deepEqual(stored.roles, { Agent: true, Supervisor: true });
    const legacy = { ...stored, scopes: ["presence", "users:readonly"], roles: ["Agent", "Supervisor"] } as unknown as CheckedInputs;
    const { id, outs } = await runtime.create(legacy);
    assert.deepEqual(outs.scopes, ["presence", "users:readonly"], "outputs stay sorted arrays");
    assert.deepEqual(outs.roles, ["Agent", "Supervisor"]);
    // A state written before: its stored inputs are arrays; the same declaration is no change.
    assert.equal((await runtime.diff(id, outs, stored)).changes, false);
    assert.equal((await runtime.diff(id, outs, legacy)).changes, false);
    const writes = (await emu.writes()).length;
    const rescoped = await rechecked({ clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["Agent"] });
    const { outs: updated } = await runtime.update(id, outs, rescoped);
    assert.deepEqual(updated.scopes, ["users:readonly"]);
    assert.equal((await emu.writes()).length, writes + 1);
  });

  it("checks a stored set handed back in place of the program's array (ignoreChanges), and still refuses other objects", async () => {
    const r = await runtime.check({}, { clientId: CLIENTS.acme, scopes: { "users:readonly": true, analytics: true } });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs?.scopes, { analytics: true, "users:readonly": true });
    const bad = await runtime.check({}, { clientId: CLIENTS.acme, scopes: { analytics: "yes" } });
    // The engine gets the property inside the reason (it would print `value {<nil>}` beside a path).
    assert.deepEqual(
      bad.failures.map((f) => f.property),
      [""],
    );
    assert.match(bad.failures[0].reason, /^scopes: /);
  });

  it("reports drift made out of band, with who made it, and the inputs to compare with", async () => {
    const { id, outs } = await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
    const res = await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics", "routing:readonly"] });
    assert.equal(res.status, 200);
    await newProcess();
    const read = await runtime.read(id, outs);
    const props = read.props as AuthorizedClientOutputs;
    assert.deepEqual(props.scopes, ["analytics", "routing:readonly"]);
    assert.equal(props.modifiedBy, "Org admin console");
    const org = (await emu.state()).organization;
    // In the shape check stores, so that the next preview compares like with like.
    assert.deepEqual(read.inputs, {
      clientId: CLIENTS.acme,
      scopes: { analytics: true, "routing:readonly": true },
      roles: {},
      onExisting: "fail",
      orgId: org.id,
      orgName: org.name,
    });
    assert.equal((await runtime.diff(id, props, await rechecked({ clientId: CLIENTS.acme, scopes: ["analytics"] }))).changes, true);
  });

  it("drops a grant revoked out of band on refresh (empty id)", async () => {
    const { id, outs } = await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
    await emu.asAdmin("DELETE", `/api/v2/oauth/authorizations/${CLIENTS.acme}`);
    await newProcess();
    assert.deepEqual(await runtime.read(id, outs), { id: "", props: {} });
    await runtime.remove(id, outs); // deleting a revoked grant is fine
  });

  it("fails the check on an existing grant by default, showing it and naming adopt; create refuses it too; adopts when asked", async () => {
    const ALREADY =
      /"Globex BI Dashboards" .* is already authorized in the org "Demo Org" \([0-9a-f-]{36}\) \(scopes \[analytics:readonly, users:readonly\], no roles, last modified by "Org admin console" .*this stack does not manage that grant; nothing was changed\. Another stack, another tool, or an administrator .* Set onExisting: "adopt" on the resource only when nothing else manages this grant.* Otherwise remove this declaration/;
    const r = await runtime.check({}, { clientId: CLIENTS.globex, scopes: ["analytics:readonly"] });
    assert.equal(r.inputs, undefined);
    assert.equal(r.failures.length, 1);
    assert.equal(r.failures[0].property, "");
    assert.match(r.failures[0].reason, /^clientId: /);
    assert.match(r.failures[0].reason, ALREADY);
    // Create applies the same rule to inputs that did not pass this check (another process's).
    await assert.rejects(
      runtime.create({
        clientId: CLIENTS.globex,
        scopes: ["analytics:readonly"],
        roles: [],
        onExisting: "fail",
      } as unknown as CheckedInputs),
      ALREADY,
    );
    assert.equal((await emu.writes()).length, 0);
    const adopt = await checked({ clientId: CLIENTS.globex, scopes: ["analytics:readonly", "routing:readonly"], onExisting: "adopt" });
    const existing = (adopt as unknown as Record<string, ExistingGrant>)[EXISTING_GRANT];
    assert.equal(existing.action, "adopt");
    assert.deepEqual(existing.change?.scopes, { added: ["routing:readonly"], removed: ["users:readonly"] });
    assert.match(
      existing.message,
      /will adopt the grant of client "Globex BI Dashboards" .*last written by "Org admin console".*\+scope "routing:readonly", -scope "users:readonly"/,
    );
    const { outs } = await runtime.create(adopt);
    assert.equal(outs.adopted, true);
    assert.ok(!(EXISTING_GRANT in outs), "what check found live stays out of the outputs");
    assert.deepEqual((await emu.liveGrant(CLIENTS.globex))?.scope, ["analytics:readonly", "routing:readonly"]);
  });

  it("takes back its own interrupted create (identical grant, written by itself) without a write, and says so at check", async () => {
    const inputs = await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] });
    assert.ok(!(EXISTING_GRANT in inputs), "a client not yet authorized is simply authorized");
    await runtime.create(inputs); // the write happened, then the engine died before recording it
    await newProcess();
    await emu.control("DELETE", "requests");
    const again = await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] });
    const existing = (again as unknown as Record<string, ExistingGrant>)[EXISTING_GRANT];
    assert.equal(existing.action, "take-over");
    assert.equal(existing.bySelf, true);
    assert.match(
      existing.message,
      /will take over the grant of client "Acme CRM Connector" \(cea70f27-[0-9a-f-]+\), already authorized in the org "Demo Org" .*last written by these credentials on .*no write/,
    );
    const { outs } = await runtime.create(again);
    assert.equal(outs.state, "Authorized");
    assert.equal(outs.adopted, false);
    assert.deepEqual(await emu.writes(), []);
    // A resource already in state (olds record the client) is not told again.
    assert.ok(
      !(
        EXISTING_GRANT in
        ((await runtime.check(again as unknown as Record<string, unknown>, { clientId: CLIENTS.acme, scopes: ["analytics"] })).inputs ?? {})
      ),
    );
    // Different scopes, or a grant someone else made, still fail, at check and at create.
    await newProcess();
    const r = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics", "users:readonly"] });
    assert.match(r.failures[0]?.reason ?? "", /already authorized.*last modified by "CI deployer"/);
    await assert.rejects(
      runtime.create({
        clientId: CLIENTS.acme,
        scopes: ["analytics", "users:readonly"],
        roles: [],
        onExisting: "fail",
      } as unknown as CheckedInputs),
      /already authorized/,
    );
  });

  it("resolves roles by name for a built-in client and shows live roles by name", async () => {
    const { outs } = await runtime.create(
      await checked({ clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["supervisor", "Agent"] }),
    );
    assert.deepEqual(outs.roles, ["Agent", "supervisor"]);
    assert.equal(outs.roleIds.length, 2);
    assert.deepEqual([...((await emu.liveGrant(CLIENTS.directory))?.roles ?? [])].sort(), outs.roleIds);
  });

  it("survives 429 and 503 on writes, waiting at least Retry-After (seen in the request log)", async () => {
    await emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", status: 429, retryAfter: 1, times: 1 });
    await emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", status: 503, times: 1 });
    const { outs } = await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
    assert.equal(outs.state, "Authorized");
    const puts = (await emu.requests()).filter((r) => r.method === "PUT");
    assert.deepEqual(
      puts.map((p) => p.status),
      [429, 503, 200],
    );
    assert.ok(puts[1].timeMs - puts[0].timeMs >= 1000, `retried ${puts[1].timeMs - puts[0].timeMs} ms after a Retry-After of 1 s`);
  });

  it("logs in again when the token expires mid-run", async () => {
    await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
    await emu.control("POST", "clock", { advanceSeconds: 90000 });
    await runtime.create(await checked({ clientId: CLIENTS.northwind, scopes: ["users:readonly"] }));
    const log = await emu.requests();
    assert.equal(log.filter((r) => r.path === "/oauth/token").length, 2);
    assert.ok(log.some((r) => r.status === 401));
  });

  it("records what is live when a re-scope fails after retries", async () => {
    await newProcess({ maxRetries: "0" });
    const { id, outs } = await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
    await emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", status: 500, times: 1 });
    const err = await runtime.update(id, outs, await rechecked({ clientId: CLIENTS.acme, scopes: ["users:readonly"] })).then(
      () => undefined,
      (e) => e,
    );
    assert.ok(err, "the update failed");
    assert.equal(err.id, CLIENTS.acme);
    assert.deepEqual(err.properties.scopes, ["analytics"], "state keeps the live scopes");
  });

  it("view-only credentials: check passes and says what it could not check; create, update and delete fail before writing, naming the permission", async () => {
    await newProcess({ oauthclientId: DEMO.viewerClientId, oauthclientSecret: DEMO.viewerClientSecret });
    const checked = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] });
    assert.deepEqual(checked.failures, []);
    const unchecked = (checked.inputs as Record<string, unknown>)[UNCHECKED] as UncheckedGrant;
    assert.deepEqual(unchecked.checks, [
      "whether the client exists in the org and requests the declared scopes",
      "whether it is already authorized (a take-over or an adoption)",
    ]);
    const missing =
      /the credentials in use are view-only: GET \/api\/v2\/oauth\/authorizations answered 403 missing\.any\.permissions[^]*oauth:client:authorize \(OAuth > Client > Authorize\)/;
    await assert.rejects(runtime.create(checked.inputs!), missing);
    const outs = { ...(checked.inputs as object), clientId: CLIENTS.acme, scopes: ["users:readonly"], state: "Authorized" } as never;
    await assert.rejects(runtime.update(CLIENTS.acme, outs, checked.inputs!), missing);
    await assert.rejects(runtime.remove(CLIENTS.acme, outs), missing);
    assert.equal((await emu.writes()).length, 0);
    // A scope unknown to the org is still refused: the scope catalogue needs no permission.
    const typo = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics:readonly", "analytcs"] });
    assert.match(typo.failures.map((f) => f.reason).join("\n"), /"analytcs" is not a scope in this org/);
  });

  it("says the credentials are wrong, without the secret", async () => {
    await newProcess({ oauthclientSecret: "wrong-secret-value" });
    const err = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] }).then(
      () => undefined,
      (e: Error) => e,
    );
    assert.match(
      String(err?.message),
      /Genesys Cloud login failed at http:\/\/127\.0\.0\.1:\d+ \(401 invalid_client: authentication failed\): check genesyscloud:oauthclientId \/ genesyscloud:oauthclientSecret: they must be an OAuth client of the org at that address \(set by genesyscloud:apiUrl\)/,
    );
    assert.ok(!JSON.stringify(err).includes("wrong-secret-value") && !String(err?.stack).includes("wrong-secret-value"));
  });

  it("says the API is unreachable", async () => {
    await newProcess({ apiUrl: "http://127.0.0.1:1", maxRetryElapsedMs: "2000" });
    await assert.rejects(
      runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] }),
      /Genesys Cloud did not answer POST \/oauth\/token at http:\/\/127\.0\.0\.1:1 \(chosen by genesyscloud:apiUrl\): ECONNREFUSED/,
    );
  });

  it("expected failures read as their message, without a JavaScript trace; a bug keeps its trace", async () => {
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => assert.fail("expected a failure"),
        (e: Error) => e,
      );
    const expected: Array<[string, () => Promise<unknown>]> = [
      [
        "wrong secret",
        async () => (
          await newProcess({ oauthclientSecret: "wrong-secret-value" }),
          runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] })
        ),
      ],
      [
        "missing permission",
        async () => (
          await newProcess({ oauthclientId: DEMO.viewerClientId, oauthclientSecret: DEMO.viewerClientSecret }),
          runtime.create((await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] })).inputs!)
        ),
      ],
      [
        "bad setting",
        async () => (await newProcess({ region: "mars-1" }), runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] })),
      ],
      [
        "unreachable",
        async () => (await newProcess({ apiUrl: "http://127.0.0.1:1", maxRetryElapsedMs: "500" }), runtime.create(await checkedNow())),
      ],
      [
        "already authorized",
        async () => (
          await newProcess(),
          runtime.create({
            clientId: CLIENTS.globex,
            scopes: ["analytics:readonly"],
            roles: [],
            onExisting: "fail",
          } as unknown as CheckedInputs)
        ),
      ],
      [
        "another org",
        async () => (
          await newProcess(),
          runtime.remove(CLIENTS.acme, {
            ...(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] })),
            orgId: "0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11",
          } as unknown as AuthorizedClientOutputs)
        ),
      ],
    ];
    await new Promise((resolve) => setImmediate(resolve));
    const consoleError = console.error;
    for (const [what, run] of expected) {
      // Whatever an earlier failure wrapped is given back by now.
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(console.error, consoleError, `${what}: console.error as it was`);
      const e = await failure(run());
      assert.ok(e.message.length > 0, what);
      assert.equal(e.stack, "", `${what}: ${e.stack}`);
      // What the dynamic-provider host prints: the message once, then nothing.
      assert.equal(`${e}: ${e.stack}`, `${e.name}: ${e.message}: `, what);
      // The host's own log of it, which comes in the same turn of the event loop, is dropped (it is
      // said under the resource), and console.error is given back as it was: nothing else of the
      // process is touched.
      assert.notEqual(console.error, consoleError, `${what}: wrapped while its copy is awaited`);
      console.error(`${e}: ${e.stack}`);
      assert.equal(console.error, consoleError, `${what}: console.error given back`);
    }
    await newProcess();
    const bug = await failure(
      runtime.diff(
        CLIENTS.acme,
        null as unknown as AuthorizedClientOutputs,
        await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }),
      ),
    );
    assert.ok(bug instanceof TypeError);
    assert.match(String(bug.stack), /\n\s+at /);
  });

  it("reads the org, the catalogue and the listing once for many resources", async () => {
    await emu.control("DELETE", "requests");
    await Promise.all(
      [CLIENTS.globex, CLIENTS.stark, CLIENTS.architect].map((id) =>
        runtime.check({}, { clientId: id, scopes: ["analytics:readonly"] }).catch(() => undefined),
      ),
    );
    const gets = (await emu.requests()).filter((r) => r.method === "GET").map((r) => r.path);
    assert.deepEqual(gets.sort(), ["/api/v2/oauth/authorizations", "/api/v2/oauth/scopes", "/api/v2/organizations/me"]);
  });

  describe("the org a grant lives in", () => {
    const OTHER_ORG = { orgId: "0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11", orgName: "Org A" };

    it("records the org in the inputs and outputs", async () => {
      const org = (await emu.state()).organization;
      const inputs = await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] });
      assert.equal(inputs.orgId, org.id);
      const { outs } = await runtime.create(inputs);
      assert.deepEqual([outs.orgId, outs.orgName], [org.id, org.name]);
    });

    it("gives a state that records no org (hand-edited) its org on refresh, with no write", async () => {
      const { id, outs } = await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
      const legacy: Partial<AuthorizedClientOutputs> = { ...outs };
      delete legacy.orgId;
      delete legacy.orgName;
      await newProcess();
      await emu.control("DELETE", "requests");
      const read = await runtime.read(id, legacy as AuthorizedClientOutputs);
      assert.equal((read.props as AuthorizedClientOutputs).orgId, outs.orgId);
      assert.equal(read.inputs?.orgId, outs.orgId);
      assert.deepEqual(await emu.writes(), []);
    });

    it("refuses refresh, diff, update and delete of a grant recorded in another org, with no write", async () => {
      const { id, outs } = await runtime.create(await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] }));
      const elsewhere = { ...outs, ...OTHER_ORG };
      await newProcess();
      await emu.control("DELETE", "requests");
      const both =
        /lives in the org "Org A" \(0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11\), but the credentials in use belong to the org "Demo Org" \([0-9a-f-]{36}\); nothing was changed/;
      await assert.rejects(runtime.read(id, elsewhere), both);
      await assert.rejects(runtime.diff(id, elsewhere, await rechecked({ clientId: CLIENTS.acme, scopes: ["users:readonly"] })), both);
      await assert.rejects(runtime.update(id, elsewhere, await rechecked({ clientId: CLIENTS.acme, scopes: ["users:readonly"] })), both);
      await assert.rejects(runtime.remove(id, elsewhere), both);
      assert.deepEqual(await emu.writes(), []);
      assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
    });

    it("refuses any use under a pin on another org, naming the setting", async () => {
      const inputs = await checked({ clientId: CLIENTS.acme, scopes: ["analytics"] });
      await newProcess({ orgId: OTHER_ORG.orgId });
      const pinned =
        /belong to the org "Demo Org" \([0-9a-f-]{36}\), but genesyscloud:orgId pins this stack to the org 0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11; nothing was changed/;
      const r = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"] });
      assert.equal(r.inputs, undefined);
      assert.equal(r.failures.length, 1);
      assert.match(r.failures[0].reason, pinned);
      await assert.rejects(runtime.create(inputs), pinned);
      assert.deepEqual(await emu.writes(), []);
    });

    it("revokes a client that is only declared in this deployment (a destroy that runs the program)", async () => {
      const first = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"], __declaredAs: "crm" });
      const { id, outs } = await runtime.create(first.inputs!);
      await newProcess();
      assert.deepEqual((await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"], __declaredAs: "crm" })).failures, []);
      await runtime.remove(id, outs);
      assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
    });

    it("does not revoke a client whose grant another resource of the deployment took over (it moved there)", async () => {
      const first = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"], __declaredAs: "old-name" });
      const { id, outs } = await runtime.create(first.inputs!);
      await newProcess();
      await emu.control("DELETE", "requests");
      // The next deployment declares the client under another resource, and drops the old one.
      const moved = await runtime.check({}, { clientId: CLIENTS.acme, scopes: ["analytics"], __declaredAs: "new-name" });
      assert.deepEqual(moved.failures, []);
      await runtime.create(moved.inputs!); // its own identical grant: taken without a write
      await runtime.remove(id, outs); // the old resource's delete
      assert.deepEqual(await emu.writes(), []);
      assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
    });
  });
});

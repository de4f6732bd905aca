import * as assert from "node:assert/strict";
import { checkAuthorizedClient } from "../../../provider/authorized-client/check";
import { OrgView } from "../../../provider/authorized-client/org-view";
import { UNKNOWN } from "../../../provider/authorized-client/types";
import { OAuthAuthorization, Role } from "../../../provider/genesys";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../../emulator";
import { CLIENTS } from "../../../scripts/lib/demo-org";
import { badInputCases, GHOST_CLIENT } from "../../support/hostile";

const ACME = CLIENTS.acme;
const ARCHITECT = CLIENTS.architect;
const SEED = loadSeedFile(DEFAULT_SEED_PATH);
const SUPERVISOR_ID = SEED.roles.find((r) => r.name === "Supervisor")!.id;

/** A stand-in for the demo org (unit level: no HTTP), read from the emulator's default seed. */
function fakeView(): OrgView {
  const catalogue = new Map(SEED.scopes.map((s) => [s.id, s.description]));
  const clients = new Map<string, OAuthAuthorization>(
    SEED.clients.map((c) => [c.id, { client: { id: c.id, name: c.name, scope: c.scope ?? [] }, state: SEED.authorizations.find((a) => a.clientId === c.id)?.state ?? "Unauthorized" }]),
  );
  const roles: Role[] = SEED.roles.map((r) => ({ id: r.id, name: r.name }));
  return {
    scopeCatalogue: async () => catalogue,
    authorization: async (id: string) => clients.get(id.toLowerCase()),
    roles: async () => roles,
  } as unknown as OrgView;
}

const ctx = () => ({ region: "us-east-1", expectedDomain: "mypurecloud.com", view: fakeView() });
const url = (clientId: string, domain = "mypurecloud.com") => `https://login.${domain}/oauth/authorize?client_id=${clientId}&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb`;

describe("check: failures name the property and the reason (test/corpus/bad-inputs.json)", () => {
  for (const c of badInputCases({ ...CLIENTS, ghost: GHOST_CLIENT })) {
    it(c.name, async () => {
      const r = await checkAuthorizedClient(c.inputs, ctx());
      assert.equal(r.inputs, undefined, "a failing check returns no inputs");
      const f = r.failures.find((x) => x.property === c.property);
      assert.ok(f, `expected a failure on ${c.property}, got ${JSON.stringify(r.failures)}`);
      assert.match(f.reason, new RegExp(c.reason));
    });
  }

  it("reports every failure at once", async () => {
    const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["analytic", "users", "nope"] }, ctx());
    assert.deepEqual(r.failures.map((f) => f.property), ["scopes[0]", "scopes[2]", "scopes[1]"]);
  });

  it("keeps a hostile client name on one line, without control or bidi characters", async () => {
    const view = fakeView();
    const hostile = { client: { id: ACME, name: "Evil\n\u202eCorp\u0007", scope: ["analytics"] }, state: "Unauthorized" as const };
    (view as unknown as { authorization: () => Promise<OAuthAuthorization> }).authorization = async () => hostile;
    const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["users:readonly"] }, { ...ctx(), view });
    assert.match(r.failures[0].reason, /^client "Evil Corp" did not request/);
  });
});

describe("check: good inputs", () => {
  it("normalizes and resolves the client ID from an authorization URL", async () => {
    const r = await checkAuthorizedClient({ authorizationUrl: url(ACME.toUpperCase()), scopes: ["users:readonly", "analytics", "analytics"] }, ctx());
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs, { clientId: ACME, authorizationUrl: url(ACME.toUpperCase()), scopes: ["analytics", "users:readonly"], roles: [], onExisting: "fail" });
  });

  it("accepts role names in any case when unambiguous, and role IDs", async () => {
    const r = await checkAuthorizedClient({ clientId: ARCHITECT, scopes: ["architect"], roles: ["supervisor", SUPERVISOR_ID] }, ctx());
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs?.roles, [SUPERVISOR_ID, "supervisor"].sort());
  });

  it("skips values unknown during preview", async () => {
    const r = await checkAuthorizedClient({ clientId: UNKNOWN, scopes: ["analytics", UNKNOWN], roles: UNKNOWN }, ctx());
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs?.clientId, UNKNOWN);
  });

  it("does no live check without a view of the org", async () => {
    const r = await checkAuthorizedClient({ clientId: GHOST_CLIENT, scopes: ["anything"] }, { region: "us-east-1" });
    assert.deepEqual(r.failures, []);
  });
});

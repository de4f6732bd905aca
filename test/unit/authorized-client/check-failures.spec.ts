import * as assert from "node:assert/strict";
import { checkAuthorizedClient } from "../../../provider/authorized-client/check";
import { OrgView } from "../../../provider/authorized-client/org-view";
import { UNKNOWN } from "../../../provider/authorized-client/types";
import { OAuthAuthorization, Role } from "../../../provider/genesys";

const ACME = "cea70f27-901c-5085-a2d0-8fee5ace6ccd";
const ARCHITECT = "229e1f6c-02bc-5709-8d9b-865086e805dd";
const GHOST = "00000000-1111-4222-8333-444444444444";
const SUPERVISOR_ID = "e556683a-407d-5d20-acb4-47678431fa7f";

/** A stand-in for the org (unit level: no HTTP). */
function fakeView(): OrgView {
  const catalogue = new Map(["analytics", "analytics:readonly", "users", "users:readonly", "architect", "routing:readonly"].map((s) => [s, ""]));
  const clients: Record<string, OAuthAuthorization> = {
    [ACME]: { client: { id: ACME, name: "Acme CRM Connector", scope: ["analytics", "users:readonly"] }, state: "Unauthorized" },
    [ARCHITECT]: { client: { id: ARCHITECT, name: "Architect", scope: ["architect"] }, state: "Authorized" },
  };
  const roles: Role[] = [
    { id: SUPERVISOR_ID, name: "Supervisor" },
    { id: "8c628481-6485-55e0-be15-ce11194f38ba", name: "Reporting Analyst" },
    { id: "aa628481-6485-55e0-be15-ce11194f38bb", name: "reporting analyst" },
  ];
  return {
    scopeCatalogue: async () => catalogue,
    authorization: async (id: string) => clients[id.toLowerCase()],
    roles: async () => roles,
  } as unknown as OrgView;
}

const ctx = () => ({ region: "us-east-1", expectedDomain: "mypurecloud.com", view: fakeView() });
const url = (clientId: string, domain = "mypurecloud.com") => `https://login.${domain}/oauth/authorize?client_id=${clientId}&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb`;

describe("check: failures name the property and the reason", () => {
  const cases: Array<{ name: string; inputs: Record<string, unknown>; property: string; reason: RegExp }> = [
    { name: "malformed client ID", inputs: { clientId: "not-a-uuid", scopes: ["analytics"] }, property: "clientId", reason: /must be an OAuth client ID, a UUID/ },
    { name: "client ID of the wrong type", inputs: { clientId: 42, scopes: ["analytics"] }, property: "clientId", reason: /must be a string/ },
    { name: "neither clientId nor authorizationUrl", inputs: { scopes: ["analytics"] }, property: "clientId", reason: /is required \(or give authorizationUrl\)/ },
    { name: "both clientId and authorizationUrl", inputs: { clientId: ACME, authorizationUrl: url(ACME), scopes: ["analytics"] }, property: "authorizationUrl", reason: /either clientId or authorizationUrl, not both/ },
    { name: "missing scopes", inputs: { clientId: ACME }, property: "scopes", reason: /is required/ },
    { name: "empty scopes", inputs: { clientId: ACME, scopes: [] }, property: "scopes", reason: /at least one scope/ },
    { name: "scopes not a list", inputs: { clientId: ACME, scopes: "analytics" }, property: "scopes", reason: /must be a list of strings/ },
    { name: "a scope that is not a string", inputs: { clientId: ACME, scopes: ["analytics", 7] }, property: "scopes[1]", reason: /must be a string/ },
    { name: "an empty scope", inputs: { clientId: ACME, scopes: ["analytics", ""] }, property: "scopes[1]", reason: /must not be empty/ },
    { name: "a scope with a space", inputs: { clientId: ACME, scopes: ["users readonly"] }, property: "scopes[0]", reason: /without spaces/ },
    { name: "roles not a list", inputs: { clientId: ACME, scopes: ["analytics"], roles: "Supervisor" }, property: "roles", reason: /must be a list of strings/ },
    { name: "unknown onExisting", inputs: { clientId: ACME, scopes: ["analytics"], onExisting: "merge" }, property: "onExisting", reason: /must be "fail" or "adopt"/ },
    { name: "an unknown input, with a suggestion", inputs: { clientId: ACME, scope: ["analytics"], scopes: ["analytics"] }, property: "scope", reason: /is not an input of AuthorizedClient — did you mean "scopes"\?/ },
    { name: "a malformed authorization URL", inputs: { authorizationUrl: "login.mypurecloud.com/authorize", scopes: ["analytics"] }, property: "authorizationUrl", reason: /is not a URL/ },
    { name: "an authorization URL without client_id", inputs: { authorizationUrl: "https://login.mypurecloud.com/oauth/authorize?response_type=code", scopes: ["analytics"] }, property: "authorizationUrl", reason: /no client_id/ },
    { name: "an authorization URL of another region", inputs: { authorizationUrl: url(ACME, "mypurecloud.ie"), scopes: ["analytics"] }, property: "authorizationUrl", reason: /is for login\.mypurecloud\.ie, but the provider is configured for region us-east-1/ },
    { name: "a misspelt scope, with a suggestion", inputs: { clientId: ACME, scopes: ["analytic"] }, property: "scopes[0]", reason: /"analytic" is not a scope in this org — did you mean "analytics"/ },
    { name: "a scope missing its :readonly", inputs: { clientId: ACME, scopes: ["users:readonly", "routing"] }, property: "scopes[1]", reason: /"routing" is not a scope in this org — did you mean "routing:readonly"/ },
    { name: "a scope the client did not request", inputs: { clientId: ACME, scopes: ["analytics", "users"] }, property: "scopes[1]", reason: /client "Acme CRM Connector" did not request "users" .*it requests: analytics, users:readonly/ },
    { name: "a client unknown to the org", inputs: { clientId: GHOST, scopes: ["analytics"] }, property: "clientId", reason: /no OAuth client "00000000-1111-4222-8333-444444444444" is visible to this org/ },
    { name: "a client unknown to the org, by URL", inputs: { authorizationUrl: url(GHOST), scopes: ["analytics"] }, property: "authorizationUrl", reason: /no OAuth client .* is visible/ },
    { name: "an unknown role name, with a suggestion", inputs: { clientId: ARCHITECT, scopes: ["architect"], roles: ["Supervsor"] }, property: "roles[0]", reason: /"Supervsor" is not a role in this org — did you mean "Supervisor"/ },
    { name: "an ambiguous role name, with the candidates", inputs: { clientId: ARCHITECT, scopes: ["architect"], roles: ["REPORTING ANALYST"] }, property: "roles[0]", reason: /is ambiguous: it matches 2 roles: "Reporting Analyst" .*"reporting analyst"/ },
    { name: "an unknown role ID", inputs: { clientId: ARCHITECT, scopes: ["architect"], roles: [GHOST] }, property: "roles[0]", reason: /no role with ID "00000000-1111-4222-8333-444444444444"/ },
  ];

  for (const c of cases) {
    it(c.name, async () => {
      const r = await checkAuthorizedClient(c.inputs, ctx());
      assert.equal(r.inputs, undefined, "a failing check returns no inputs");
      const f = r.failures.find((x) => x.property === c.property);
      assert.ok(f, `expected a failure on ${c.property}, got ${JSON.stringify(r.failures)}`);
      assert.match(f.reason, c.reason);
    });
  }

  it("reports every failure at once", async () => {
    const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["analytic", "users", "nope"] }, ctx());
    assert.deepEqual(r.failures.map((f) => f.property), ["scopes[0]", "scopes[2]", "scopes[1]"]);
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
    const r = await checkAuthorizedClient({ clientId: GHOST, scopes: ["anything"] }, { region: "us-east-1" });
    assert.deepEqual(r.failures, []);
  });
});

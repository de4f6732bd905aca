import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  builtInRoleViolations,
  DEFAULT_MAX_SCOPES,
  forbiddenScopeViolations,
  grantOf,
  maxScopeViolations,
  writeScopeViolations,
} from "../../../policy/rules";
import { hostileNames } from "../../support/hostile";

const ACME = "cea70f27-901c-5085-a2d0-8fee5ace6ccd";
const ANDROID = "6b9646b2-a118-5c88-9526-f7a7c5db8228";

describe("policy pack rules", () => {
  it("reads a grant from stored inputs, from arrays, and from an authorization URL", () => {
    assert.deepEqual(grantOf("acme", { clientId: ACME.toUpperCase(), scopes: { "b:readonly": true, a: true }, roles: {} }), {
      resource: "acme",
      clientId: ACME,
      scopes: ["a", "b:readonly"],
      roles: [],
    });
    assert.deepEqual(grantOf("acme", { clientId: ACME, scopes: ["b", "a"] }).scopes, ["a", "b"]);
    const url = `https://login.mypurecloud.com/oauth/authorize?client_id=${ACME}&response_type=code`;
    assert.equal(grantOf("acme", { authorizationUrl: url, scopes: [] }).clientId, ACME);
    assert.equal(grantOf("acme", { scopes: "not known" }).scopes, undefined);
  });

  it("write-scopes-reviewed: each write scope fails, naming resource, client and scope, until the config allows it for that client", () => {
    const g = grantOf("acme-crm", { clientId: ACME, scopes: { analytics: true, "users:readonly": true, conversations: true } });
    const v = writeScopeViolations(g, {});
    assert.equal(v.length, 2);
    assert.match(v[0], /^AuthorizedClient "acme-crm" \(client cea70f27-901c-5085-a2d0-8fee5ace6ccd\) grants the write scope "analytics"/);
    assert.match(
      v[0],
      /\{"write-scopes-reviewed": \{"allowedWriteScopes": \{"cea70f27-901c-5085-a2d0-8fee5ace6ccd": \["analytics"\]\}\}\}/,
    );
    assert.match(v[1], /"conversations"/);
    // Allowed for this client (any letter case of its ID): passes; allowed for another client: still fails.
    assert.deepEqual(writeScopeViolations(g, { allowedWriteScopes: { [ACME.toUpperCase()]: ["analytics", "conversations"] } }), []);
    assert.equal(writeScopeViolations(g, { allowedWriteScopes: { [ANDROID]: ["analytics", "conversations"] } }).length, 2);
    assert.deepEqual(writeScopeViolations(grantOf("r", { clientId: ACME, scopes: ["users:readonly"] }), {}), []);
  });

  it("built-in clients must name roles; other clients need none", () => {
    const config = { builtInClients: [ANDROID.toUpperCase()] };
    const [v] = builtInRoleViolations(grantOf("android", { clientId: ANDROID, scopes: ["conversations"], roles: {} }), config);
    assert.match(
      v,
      /^AuthorizedClient "android" \(client 6b9646b2-a118-5c88-9526-f7a7c5db8228\) authorizes a built-in client with no roles/,
    );
    assert.deepEqual(
      builtInRoleViolations(grantOf("android", { clientId: ANDROID, scopes: ["conversations"], roles: { Supervisor: true } }), config),
      [],
    );
    assert.deepEqual(builtInRoleViolations(grantOf("acme", { clientId: ACME, scopes: ["analytics"] }), config), []);
    assert.deepEqual(builtInRoleViolations(grantOf("android", { clientId: ANDROID, scopes: ["x"] }), {}), []);
  });

  it("forbidden scopes and the maximum per client", () => {
    const g = grantOf("acme", { clientId: ACME, scopes: ["oauth", "users:readonly"] });
    const [f] = forbiddenScopeViolations(g, { forbiddenScopes: ["oauth", "authorization"] });
    assert.match(f, /grants the scope "oauth", which forbidden-scopes\.forbiddenScopes in the policy pack config forbids/);
    assert.deepEqual(forbiddenScopeViolations(g, {}), []);
    const many = grantOf("big", { clientId: ACME, scopes: Array.from({ length: DEFAULT_MAX_SCOPES + 1 }, (_, i) => `s${i}:readonly`) });
    assert.match(
      maxScopeViolations(many, {})[0],
      new RegExp(`grants ${DEFAULT_MAX_SCOPES + 1} scopes, more than the ${DEFAULT_MAX_SCOPES} allowed`),
    );
    assert.deepEqual(maxScopeViolations(many, { maxScopes: DEFAULT_MAX_SCOPES + 1 }), []);
  });

  it("keeps every message one line of inert text, whatever the resource name or scope (property)", () => {
    const hostile = fc.oneof(fc.constantFrom(...hostileNames()), fc.string({ unit: "binary", maxLength: 30 }));
    fc.assert(
      fc.property(hostile, hostile, (resource, scope) => {
        const g = grantOf(resource, { clientId: ACME, scopes: [scope, "x"] });
        const all = [
          ...writeScopeViolations(g, {}),
          ...forbiddenScopeViolations(g, { forbiddenScopes: [scope] }),
          ...maxScopeViolations(g, { maxScopes: 1 }),
        ];
        assert.ok(all.length >= 2);
        for (const m of all) {
          assert.doesNotMatch(m, /[\n\r\u2028\u2029\u001b\u202e\u2066-\u2069]/);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe("policy pack rules: the allow snippet", () => {
  it("is JSON that allows exactly the scope it names, whatever the scope (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.constantFrom(...hostileNames()), fc.string({ unit: "binary", maxLength: 20 })), (scope) => {
        const g = grantOf("r", { clientId: ACME, scopes: [scope] });
        const [v] = writeScopeViolations(g, {});
        if (scope.endsWith(":readonly")) return assert.equal(v, undefined);
        const snippet = JSON.parse(v.slice(v.indexOf('{"write-scopes-reviewed"')));
        assert.deepEqual(writeScopeViolations(g, snippet["write-scopes-reviewed"]), []);
      }),
      { numRuns: 1000 },
    );
  });
});

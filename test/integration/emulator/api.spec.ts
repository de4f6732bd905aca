import * as assert from "node:assert/strict";
import axios, { AxiosResponse } from "axios";
import { validate } from "../../../common/validation";
import { CLIENTS, DEMO, EmulatorHandle } from "../../support/emulator";

const http = axios.create({ validateStatus: () => true });

function assertErrorBody(res: AxiosResponse, status: number, code: string): void {
  assert.equal(res.status, status, JSON.stringify(res.data));
  assert.deepEqual(validate("genesys/error-body.schema.json", res.data), [], "an ErrorBody");
  assert.equal(res.data.code, code);
  assert.equal(res.data.status, status);
  assert.equal(res.data.contextId, res.headers["inin-correlation-id"], "contextId is the correlation id");
}

describe("emulator: vendor API", () => {
  let emu: EmulatorHandle;
  let auth: { Authorization: string };
  const api = (method: string, path: string, data?: unknown, headers = auth) =>
    http.request({ method, url: emu.url + path, data, headers });

  before(async () => {
    emu = await EmulatorHandle.start();
    auth = { Authorization: `Bearer ${await emu.token(DEMO.clientId, DEMO.clientSecret)}` };
  });
  after(() => emu.close());
  beforeEach(() => emu.control("POST", "reset"));

  it("puts a fresh ININ-Correlation-Id on every response", async () => {
    const a = await api("GET", "/api/v2/oauth/scopes");
    const b = await api("GET", "/api/v2/nope");
    assert.match(a.headers["inin-correlation-id"], /^[0-9a-f-]{36}$/);
    assert.notEqual(a.headers["inin-correlation-id"], b.headers["inin-correlation-id"]);
  });

  describe("authorizations", () => {
    it("lists authorized, requested and revoked clients, sorted by client name, without Unauthorized ones", async () => {
      const res = await api("GET", "/api/v2/oauth/authorizations");
      assert.equal(res.status, 200);
      const names = res.data.entities.map((a: { client: { name: string } }) => a.client.name);
      assert.deepEqual(
        names,
        [...names].sort((x: string, y: string) => x.localeCompare(y)),
      );
      const states = new Set(res.data.entities.map((a: { state: string }) => a.state));
      assert.deepEqual([...states].sort(), ["Authorized", "Requested", "Revoked"]);
      assert.equal(res.data.total, res.data.entities.length);
      const requested = res.data.entities.find((a: { state: string }) => a.state === "Requested");
      assert.equal(requested.pending, true);
    });

    it("returns a never-authorized client as Unauthorized with the scopes it requests", async () => {
      const res = await api("GET", `/api/v2/oauth/authorizations/${CLIENTS.acme}`);
      assert.equal(res.status, 200);
      assert.equal(res.data.state, "Unauthorized");
      assert.deepEqual(res.data.scope, []);
      assert.ok(res.data.client.scope.includes("users:readonly"));
      assert.equal(res.data.client.secret, undefined);
    });

    it("404 not.found for an ID naming no client", async () => {
      assertErrorBody(await api("GET", "/api/v2/oauth/authorizations/00000000-0000-4000-8000-000000000000"), 404, "not.found");
      assertErrorBody(
        await api("PUT", "/api/v2/oauth/authorizations/00000000-0000-4000-8000-000000000000", { scope: ["analytics"] }),
        404,
        "not.found",
      );
      assertErrorBody(await api("DELETE", "/api/v2/oauth/authorizations/00000000-0000-4000-8000-000000000000"), 404, "not.found");
    });

    it("authorizes, re-scopes and revokes; revoke is idempotent and keeps the client listed as Revoked", async () => {
      const put = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics", "users:readonly"] });
      assert.equal(put.status, 200);
      assert.equal(put.data.state, "Authorized");
      assert.equal(put.data.pending, false);
      assert.equal(put.data.modifiedBy.name, "CI deployer");
      const rescope = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics"] });
      assert.deepEqual(rescope.data.scope, ["analytics"]);
      assert.equal((await api("DELETE", `/api/v2/oauth/authorizations/${CLIENTS.acme}`)).status, 204);
      const del2 = await api("DELETE", `/api/v2/oauth/authorizations/${CLIENTS.acme}`);
      assert.equal(del2.status, 204);
      assert.equal(del2.data, "");
      const after = await api("GET", `/api/v2/oauth/authorizations/${CLIENTS.acme}`);
      assert.equal(after.data.state, "Revoked");
      assert.deepEqual(after.data.roles, []);
    });

    it("re-authorizes a revoked client and sets roles of a built-in client", async () => {
      const wayne = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.wayne}`, { scope: ["scim"] });
      assert.equal(wayne.data.state, "Authorized");
      const roles = (await api("GET", "/api/v2/authorization/roles?name=Supervisor")).data.entities;
      const arch = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.architect}`, { scope: ["architect"], roles: [roles[0].id] });
      assert.deepEqual(arch.data.roles, [roles[0].id]);
    });

    it("400 invalid.value for an unknown scope, a scope not requested, an unknown role", async () => {
      const a = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["nope"] });
      assertErrorBody(a, 400, "invalid.value");
      assert.match(a.data.message, /nope/);
      const b = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["telephony"] });
      assertErrorBody(b, 400, "invalid.value");
      assert.match(b.data.message, /not requested/);
      assertErrorBody(
        await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, {
          scope: ["analytics"],
          roles: ["00000000-0000-4000-8000-000000000000"],
        }),
        400,
        "invalid.value",
      );
    });

    it("400 for malformed JSON and for a body failing the schema; nothing is written", async () => {
      // transformRequest off: axios would re-encode an unparsable string as a JSON string.
      const bad = await http.put(`${emu.url}/api/v2/oauth/authorizations/${CLIENTS.acme}`, '{"scope": [', {
        headers: { ...auth, "Content-Type": "application/json" },
        transformRequest: [(d: unknown) => d],
      });
      assertErrorBody(bad, 400, "bad.request");
      assertErrorBody(await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: [] }), 400, "constraint.validation");
      assertErrorBody(
        await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scopes: ["analytics"] }),
        400,
        "constraint.validation",
      );
      assert.equal(await emu.liveGrant(CLIENTS.acme), undefined);
    });
  });

  describe("scopes and clients", () => {
    it("lists the scope catalogue and reads one scope", async () => {
      const list = await api("GET", "/api/v2/oauth/scopes");
      assert.ok(list.data.total > 130);
      assert.ok(list.data.entities.some((s: { id: string }) => s.id === "analytics:readonly"));
      const one = await api("GET", "/api/v2/oauth/scopes/analytics:readonly");
      assert.equal(one.data.description, "View analytics");
      assertErrorBody(await api("GET", "/api/v2/oauth/scopes/nope"), 404, "not.found");
    });

    it("lists only org-owned clients, never with a secret; other clients are client.not.found", async () => {
      const list = await api("GET", "/api/v2/oauth/clients");
      assert.ok(list.data.entities.length >= 3);
      assert.ok(list.data.entities.every((c: { secret?: string }) => c.secret === undefined));
      assert.ok(!list.data.entities.some((c: { id: string }) => c.id === CLIENTS.acme));
      assert.equal((await api("GET", `/api/v2/oauth/clients/${DEMO.clientId}`)).data.name, "CI deployer");
      assertErrorBody(await api("GET", `/api/v2/oauth/clients/${CLIENTS.acme}`), 404, "client.not.found");
    });

    it("answers organizations/me and tokens/me", async () => {
      const org = await api("GET", "/api/v2/organizations/me");
      assert.equal(org.data.name, "Demo Org");
      const me = await api("GET", "/api/v2/tokens/me");
      assert.equal(me.data.OAuthClient.id, DEMO.clientId);
      assert.equal(me.data.organization.id, org.data.id);
    });
  });

  describe("roles", () => {
    it("pages with pageSize/pageNumber and paging URIs", async () => {
      const p1 = await api("GET", "/api/v2/authorization/roles?pageSize=4");
      assert.equal(p1.data.pageNumber, 1);
      assert.equal(p1.data.entities.length, 4);
      assert.equal(p1.data.pageCount, Math.ceil(p1.data.total / 4));
      assert.equal(p1.data.nextUri, "/api/v2/authorization/roles?pageSize=4&pageNumber=2");
      assert.equal(p1.data.previousUri, undefined);
      const last = await api("GET", p1.data.lastUri);
      assert.equal(last.data.nextUri, undefined);
      assert.ok(last.data.previousUri);
      const all = [];
      for (let n = 1; n <= p1.data.pageCount; n++)
        all.push(...(await api("GET", `/api/v2/authorization/roles?pageSize=4&pageNumber=${n}`)).data.entities);
      assert.equal(new Set(all.map((r: { id: string }) => r.id)).size, p1.data.total);
      assert.equal((await api("GET", "/api/v2/authorization/roles")).data.pageSize, 25);
    });

    it("filters by id in both array encodings, and by name", async () => {
      const all = (await api("GET", "/api/v2/authorization/roles?pageSize=100")).data.entities.map((r: { id: string }) => r.id);
      const repeated = await api("GET", `/api/v2/authorization/roles?id=${all[0]}&id=${all[1]}`);
      const joined = await api("GET", `/api/v2/authorization/roles?id=${all[0]},${all[1]}`);
      assert.equal(repeated.data.total, 2);
      assert.deepEqual(joined.data.entities, repeated.data.entities);
      const byName = await api("GET", "/api/v2/authorization/roles?name=supervisor");
      assert.deepEqual(
        byName.data.entities.map((r: { name: string }) => r.name),
        ["Supervisor"],
      );
    });

    it("400 max.role.ids beyond 100 ids, and invalid paging values", async () => {
      const ids = Array.from({ length: 101 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
      assertErrorBody(await api("GET", `/api/v2/authorization/roles?id=${ids.join(",")}`), 400, "max.role.ids");
      assertErrorBody(await api("GET", "/api/v2/authorization/roles?pageSize=0"), 400, "invalid.query.param.value");
    });

    it("reads one role, 404 otherwise", async () => {
      const first = (await api("GET", "/api/v2/authorization/roles")).data.entities[0];
      assert.equal((await api("GET", `/api/v2/authorization/roles/${first.id}`)).data.name, first.name);
      assertErrorBody(await api("GET", "/api/v2/authorization/roles/00000000-0000-4000-8000-000000000000"), 404, "not.found");
    });
  });

  describe("authentication and permissions", () => {
    it("401 authentication.required without a token, bad.credentials for an unknown one", async () => {
      assertErrorBody(
        await api("GET", "/api/v2/oauth/authorizations", undefined, {} as { Authorization: string }),
        401,
        "authentication.required",
      );
      assertErrorBody(
        await api("GET", "/api/v2/oauth/authorizations", undefined, { Authorization: "Bearer nope" }),
        401,
        "bad.credentials",
      );
    });

    it("expires tokens when the emulator clock passes their lifetime", async () => {
      const token = await emu.token(DEMO.clientId, DEMO.clientSecret);
      assert.equal((await api("GET", "/api/v2/oauth/scopes", undefined, { Authorization: `Bearer ${token}` })).status, 200);
      await emu.control("POST", "clock", { advanceSeconds: 86401 });
      assertErrorBody(await api("GET", "/api/v2/oauth/scopes", undefined, { Authorization: `Bearer ${token}` }), 401, "bad.credentials");
    });

    it("403 missing.any.permissions naming the permission", async () => {
      const viewer = { Authorization: `Bearer ${await emu.token(DEMO.viewerClientId, DEMO.viewerClientSecret)}` };
      const res = await api("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics"] }, viewer);
      assertErrorBody(res, 403, "missing.any.permissions");
      assert.match(res.data.message, /oauth:client:authorize/);
      assert.equal((await api("GET", "/api/v2/authorization/roles", undefined, viewer)).status, 200);
    });

    it("404 for unknown routes naming the method and path", async () => {
      const res = await api("PATCH", "/api/v2/oauth/whatever");
      assertErrorBody(res, 404, "not.found");
      assert.match(res.data.message, /PATCH \/api\/v2\/oauth\/whatever/);
    });
  });
});

import * as assert from "node:assert/strict";
import axios from "axios";
import { CLIENTS, DEMO, EmulatorHandle } from "../../support/emulator";

const http = axios.create({ validateStatus: () => true });

/** Bodies that break the PUT contract (genesys-api §12): each must get 400 constraint.validation and write nothing. */
const BAD_BODIES: Array<{ name: string; body: unknown }> = [
  { name: "an unknown field", body: { scope: ["analytics"], colour: "red" } },
  { name: "a string where the scope list belongs", body: { scope: "analytics" } },
  { name: "a number in the scope list", body: { scope: ["analytics", 7] } },
  { name: "pending as a string", body: { scope: ["analytics"], pending: "true" } },
  { name: "roles as a string", body: { scope: ["analytics"], roles: "Agent" } },
  { name: "an empty scope list", body: { scope: [] } },
  { name: "an empty scope", body: { scope: [""] } },
  { name: "no scope at all", body: { roles: [] } },
  { name: "scopes instead of scope", body: { scopes: ["analytics"] } },
  { name: "a list instead of an object", body: [{ scope: ["analytics"] }] },
  { name: "state as a number", body: { scope: ["analytics"], state: 1 } },
];

describe("emulator: a strict oracle", () => {
  let emu: EmulatorHandle;
  let auth: { Authorization: string };
  const put = (e: EmulatorHandle, body: unknown, id = CLIENTS.acme, headers = auth) =>
    http.put(`${e.url}/api/v2/oauth/authorizations/${id}`, body, { headers });

  before(async () => {
    emu = await EmulatorHandle.start();
    auth = { Authorization: `Bearer ${await emu.token(DEMO.clientId, DEMO.clientSecret)}` };
  });
  after(() => emu.close());

  for (const c of BAD_BODIES) {
    it(`answers 400 constraint.validation to ${c.name}, and writes nothing`, async () => {
      const res = await put(emu, c.body);
      assert.equal(res.status, 400, JSON.stringify(res.data));
      assert.equal(res.data.code, "constraint.validation");
      assert.match(res.data.message, /^The request body is invalid: /);
      assert.equal(await emu.liveGrant(CLIENTS.acme), undefined);
    });
  }

  it("with --lenient, coerces and drops what strict mode refuses (fastify's defaults)", async () => {
    const lenient = await EmulatorHandle.start({ lenient: true });
    try {
      const token = await lenient.token(DEMO.clientId, DEMO.clientSecret);
      const res = await put(lenient, { scope: "analytics", colour: "red", pending: "false" }, CLIENTS.acme, {
        Authorization: `Bearer ${token}`,
      });
      assert.equal(res.status, 200, JSON.stringify(res.data));
      assert.deepEqual((await lenient.liveGrant(CLIENTS.acme))?.scope, ["analytics"]);
    } finally {
      await lenient.close();
    }
  });

  it("matches client and role IDs in any letter case", async () => {
    await emu.control("POST", "reset");
    const upper = CLIENTS.architect.toUpperCase();
    const roles = (await http.get(`${emu.url}/api/v2/authorization/roles?pageSize=100`, { headers: auth })).data.entities as Array<{
      id: string;
      name: string;
    }>;
    const role = roles.find((r) => r.name === "Architect Developer")!;
    const res = await put(emu, { scope: ["architect"], roles: [role.id.toUpperCase()] }, upper);
    assert.equal(res.status, 200, JSON.stringify(res.data));
    assert.deepEqual(res.data.roles, [role.id], "the stored role ID is the org's own spelling");
    const got = await http.get(`${emu.url}/api/v2/oauth/authorizations/${upper}`, { headers: auth });
    assert.equal(got.data.client.id, CLIENTS.architect);
    const byId = await http.get(`${emu.url}/api/v2/authorization/roles?id=${role.id.toUpperCase()}`, { headers: auth });
    assert.deepEqual(
      byId.data.entities.map((r: { id: string }) => r.id),
      [role.id],
    );
  });

  it("refuses control-plane bodies that break their schema, naming each problem", async () => {
    const noSlash = await http.post(`${emu.url}/__emulator/faults`, { path: "api/v2/oauth/authorizations", status: 500 });
    assert.equal(noSlash.status, 400);
    assert.match(noSlash.data.message, /path: must start with "\/"/);
    const nothing = await http.post(`${emu.url}/__emulator/faults`, { path: "/x" });
    assert.match(nothing.data.message, /a fault needs "status", "reset", "drop" or "delayMs"/);
    const listed = await http.post(`${emu.url}/__emulator/faults`, [{ status: 500 }, { status: "500" }]);
    assert.match(listed.data.message, /\[1\] status: must be an integer/);
    const clock = await http.post(`${emu.url}/__emulator/clock`, { advanceSeconds: "60" });
    assert.equal(clock.status, 400);
    assert.match(clock.data.message, /advanceSeconds: must be a non-negative number/);
    const extra = await http.post(`${emu.url}/__emulator/clock`, { advanceSeconds: 1, back: true });
    assert.match(extra.data.message, /back: is not a known key/);
    assert.deepEqual(await emu.control("GET", "faults"), []);
  });

  it("draws probability faults from a seed: the same seed fires on the same requests", async () => {
    const pattern = async (faultSeed: number) => {
      const e = await EmulatorHandle.start({ faultSeed });
      try {
        assert.deepEqual(await e.control("GET", "faults/seed"), { seed: faultSeed });
        await e.fault({ path: "/api/v2/oauth/scopes", status: 503, probability: 0.5 });
        const token = await e.token(DEMO.clientId, DEMO.clientSecret);
        const statuses: number[] = [];
        for (let i = 0; i < 40; i++)
          statuses.push((await http.get(`${e.url}/api/v2/oauth/scopes`, { headers: { Authorization: `Bearer ${token}` } })).status);
        return statuses.join(",");
      } finally {
        await e.close();
      }
    };
    const a = await pattern(1234);
    assert.equal(await pattern(1234), a, "replayed exactly");
    assert.notEqual(await pattern(99), a, "another seed, another draw");
    assert.ok(a.includes("503") && a.includes("200"));
  });
});

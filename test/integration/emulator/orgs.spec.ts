import * as assert from "node:assert/strict";
import axios from "axios";
import { startEmulator } from "../../../emulator";
import { anotherOrg, CLIENTS, DEMO, EmulatorHandle, seedCopy } from "../../support/emulator";

/** Several orgs behind one URL: the credentials choose the org, as at the vendor. */
describe("emulator: several orgs behind one URL", () => {
  const b = anotherOrg(1, "Org B (EMEA)");
  let emu: EmulatorHandle;
  before(async () => (emu = await EmulatorHandle.start({ orgs: [b.seed] })));
  after(() => emu.close());

  async function as(client: { id: string; secret: string }) {
    const login = await axios.post(emu.url + "/oauth/token", "grant_type=client_credentials", {
      auth: { username: client.id, password: client.secret },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    const headers = { Authorization: `Bearer ${login.data.access_token}` };
    return (method: string, path: string, data?: unknown) =>
      axios.request({ method, url: emu.url + path, data, headers, validateStatus: () => true });
  }
  const A = { id: DEMO.clientId, secret: DEMO.clientSecret };

  it("a token reads and writes the org of the client that logged in, and no other", async () => {
    const [inA, inB] = [await as(A), await as(b.deployer)];
    assert.equal((await inA("GET", "/api/v2/organizations/me")).data.name, (await emu.state()).organization.name);
    assert.equal((await inB("GET", "/api/v2/organizations/me")).data.name, "Org B (EMEA)");
    assert.equal((await inB("GET", "/api/v2/tokens/me")).data.organization.id, b.seed.organization.id);

    const put = await inB("PUT", `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["users:readonly"] });
    assert.equal(put.status, 200, JSON.stringify(put.data));
    assert.deepEqual(put.data.modifiedBy.id, b.deployer.id);
    const inOrgB = await emu.control<{ authorizations: { clientId: string; scope: string[] }[] }>(
      "GET",
      `state?org=${b.seed.organization.id}`,
    );
    assert.deepEqual(inOrgB.authorizations.find((x) => x.clientId === CLIENTS.acme)?.scope, ["users:readonly"]);
    const inOrgA = await emu.state();
    assert.notDeepEqual(inOrgA.authorizations.find((x) => x.clientId === CLIENTS.acme)?.scope, ["users:readonly"]);
    // Org A's own clients are not org B's: B's token cannot read them.
    assert.equal((await inB("GET", `/api/v2/oauth/clients/${DEMO.clientId}`)).status, 404);
    assert.equal((await inA("GET", `/api/v2/oauth/clients/${b.deployer.id}`)).status, 404);
  });

  it("a reset restores every org; an unknown org is named with the ones there are", async () => {
    await emu.control("POST", "reset");
    const inOrgB = await emu.control<{ authorizations: { clientId: string }[] }>("GET", `state?org=${b.seed.organization.id}`);
    assert.deepEqual(
      inOrgB.authorizations,
      b.seed.authorizations.map((a) => ({ ...a, ...inOrgB.authorizations.find((x) => x.clientId === a.clientId) })),
    );
    await assert.rejects(
      emu.control("GET", "state?org=nope"),
      (e: Error) => e.message.includes("404") && e.message.includes(b.seed.organization.id),
    );
  });

  it("refuses orgs that cannot share a URL: the same org ID, or an org client in two orgs", async () => {
    await assert.rejects(startEmulator({ env: {}, orgs: [seedCopy()] }), /two orgs have the ID .*; give each org its own org ID/);
    const clash = anotherOrg(2, "Org C");
    clash.seed.clients.push({ ...seedCopy().clients.find((c) => c.id === DEMO.clientId)! });
    await assert.rejects(startEmulator({ env: {}, orgs: [clash.seed] }), new RegExp(`the org client "${DEMO.clientId}" is in`));
  });
});

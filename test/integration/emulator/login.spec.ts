import * as assert from "node:assert/strict";
import axios from "axios";
import { validate } from "../../../common/validation";
import { CLIENTS, DEMO, EmulatorHandle } from "../../support/emulator";

/** The default seed's "Intranet portal": an org client using the code grant. */
const PORTAL_ID = "c4e6144c-f124-55d0-9d3e-3f19bb5544f5";

describe("emulator: login (POST /oauth/token)", () => {
  let emu: EmulatorHandle;
  before(
    async () =>
      (emu = await EmulatorHandle.start({
        env: { GENESYSCLOUD_OAUTHCLIENT_ID: "env-admin", GENESYSCLOUD_OAUTHCLIENT_SECRET: "env-admin-secret" },
      })),
  );
  after(() => emu.close());

  const login = (user: string | undefined, pass: string, body = "grant_type=client_credentials") =>
    axios.post(emu.url + "/oauth/token", body, {
      auth: user === undefined ? undefined : { username: user, password: pass },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      validateStatus: () => true,
    });

  it("issues a bearer token with the client's lifetime", async () => {
    const res = await login(DEMO.clientId, DEMO.clientSecret);
    assert.equal(res.status, 200);
    assert.equal(res.data.token_type, "bearer");
    assert.equal(res.data.expires_in, 86400);
    assert.ok(res.data.access_token.length >= 32);
    assert.ok(res.headers["inin-correlation-id"]);
  });

  const failures: Array<[string, string | undefined, string, string, number, string, RegExp]> = [
    [
      "an unknown client",
      "00000000-0000-4000-8000-000000000000",
      "x",
      "grant_type=client_credentials",
      401,
      "invalid_client",
      /client not found/,
    ],
    ["a wrong secret", DEMO.clientId, "wrong", "grant_type=client_credentials", 401, "invalid_client", /authentication failed/],
    ["another org's client", CLIENTS.acme, "x", "grant_type=client_credentials", 401, "invalid_client", /client not found/],
    [
      "an org client that is not client-credentials",
      PORTAL_ID,
      "portal-only-secret",
      "grant_type=client_credentials",
      400,
      "unauthorized_client",
      /client_credentials grant/,
    ],
    ["a missing grant type", DEMO.clientId, DEMO.clientSecret, "", 400, "invalid_request", /grant type/i],
    ["another grant type", DEMO.clientId, DEMO.clientSecret, "grant_type=password", 400, "unsupported_grant_type", /password/],
  ];
  for (const [name, user, pass, body, status, error, description] of failures) {
    it(`refuses ${name} with the vendor's token error shape`, async () => {
      const res = await login(user, pass, body);
      assert.equal(res.status, status);
      assert.deepEqual(validate("genesys/token-error.schema.json", res.data), []);
      assert.equal(res.data.error, error);
      assert.match(res.data.description, description);
      assert.equal(res.data.error_description, res.data.description);
    });
  }

  it("registers GENESYSCLOUD_OAUTHCLIENT_ID/SECRET as an admin client", async () => {
    const res = await login("env-admin", "env-admin-secret");
    assert.equal(res.status, 200);
    const put = await axios.put(
      emu.url + `/api/v2/oauth/authorizations/${CLIENTS.acme}`,
      { scope: ["analytics"] },
      { headers: { Authorization: `Bearer ${res.data.access_token}` } },
    );
    assert.equal(put.data.modifiedBy.id, "env-admin");
  });
});

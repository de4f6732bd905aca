import * as assert from "node:assert/strict";
import { CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";

// The vendor's JavaScript SDK, pointed at the emulator with its gateway setting.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const platformClient = require("purecloud-platform-client-v2");

describe("the official Genesys Cloud JavaScript SDK against the emulator", () => {
  let emu: EmulatorHandle;
  before(async () => (emu = await EmulatorHandle.start()));
  after(() => emu.close());

  it("logs in with client credentials and reads scopes, authorizations and roles", async () => {
    const client = platformClient.ApiClient.instance;
    const url = new URL(emu.url);
    client.setGateway({ host: url.hostname, protocol: "http", port: Number(url.port) });
    await client.loginClientCredentialsGrant(DEMO.clientId, DEMO.clientSecret);
    const oauth = new platformClient.OAuthApi();
    const scopes = await oauth.getOauthScopes();
    assert.ok(scopes.entities.some((s: { id: string }) => s.id === "analytics:readonly"));
    const listing = await oauth.getOauthAuthorizations();
    assert.ok(listing.entities.some((a: { client: { id: string } }) => a.client.id === CLIENTS.globex));
    const one = await oauth.getOauthAuthorization(CLIENTS.acme);
    assert.equal(one.state, "Unauthorized");
    const roles = await new platformClient.AuthorizationApi().getAuthorizationRoles({ pageSize: 5, id: [] });
    assert.equal(roles.pageSize, 5);
    assert.ok(roles.total > 5);
    const log = await emu.requests();
    assert.ok(
      log.some((r) => r.path === "/oauth/token" && r.status === 200),
      "the SDK logged in through the emulator",
    );
  });
});

import * as assert from "node:assert/strict";
import { REGION_DOMAINS, resolveEndpoints } from "../../provider/genesys";
import { clientOptions, expectedDomain, readConfigValues, resolveSettings } from "../../provider/settings";

describe("settings", () => {
  it("takes stack config first, then the environment", () => {
    const s = resolveSettings(
      { oauthclientId: "from-config" },
      { GENESYSCLOUD_OAUTHCLIENT_ID: "from-env", GENESYSCLOUD_OAUTHCLIENT_SECRET: "env-secret", GENESYSCLOUD_REGION: "EU_WEST_1" },
    );
    assert.equal(s.clientId, "from-config");
    assert.equal(s.clientSecret, "env-secret");
    assert.equal(s.region, "eu-west-1");
  });

  it("reads the genesyscloud namespace from a config getter", () => {
    const values: Record<string, string> = { "genesyscloud:region": "ap-southeast-2", "other:region": "x", "genesyscloud:apiUrl": "" };
    assert.deepEqual(readConfigValues((k) => values[k]), { region: "ap-southeast-2" });
  });

  it("defaults to us-east-1 and refuses an unknown region with the list", () => {
    assert.equal(resolveSettings({}, {}).region, "us-east-1");
    assert.throws(() => resolveSettings({ region: "mars-1" }, {}), /"mars-1" is not a Genesys Cloud region; use one of: us-east-1/);
  });

  it("refuses a malformed apiUrl and a negative number", () => {
    assert.throws(() => resolveSettings({ apiUrl: "localhost:8787" }, {}), /apiUrl .* must be an http\(s\) URL/);
    assert.throws(() => resolveSettings({ maxRetries: "-1" }, {}), /maxRetries .* non-negative number/);
  });

  it("knows every region of the vendor's table", () => {
    assert.equal(Object.keys(REGION_DOMAINS).length, 20);
    assert.equal(resolveEndpoints("us-east-2", undefined).apiBase, "https://api.use2.us-gov-pure.cloud");
    assert.equal(resolveEndpoints("ap-southeast-2", undefined).loginBase, "https://login.mypurecloud.com.au");
  });

  it("derives login from an https://api.<domain> apiUrl, and serves login from any other base", () => {
    assert.deepEqual(resolveEndpoints("us-east-1", "https://api.mypurecloud.de/"), {
      apiBase: "https://api.mypurecloud.de",
      loginBase: "https://login.mypurecloud.de",
      domain: "mypurecloud.de",
    });
    assert.deepEqual(resolveEndpoints("us-east-1", "http://127.0.0.1:8787"), { apiBase: "http://127.0.0.1:8787", loginBase: "http://127.0.0.1:8787" });
  });

  it("checks authorization URLs against the region, also behind a custom apiUrl", () => {
    assert.equal(expectedDomain(resolveSettings({ region: "eu-central-1" }, {})), "mypurecloud.de");
    assert.equal(expectedDomain(resolveSettings({ region: "eu-west-1", apiUrl: "http://127.0.0.1:1" }, {})), "mypurecloud.ie");
    assert.equal(expectedDomain(resolveSettings({ apiUrl: "https://api.usw2.pure.cloud" }, {})), "usw2.pure.cloud");
  });

  it("passes tuning values to the HTTP layer", () => {
    const o = clientOptions(resolveSettings({ timeoutMs: "5000", maxRetries: "3" }, { GENESYSCLOUD_ACCESS_TOKEN: "t" }));
    assert.equal(o.timeoutMs, 5000);
    assert.equal(o.maxRetries, 3);
    assert.equal(o.accessToken, "t");
  });
});

describe("settings: the org pin", () => {
  const ORG = "5F0C6D0E-1B2A-4C3D-8E9F-0A1B2C3D4E5F";

  it("reads genesyscloud:orgId first, then GENESYSCLOUD_ORG_ID, naming the setting that pinned it", () => {
    assert.deepEqual(resolveSettings({ orgId: ORG }, { GENESYSCLOUD_ORG_ID: "x" }).orgPin, { id: ORG.toLowerCase(), setting: "genesyscloud:orgId" });
    assert.deepEqual(resolveSettings({}, { GENESYSCLOUD_ORG_ID: ORG }).orgPin, { id: ORG.toLowerCase(), setting: "GENESYSCLOUD_ORG_ID" });
    assert.equal(resolveSettings({}, {}).orgPin, undefined);
  });

  it("refuses an org ID that is not a UUID, in the words of its source", () => {
    assert.throws(() => resolveSettings({ orgId: "acme" }, {}), /^Error: genesyscloud:orgId must be an org ID \(a UUID.*got "acme"$/);
    assert.throws(() => resolveSettings({}, { GENESYSCLOUD_ORG_ID: "acme" }), /^Error: GENESYSCLOUD_ORG_ID must be an org ID/);
  });
});

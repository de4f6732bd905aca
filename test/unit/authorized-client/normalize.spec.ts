import * as assert from "node:assert/strict";
import { normalizeInputs, normalizeSet, parseAuthorizationUrl } from "../../../provider/authorized-client/normalize";
import { UNKNOWN } from "../../../provider/authorized-client/types";

const ID = "cea70f27-901c-5085-a2d0-8fee5ace6ccd";

describe("input normalization", () => {
  it("sorts and de-duplicates scopes", () => {
    assert.deepEqual(normalizeSet(["users:readonly", "analytics", "users:readonly"]), ["analytics", "users:readonly"]);
  });

  it("reads no set as the empty set", () => {
    assert.deepEqual(normalizeSet(undefined), []);
  });

  it("keeps one unknown element at the end", () => {
    assert.deepEqual(normalizeSet(["b", UNKNOWN, "a", UNKNOWN]), ["a", "b", UNKNOWN]);
  });

  it("fills roles and onExisting, lower-cases IDs and role IDs but not role names", () => {
    const roleId = "F13B42E9-C30B-5E41-87ED-60C4565C2040";
    const n = normalizeInputs({ clientId: ID.toUpperCase(), scopes: ["b", "a", "a"], roles: ["Supervisor", roleId] });
    assert.deepEqual(n, { clientId: ID, scopes: ["a", "b"], roles: ["Supervisor", roleId.toLowerCase()].sort(), onExisting: "fail" });
  });

  it("keeps authorizationUrl beside the client ID taken from it", () => {
    const url = `https://login.mypurecloud.ie/oauth/authorize?client_id=${ID}&response_type=code`;
    const n = normalizeInputs({ clientId: ID, authorizationUrl: url, scopes: ["a"], onExisting: "adopt" });
    assert.equal(n.authorizationUrl, url);
    assert.equal(n.onExisting, "adopt");
  });
});

describe("parseAuthorizationUrl", () => {
  it("takes client_id and the domain from a code-grant URL", () => {
    const r = parseAuthorizationUrl(
      `https://login.mypurecloud.de/oauth/authorize?client_id=${ID.toUpperCase()}&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&state=x`,
    );
    assert.deepEqual(r, { clientId: ID, domain: "mypurecloud.de" });
  });

  it("names the scheme it refuses, and accepts trailing slashes after the path", () => {
    assert.equal(parseAuthorizationUrl(`http://login.mypurecloud.com/oauth/authorize?client_id=${ID}`), "must use https, not http");
    assert.deepEqual(parseAuthorizationUrl(`https://login.mypurecloud.com/oauth/authorize//?client_id=${ID}`), {
      clientId: ID,
      domain: "mypurecloud.com",
    });
  });

  it("accepts the swagger's /authorize spelling", () => {
    const r = parseAuthorizationUrl(`https://login.usw2.pure.cloud/authorize?client_id=${ID}&response_type=token`);
    assert.deepEqual(r, { clientId: ID, domain: "usw2.pure.cloud" });
  });

  const bad: Array<[string, RegExp]> = [
    ["not a url", /is not a URL/],
    [`http://login.mypurecloud.com/oauth/authorize?client_id=${ID}`, /must use https/],
    [`https://api.mypurecloud.com/oauth/authorize?client_id=${ID}`, /not a Genesys Cloud login host/],
    [`https://login.mypurecloud.com/oauth/token?client_id=${ID}`, /is not \/oauth\/authorize/],
    ["https://login.mypurecloud.com/oauth/authorize?response_type=code", /no client_id/],
    ["https://login.mypurecloud.com/oauth/authorize?client_id=abc", /"abc" is not a UUID/],
    [`https://login.mypurecloud.com/oauth/authorize?client_id=${ID}&client_id=${ID}`, /more than one client_id/],
  ];
  for (const [url, reason] of bad) {
    it(`refuses ${url.slice(0, 60)}`, () => {
      const r = parseAuthorizationUrl(url);
      assert.equal(typeof r, "string");
      assert.match(r as string, reason);
    });
  }
});

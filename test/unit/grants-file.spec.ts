import * as assert from "node:assert/strict";
import { parseGrantsFile } from "../../provider/grants-file";

describe("grants file", () => {
  it("parses a valid file", () => {
    const g = parseGrantsFile(`grants:
  acme-crm:
    clientId: cea70f27-901c-5085-a2d0-8fee5ace6ccd
    scopes: [users:readonly]
  chat:
    authorizationUrl: https://login.mypurecloud.com/oauth/authorize?client_id=d956f0be-8354-5b43-8047-9d16a07a14ef
    scopes: [web-chat]
    roles: [Agent]
    onExisting: adopt
`);
    assert.deepEqual(Object.keys(g.grants), ["acme-crm", "chat"]);
    assert.equal(g.grants.chat.onExisting, "adopt");
  });

  it("names every problem with its grant and key", () => {
    assert.throws(
      () =>
        parseGrantsFile(`grants:
  acme:
    clientId: not-a-uuid
    scopes: []
    colour: red
  both:
    clientId: cea70f27-901c-5085-a2d0-8fee5ace6ccd
    authorizationUrl: https://login.mypurecloud.com/oauth/authorize?client_id=cea70f27-901c-5085-a2d0-8fee5ace6ccd
    scopes: [a]
`, "grants.yaml"),
      (e: Error) =>
        /grants\.yaml is not a valid grants file/.test(e.message) &&
        /grants\.acme: unknown key "colour"/.test(e.message) &&
        /grants\.acme\.clientId: must match pattern/.test(e.message) &&
        /grants\.acme\.scopes: must NOT have fewer than 1 items/.test(e.message) &&
        /exactly one of clientId and authorizationUrl/.test(e.message),
    );
  });

  it("refuses YAML that does not parse, and a file without grants", () => {
    assert.throws(() => parseGrantsFile("grants: [unclosed"), /is not valid YAML/);
    assert.throws(() => parseGrantsFile("other: 1"), /"grants" is required/);
  });
});

import * as assert from "node:assert/strict";
import { parseGrantsFile } from "../../provider/grants-file";
import { loadedBy } from "../support/loaded";

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
        parseGrantsFile(
          `grants:
  acme:
    clientId: not-a-uuid
    scopes: []
    colour: red
  both:
    clientId: cea70f27-901c-5085-a2d0-8fee5ace6ccd
    authorizationUrl: https://login.mypurecloud.com/oauth/authorize?client_id=cea70f27-901c-5085-a2d0-8fee5ace6ccd
    scopes: [a]
`,
          "grants.yaml",
        ),
      (e: Error) =>
        /grants\.yaml is not a valid grants file/.test(e.message) &&
        /grant "acme": colour: is not an input of AuthorizedClient/.test(e.message) &&
        /grant "acme": clientId: must be an OAuth client ID, a UUID/.test(e.message) &&
        /grant "acme": scopes: must list at least one scope/.test(e.message) &&
        /grant "both": authorizationUrl: give either clientId or authorizationUrl, not both/.test(e.message),
    );
  });

  it("words a mistake as the resource's own check does, with a did-you-mean", () => {
    assert.throws(
      () => parseGrantsFile("grants:\n  acme:\n    clientId: cea70f27-901c-5085-a2d0-8fee5ace6ccd\n    scope: [users:readonly]\n"),
      (e: Error) =>
        /grant "acme": scope: is not an input of AuthorizedClient — did you mean "scopes"\?/.test(e.message) &&
        /grant "acme": scopes: is required/.test(e.message),
    );
    assert.throws(() => parseGrantsFile("grant:\n  acme: {}\n"), /grant: is not a known key — did you mean "grants"\?/);
    assert.throws(
      () => parseGrantsFile("grants:\n  'bad name!':\n    clientId: cea70f27-901c-5085-a2d0-8fee5ace6ccd\n    scopes: [a]\n"),
      /grants\.bad name!: must be a resource name/,
    );
  });

  it("refuses YAML that does not parse, and a file without grants", () => {
    assert.throws(() => parseGrantsFile("grants: [unclosed"), /is not valid YAML/);
    assert.throws(() => parseGrantsFile("other: 1"), /grants: is required/);
  });
});

/**
 * Every Pulumi program imports the package, on every run: importing it must not load what only a
 * grants file needs (the YAML parser, the JSON Schema validator, the checks and the HTTP client
 * behind them). Each case runs in a fresh Node.js process, which starts empty.
 */
describe("what a program loads", function () {
  this.timeout(60_000);
  const HEAVY = ["/node_modules/yaml/", "/node_modules/ajv/", "/node_modules/axios/", "/provider/authorized-client/check.js", "/genesys/"];

  const heavyIn = (files: string[]) => HEAVY.filter((h) => files.some((f) => f.includes(h)));

  it("importing the package loads none of it", () => {
    assert.deepEqual(heavyIn(loadedBy('require("./provider")')), []);
  });

  it("reading a grants file loads its parser, the validator and the checks, and still no HTTP client", () => {
    const text = "grants:\n  acme:\n    clientId: cea70f27-901c-5085-a2d0-8fee5ace6ccd\n    scopes: [users:readonly]\n";
    const loaded = loadedBy(`require("./provider").parseGrantsFile(${JSON.stringify(text)})`);
    assert.deepEqual(heavyIn(loaded), ["/node_modules/yaml/", "/node_modules/ajv/", "/provider/authorized-client/check.js", "/genesys/"]);
    // The checks decide (plan.ts) apart from acting (lifecycle.ts): the client itself is not loaded.
    assert.deepEqual(
      loaded.filter((f) =>
        /\/node_modules\/axios\/|\/provider\/genesys\/(client|transport)\.js$|\/authorized-client\/lifecycle\.js$/.test(f),
      ),
      [],
    );
  });
});

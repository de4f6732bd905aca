import * as assert from "node:assert/strict";
import { loadedBy } from "../support/loaded";

/**
 * The state-format module (provider/state.ts) is what genesys-grants and the policy pack read of
 * the provider: it decides, it does no I/O, and loading it loads no HTTP client, no Pulumi SDK and
 * no validator. Proven in a fresh Node.js process, which starts empty.
 */
describe("what the state-format module loads", function () {
  this.timeout(60_000);
  const FORBIDDEN = [
    "/node_modules/axios/",
    "/node_modules/http-proxy-agent/",
    "/node_modules/https-proxy-agent/",
    "/genesys/",
    "/node_modules/@pulumi/",
    "/node_modules/ajv/",
    "/node_modules/yaml/",
    "/authorized-client/org-view.js",
    "/authorized-client/lifecycle.js",
  ];

  it("loads only the provider's deciding modules and common/", () => {
    const loaded = loadedBy('require("./provider/state")');
    assert.deepEqual(
      FORBIDDEN.filter((f) => loaded.some((x) => x.includes(f))),
      [],
    );
    assert.ok(
      loaded.some((x) => x.endsWith("/provider/authorized-client/manual-steps.js")),
      "the module itself was loaded",
    );
    assert.deepEqual(
      loaded.filter((x) => !/\/dist\/(provider\/(state|authorized-client\/[\w-]+)|common\/[\w-]+)\.js$/.test(x)),
      [],
      "nothing outside the provider's deciding modules and common/",
    );
  });
});

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { authorizedClientProvider } from "../../provider";

const SECRET = "serialization-test-secret-value";
const TOKEN = "serialization-test-token-value";

describe("serialized provider", () => {
  const saved = { ...process.env };
  before(() => {
    // Credentials present in the program's environment must not be captured.
    process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET = SECRET;
    process.env.GENESYSCLOUD_ACCESS_TOKEN = TOKEN;
  });
  after(() => {
    process.env = saved;
  });

  // Captured through a local, as pulumi.dynamic.Resource does (`() => provider`).
  const provider = authorizedClientProvider;

  it("serializes, stays under 2 KB and holds no credential", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    assert.equal(sf.containsSecrets, false);
    assert.ok(sf.text.length < 2048, `serialized provider is ${sf.text.length} bytes`);
    assert.ok(!sf.text.includes(SECRET) && !sf.text.includes(TOKEN));
    // No machine-specific path: the implementation is loaded by package name.
    assert.ok(!sf.text.includes(process.cwd()), "serialized text contains a local path");
    assert.match(sf.text, /require\("pulumi-genesys-grants\/runtime"\)/);
  });

  it("round-trips: the deserialized provider diffs through the runtime", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requireFromString = require("require-from-string");
    const p = requireFromString(sf.text).handler();
    const id = "cea70f27-901c-5085-a2d0-8fee5ace6ccd";
    const d = await p.diff(
      id,
      { clientId: id, scopes: ["a", "b"], roles: [] },
      { clientId: id, scopes: ["b", "a"], roles: [], onExisting: "fail" },
    );
    assert.equal(d.changes, false);
  });
});

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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

  it("serializes by value from outside node_modules, in about 2 KB, and holds no credential", async () => {
    const sf = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    assert.equal(sf.containsSecrets, false);
    assert.ok(sf.text.length < 2200, `serialized provider is ${sf.text.length} bytes`);
    assert.ok(!sf.text.includes(SECRET) && !sf.text.includes(TOKEN));
    // No machine-specific path: the implementation is loaded by package name.
    assert.ok(!sf.text.includes(process.cwd()), "serialized text contains a local path");
    assert.match(sf.text, /require\("pulumi-genesys-grants\/runtime"\)/);
  });

  it("serializes as a reference by package name when installed in node_modules, in under 300 bytes", async () => {
    // The shim as a package manager lays it out; it loads nothing until a method runs.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grants-installed-"));
    try {
      const file = path.join(dir, "node_modules", "pulumi-genesys-grants", "dist", "provider", "provider.js");
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.copyFileSync(require.resolve("../../provider/provider"), file);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const installed = require(file);
      const sf = await pulumi.runtime.serializeFunction(() => installed, { allowSecrets: true });
      assert.ok(sf.text.length < 300, `serialized provider is ${sf.text.length} bytes:\n${sf.text}`);
      assert.match(sf.text, /require\("pulumi-genesys-grants\/dist\/provider\/provider\.js"\)/);
      assert.ok(!sf.text.includes(dir) && !sf.text.includes(process.cwd()), "serialized text contains a local path");
      // The subpath is exported, so the provider process resolves it by package name.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const p = require("require-from-string")(sf.text).handler();
      assert.deepEqual(Object.keys(p).sort(), ["check", "configure", "create", "delete", "diff", "read", "update"]);
      assert.equal(p.check, provider.check);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
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

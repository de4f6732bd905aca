import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { metaSchemaErrors, SCHEMA_DIR, schemaValidator } from "../../common/validation";

/** The schemas are loaded without a meta-schema check at run time; the check is here. */
describe("the JSON Schemas of schema/", () => {
  it("each conforms to the JSON Schema meta-schema", () => {
    assert.deepEqual(metaSchemaErrors(), []);
  });

  it("a schema that breaks the meta-schema is named, with the reason", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "schemas-"));
    try {
      fs.mkdirSync(path.join(root, "genesys"));
      fs.copyFileSync(path.join(SCHEMA_DIR, "authorized-client.schema.json"), path.join(root, "authorized-client.schema.json"));
      fs.writeFileSync(path.join(root, "genesys", "broken.schema.json"), JSON.stringify({ type: "object", required: "clientId" }));
      fs.writeFileSync(path.join(root, "notes.json"), "not JSON: only *.schema.json files are read");
      const errors = metaSchemaErrors(root);
      assert.equal(errors.length, 1, errors.join("\n"));
      assert.match(errors[0], /^genesys\/broken\.schema\.json: .*required/);
      // Several are named in the order of their paths.
      fs.writeFileSync(path.join(root, "a-broken.schema.json"), JSON.stringify({ type: 7 }));
      fs.writeFileSync(path.join(root, "z-broken.schema.json"), JSON.stringify({ minLength: -1 }));
      assert.deepEqual(
        metaSchemaErrors(root).map((e) => e.split(":")[0]),
        ["a-broken.schema.json", "genesys/broken.schema.json", "z-broken.schema.json"],
      );
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("each compiles in strict mode", () => {
    for (const dir of [SCHEMA_DIR, path.join(SCHEMA_DIR, "genesys")]) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".schema.json"))) {
        assert.equal(typeof schemaValidator(path.relative(SCHEMA_DIR, path.join(dir, f))), "function", f);
      }
    }
  });
});

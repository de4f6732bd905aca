import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..", "..");

function sources(dir: string): string[] {
  const files = fs
    .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name));
  assert.ok(files.length >= 3, `found the sources of ${dir}`);
  return files;
}

function imports(file: string): string[] {
  return [...fs.readFileSync(file, "utf8").matchAll(/(?:from|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

/** The three layers depend one way: HTTP layer ← provider ← (nothing); emulator stands alone. */
describe("layers", () => {
  it("the HTTP layer (provider/genesys) knows nothing of Pulumi or the resource", () => {
    for (const f of sources("provider/genesys")) {
      for (const i of imports(f)) assert.ok(!i.startsWith("@pulumi/") && (!i.startsWith("..") || i.startsWith("../../common/")), `${path.relative(ROOT, f)} imports ${i}`);
    }
  });

  it("common/ (validation, text, suggestions) depends on none of the layers", () => {
    for (const f of sources("common")) {
      for (const i of imports(f)) assert.ok(!i.startsWith("@pulumi/") && !i.startsWith(".."), `${path.relative(ROOT, f)} imports ${i}`);
    }
  });

  it("the emulator knows nothing of the provider or the CLI", () => {
    for (const f of sources("emulator")) {
      for (const i of imports(f)) assert.ok(!/(^|\/)(provider|cli)(\/|$)/.test(i) && !i.startsWith("@pulumi/"), `${path.relative(ROOT, f)} imports ${i}`);
    }
  });

  it("the CLI uses the provider's HTTP layer and settings, not Pulumi", () => {
    for (const f of sources("cli")) {
      for (const i of imports(f)) assert.ok(!i.startsWith("@pulumi/") && !/provider\/(resource|runtime|provider)/.test(i), `${path.relative(ROOT, f)} imports ${i}`);
    }
  });
});

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/** scripts/ensure-pulumi.sh on a machine with neither a pulumi nor Go. */
describe("ensure-pulumi without pulumi and without Go", () => {
  it("stops with one message saying how to install the CLI", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
    const bin = path.join(dir, "bin");
    fs.mkdirSync(bin);
    // Only the basic tools the script needs: no go, no pulumi.
    for (const tool of ["bash", "dirname", "cat", "sort", "head", "sed", "cut", "mkdir", "env"]) {
      const found = spawnSync("bash", ["-c", `command -v ${tool}`], { encoding: "utf8" }).stdout.trim();
      if (found) fs.symlinkSync(found, path.join(bin, tool));
    }
    try {
      const r = spawnSync(path.join(bin, "bash"), [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
        encoding: "utf8",
        env: { PATH: bin, HOME: dir, PULUMI_GENESYS_CACHE: path.join(dir, "cache") },
      });
      assert.equal(r.status, 1);
      assert.equal(r.stdout, "");
      assert.match(r.stderr, /no Pulumi CLI found and no Go toolchain to build one/);
      assert.match(r.stderr, /Install the Pulumi CLI \(>= 3\.248\.0/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The engine build checks every module it downloads against the checksums committed in scripts/engine. */
describe("ensure-pulumi: every module checked against committed checksums", function () {
  this.timeout(300_000);
  const ENGINE = path.join(REPO_ROOT, "scripts", "engine");
  const SCRIPT = fs.readFileSync(path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh"), "utf8");
  const go = (cwd: string, args: string[]) =>
    spawnSync("go", args, {
      cwd,
      encoding: "utf8",
      env: { ...process.env, GOTOOLCHAIN: "local", GOFLAGS: "-mod=readonly", CGO_ENABLED: "0" },
    });
  /** A copy of a committed module in a folder of its own, with the relay's source for the relay. */
  const copy = (module: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `engine-${module}-`));
    for (const f of ["go.mod", "go.sum"]) fs.copyFileSync(path.join(ENGINE, module, f), path.join(dir, f));
    if (module === "relay") fs.copyFileSync(path.join(REPO_ROOT, "scripts", "language-host", "main.go"), path.join(dir, "main.go"));
    return dir;
  };

  it("turns no checksum check off: no GONOSUMDB, GOSUMDB=off, GOINSECURE, -insecure or -mod=mod", () => {
    for (const loophole of [
      /GONOSUMDB=/,
      /GONOSUMCHECK=/,
      /GOSUMDB=off/,
      /GOINSECURE=/,
      /-insecure/,
      /-mod=mod/,
      /GOFLAGS=(?!-mod=readonly)/,
      /go get /,
      /go mod tidy/,
    ])
      assert.doesNotMatch(SCRIPT, loophole);
    assert.match(SCRIPT, /GOFLAGS=-mod=readonly/);
  });

  for (const [module, target] of [
    ["pulumi", "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"],
    ["language-host", "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"],
    ["relay", "."],
  ]) {
    it(`scripts/engine/${module}: go.sum holds every module its build needs`, () => {
      const dir = copy(module);
      try {
        const r = go(dir, ["list", "-deps", target]);
        assert.equal(r.status, 0, r.stderr);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it("a module whose bits differ from the committed hash is refused before anything is built", () => {
    const dir = copy("relay");
    try {
      const sum = path.join(dir, "go.sum");
      const text = fs.readFileSync(sum, "utf8");
      const tampered = text.replace(
        /^(github\.com\/pulumi\/pulumi\/sdk\/v3 v[\d.]+ h1:)(.)/m,
        (_m, head: string, c: string) => head + (c === "A" ? "B" : "A"),
      );
      assert.notEqual(tampered, text);
      fs.writeFileSync(sum, tampered);
      const r = go(dir, ["build", "-o", path.join(dir, "relay"), "."]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /verifying github\.com\/pulumi\/pulumi\/sdk\/v3@v[\d.]+: checksum mismatch/);
      assert.match(r.stderr, /SECURITY ERROR/);
      assert.ok(!fs.existsSync(path.join(dir, "relay")));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

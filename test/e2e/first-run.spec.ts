import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, mustPulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { ensureNode, ensureNodeVersion } from "../../scripts/lib/toolchains";

const nodeVersion = (bin: string) => spawnSync(path.join(bin, "node"), ["--version"], { encoding: "utf8" }).stdout.trim();
import { CLIENTS, EmulatorHandle, orgStackConfig } from "../support/emulator";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pack } = require(path.join(REPO_ROOT, "scripts", "pack.js")) as { pack(dest: string, o: { build: boolean }): string };
const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

const TS_ESM = `import { AuthorizedClient, type AuthorizedClientArgs } from "pulumi-genesys-grants";
const args: AuthorizedClientArgs = { clientId: "${CLIENTS.acme}", scopes: ["users:readonly"] };
const grant = new AuthorizedClient("acme-crm", args);
export const clientName = grant.clientName;
export const node = process.version;
`;

/**
 * The way each supported Node.js runs a TypeScript program as an ES module with the engine the
 * README installs (docs/resource.md, "TypeScript as an ES module"): Node.js strips the types
 * itself from 22.18; on an earlier 22, NODE_OPTIONS turns type stripping on (that engine's
 * language host ignores Pulumi.yaml's `nodeargs`) and quiets Node.js's own warning about it.
 */
const NODES: { name: string; version: () => string; bin: () => string | undefined; env: Record<string, string> }[] = [
  {
    name: "Node.js 22.17",
    version: () => "v22.17.1",
    bin: () => ensureNodeVersion("22.17.1"),
    env: { NODE_OPTIONS: "--experimental-strip-types --disable-warning=ExperimentalWarning" },
  },
  { name: "Node.js 22, the newest", version: () => nodeVersion(ensureNode(22)), bin: () => ensureNode(22), env: {} },
  { name: "Node.js 24", version: () => nodeVersion(ensureNode(24)), bin: () => ensureNode(24), env: {} },
  { name: "Node.js 26 (the repository's)", version: () => process.version, bin: () => undefined, env: {} },
];

/** A newcomer's first run: the packed package in a fresh TypeScript ES-module project, with nothing to see but the result. */
describe("a clean first run, from the packed package (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let packDir: Workspace;
  let tarball: string;

  before(async () => {
    emu = await EmulatorHandle.start();
    packDir = tempWorkspace("grants-first-pack-");
    tarball = pack(packDir.dir, { build: false });
  });
  after(async () => {
    packDir?.remove();
    await emu?.close();
  });

  for (const node of NODES) {
    it(`${node.name}: an install with no warning, then a preview and an up of an ES-module TypeScript program with no ExperimentalWarning`, async () => {
      const PATH = [ensurePulumi(), node.bin(), process.env.PATH].filter(Boolean).join(path.delimiter);
      const ws = tempWorkspace("grants-first-run-", { PATH, ...node.env });
      try {
        const project = path.join(ws.dir, "first");
        fs.mkdirSync(path.join(project, "vendor"), { recursive: true });
        fs.copyFileSync(tarball, path.join(project, "vendor", path.basename(tarball)));
        fs.writeFileSync(
          path.join(project, "package.json"),
          JSON.stringify({
            name: "first",
            private: true,
            type: "module",
            dependencies: {
              // The SDK the lock pins for this repository: the same commit passes the same way tomorrow.
              "@pulumi/pulumi": PACKAGE.devDependencies["@pulumi/pulumi"],
              "pulumi-genesys-grants": `file:./vendor/${path.basename(tarball)}`,
            },
            // As docs/troubleshooting.md says: protobufjs (from @pulumi/pulumi) needs no install script.
            allowScripts: { protobufjs: false },
          }),
        );
        fs.writeFileSync(
          path.join(project, "Pulumi.yaml"),
          "name: first\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.ts\n",
        );
        fs.writeFileSync(path.join(project, "index.ts"), TS_ESM);
        const install = spawnSync("npm", ["install", "--no-audit", "--no-fund"], {
          cwd: project,
          encoding: "utf8",
          env: { ...process.env, PATH },
        });
        assert.equal(install.status, 0, install.stderr);
        assert.deepEqual(
          (install.stdout + install.stderr).split("\n").filter((l) => /\bwarn\b|EBADENGINE/i.test(l)),
          [],
          "npm install printed a warning",
        );

        const stack = ["--stack", "first"];
        await mustPulumi(ws, project, ["stack", "init", "first"]);
        await mustPulumi(ws, project, ["config", "set-all", ...stack, ...orgStackConfig(emu.url)]);
        await emu.control("POST", "reset");
        const preview = await mustPulumi(ws, project, ["preview", ...stack]);
        const up = await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", ...stack]);
        for (const out of [preview, up]) {
          assert.ok(!/ExperimentalWarning|\(node:\d+\) /.test(out), out);
        }
        assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
        assert.equal((await mustPulumi(ws, project, ["stack", "output", "node", ...stack])).trim(), node.version());
        assert.equal((await mustPulumi(ws, project, ["stack", "output", "clientName", ...stack])).trim(), "Acme CRM Connector");
        await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", ...stack]);
      } finally {
        ws.remove();
      }
    });
  }
});

import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, mustPulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { ensureNode, latestVersion, rangeMinimum } from "../../scripts/lib/toolchains";
import { CLIENTS, DEMO, EmulatorHandle, orgStackConfig } from "../support/emulator";
import { provePolicyPack } from "../support/policy";
import { assertProviderByReference } from "../support/engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pack } = require(path.join(REPO_ROOT, "scripts", "pack.js")) as { pack(dest: string, o: { build: boolean }): string };

const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8"));

/**
 * The newest SDK the suite tests: the one the lock pins, so that a commit passes or fails the same
 * way on any day. `npm run test:newest` (GRANTS_TEST_NEWEST=1) takes the registry's newest instead.
 */
const NEWEST = process.env.GRANTS_TEST_NEWEST
  ? () => latestVersion("@pulumi/pulumi")
  : () => PACKAGE.devDependencies["@pulumi/pulumi"] as string;
const NEWEST_NAME = process.env.GRANTS_TEST_NEWEST ? "the registry's newest @pulumi/pulumi" : "the locked @pulumi/pulumi";

/** The toolchains the README's Requirements promise: each is proven here. */
const MATRIX: { name: string; nodeBin: () => string | undefined; pulumiSdk: () => string }[] = [
  {
    name: `Node.js 26 (the repository's) with ${NEWEST_NAME}`,
    nodeBin: () => undefined,
    pulumiSdk: NEWEST,
  },
  { name: `Node.js 24 with ${NEWEST_NAME}`, nodeBin: () => ensureNode(24), pulumiSdk: NEWEST },
  {
    name: "Node.js 22 with the lowest @pulumi/pulumi of the peer range",
    nodeBin: () => ensureNode(22),
    pulumiSdk: () => rangeMinimum(PACKAGE.peerDependencies["@pulumi/pulumi"]),
  },
];

/**
 * The package as a user gets it: `npm pack`, installed into a fresh project beside
 * @pulumi/pulumi, then preview, `pulumi up`, a preview with no changes, and destroy, with the
 * credentials in secret stack config, on each toolchain of the matrix.
 */
describe("the packed package in a user's project", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let tarball: string;
  let packDir: Workspace;

  before(async () => {
    emu = await EmulatorHandle.start();
    packDir = tempWorkspace("grants-pack-");
    // As users get it (scripts/pack.js), from dist/ as built: no build under the running tests.
    tarball = pack(packDir.dir, { build: false });
  });
  after(async () => {
    packDir.remove();
    await emu.close();
  });

  for (const toolchain of MATRIX) {
    it(`installs, authorizes and revokes on ${toolchain.name}, and runs its policy pack; the state holds the provider as a reference to the package`, async () => {
      const nodeBin = toolchain.nodeBin();
      const sdk = toolchain.pulumiSdk();
      // The program, npm and the dynamic provider all run on the `node` first on PATH.
      const PATH = [ensurePulumi(), nodeBin, process.env.PATH].filter(Boolean).join(path.delimiter);
      // A user's TypeScript project, type-checked as Pulumi does by default.
      const ws = tempWorkspace("grants-package-", { PATH, PULUMI_NODEJS_TRANSPILE_ONLY: "false" });
      try {
        const project = path.join(ws.dir, "user-project");
        fs.mkdirSync(project);
        fs.mkdirSync(path.join(project, "vendor"));
        fs.copyFileSync(tarball, path.join(project, "vendor", path.basename(tarball)));
        fs.writeFileSync(
          path.join(project, "package.json"),
          JSON.stringify({
            name: "user-project",
            private: true,
            dependencies: { "@pulumi/pulumi": sdk, "pulumi-genesys-grants": `file:./vendor/${path.basename(tarball)}` },
            devDependencies: {
              typescript: PACKAGE.devDependencies.typescript,
              "ts-node": PACKAGE.devDependencies["ts-node"],
              "@types/node": PACKAGE.devDependencies["@types/node"],
            },
          }),
        );
        for (const f of ["Pulumi.yaml", "index.ts", "tsconfig.json"])
          fs.copyFileSync(path.join(REPO_ROOT, "examples", "basic", f), path.join(project, f));
        fs.appendFileSync(
          path.join(project, "index.ts"),
          '\nexport const toolchain = `${process.version} ${require("@pulumi/pulumi/package.json").version}`;\n',
        );
        execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], {
          cwd: project,
          stdio: "inherit",
          env: { ...process.env, PATH },
        });

        const stack = ["--stack", "user"];
        await mustPulumi(ws, project, ["stack", "init", "user"]);
        await mustPulumi(ws, project, ["config", "set-all", ...stack, ...orgStackConfig(emu.url)]);
        await emu.control("POST", "reset");
        // The first run type-checks the program against the package's types, as Pulumi does by
        // default; the runs after it only transpile (the program does not change in kind).
        await mustPulumi(ws, project, ["preview", ...stack]);
        assert.deepEqual(await emu.writes(), []);
        ws.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
        await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", ...stack]);
        assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
        // The policy pack as installed (node_modules/pulumi-genesys-grants/policy); its first
        // preview also shows that the up left nothing to change.
        await provePolicyPack(ws, project, "user", path.join(project, "node_modules", "pulumi-genesys-grants", "policy"), emu);

        const expectedNode = nodeBin
          ? execFileSync(path.join(nodeBin, "node"), ["--version"], { encoding: "utf8" }).trim()
          : process.version;
        assert.equal((await mustPulumi(ws, project, ["stack", "output", "toolchain", ...stack])).trim(), `${expectedNode} ${sdk}`);

        const state = await mustPulumi(ws, project, ["stack", "export", ...stack]);
        assert.ok(!state.includes(DEMO.clientSecret));
        assert.ok(!state.includes(project), "a local path is in the state");
        assertProviderByReference(state);

        const bin = execFileSync(path.join(project, "node_modules", ".bin", "genesys-grants"), ["--help"], {
          encoding: "utf8",
          env: { ...process.env, PATH },
        });
        assert.match(bin, /^genesys-grants: review and operate/);

        await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", ...stack]);
        assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
      } finally {
        ws.remove();
      }
    });
  }
});

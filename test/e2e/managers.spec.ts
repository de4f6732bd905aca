import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ensurePulumi, mustPulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { ensureTool } from "../../scripts/lib/toolchains";
import { CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";
import { assertProviderByReference } from "../support/engine";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pack } = require(path.join(REPO_ROOT, "scripts", "pack.js")) as { pack(dest: string, o: { build: boolean }): string };

const SDK = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies["@pulumi/pulumi"] as string;

const CJS = `const { AuthorizedClient } = require("pulumi-genesys-grants");
const grant = new AuthorizedClient("acme-crm", { clientId: "${CLIENTS.acme}", scopes: ["users:readonly"] });
exports.clientName = grant.clientName;
`;
const ESM = `import { AuthorizedClient } from "pulumi-genesys-grants";
const grant = new AuthorizedClient("acme-crm", { clientId: "${CLIENTS.acme}", scopes: ["users:readonly"] });
export const clientName = grant.clientName;
`;
const TS_ESM = `import { AuthorizedClient, type AuthorizedClientArgs } from "pulumi-genesys-grants";
const args: AuthorizedClientArgs = { clientId: "${CLIENTS.acme}", scopes: ["users:readonly"] };
const grant = new AuthorizedClient("acme-crm", args);
export const clientName = grant.clientName;
`;

/** A user's project: its files (the tarball goes into `vendor/` of `root`), where the program is, and how it installs. */
interface Case {
  name: string;
  /** Files relative to the project's root; `$TARBALL` is the vendored tarball's file name. */
  files: Record<string, string>;
  /** The Pulumi project's folder, relative to the root (a workspace's member). */
  program: string;
  install(root: string, env: NodeJS.ProcessEnv): void;
}

const pulumiYaml = (name: string, options = "") => `name: ${name}\nruntime:\n  name: nodejs\n${options ? `  options:\n${options}` : ""}`;
const manifest = (extra: Record<string, unknown>, deps = true) =>
  JSON.stringify(
    {
      name: "user-project",
      private: true,
      ...extra,
      ...(deps ? { dependencies: { "pulumi-genesys-grants": "file:./vendor/$TARBALL", "@pulumi/pulumi": SDK } } : {}),
    },
    null,
    2,
  );
/**
 * Runs an install command in the project, and on failure throws with everything it printed (yarn
 * prints its errors on stdout).
 */
function run(command: string, args: string[], root: string, env: NodeJS.ProcessEnv): void {
  try {
    execFileSync(command, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    const { stdout, stderr } = e as { stdout?: string; stderr?: string };
    throw new Error(`${path.basename(command)} ${args.join(" ")} failed in ${root}:\n${stdout ?? ""}${stderr ?? ""}`, { cause: e });
  }
}
const npm = (args: string[]) => (root: string, env: NodeJS.ProcessEnv) =>
  run("npm", [...args, "--no-audit", "--no-fund", "--loglevel=error"], root, env);

const CASES: Case[] = [
  {
    name: "npm, a JavaScript program, the project moved after its install and installed again with npm ci",
    files: { "package.json": manifest({ main: "index.js" }), "Pulumi.yaml": pulumiYaml("npm-js"), "index.js": CJS },
    program: ".",
    install: npm(["install"]),
  },
  {
    name: "pnpm 10, isolated node_modules",
    files: { "package.json": manifest({ main: "index.js" }), "Pulumi.yaml": pulumiYaml("pnpm-js"), "index.js": CJS },
    program: ".",
    // A first install writes the lock file: on a CI runner (CI set), pnpm and yarn refuse that
    // unless told, as they should for a project whose lock file is committed.
    install: (root, env) =>
      run(path.join(ensureTool("pnpm@10"), ".bin", "pnpm"), ["install", "--no-frozen-lockfile", "--reporter=silent"], root, env),
  },
  {
    name: "yarn 4, the node-modules linker",
    files: {
      "package.json": manifest({ main: "index.js" }),
      ".yarnrc.yml": 'nodeLinker: node-modules\nnpmRegistryServer: "https://registry.npmjs.org"\nenableTelemetry: false\n',
      "Pulumi.yaml": pulumiYaml("yarn-js"),
      "index.js": CJS,
    },
    program: ".",
    install: (root, env) =>
      run(
        process.execPath,
        [path.join(ensureTool("@yarnpkg/cli-dist@4"), "@yarnpkg", "cli-dist", "bin", "yarn.js"), "install", "--no-immutable"],
        root,
        env,
      ),
  },
  {
    name: "an npm workspaces monorepo, the program in a member",
    files: {
      "package.json": JSON.stringify({ name: "monorepo", private: true, workspaces: ["infra"] }, null, 2),
      "infra/package.json": manifest({ name: "infra", main: "index.js" }).replace("file:./vendor/", "file:../vendor/"),
      "infra/Pulumi.yaml": pulumiYaml("workspace-js"),
      "infra/index.js": CJS,
    },
    program: "infra",
    install: npm(["install"]),
  },
  {
    name: "an ES module program (.mjs)",
    files: { "package.json": manifest({ main: "index.mjs" }), "Pulumi.yaml": pulumiYaml("esm-mjs"), "index.mjs": ESM },
    program: ".",
    install: npm(["install"]),
  },
  {
    name: "a TypeScript program as an ES module, run by Node.js's own type stripping",
    files: {
      "package.json": manifest({ type: "module", main: "index.ts" }),
      // Pulumi's TypeScript support (ts-node) loads CommonJS only: off, so that Node.js runs the
      // module and strips its types itself (Node.js 22.18 and later, 24 and 26).
      "Pulumi.yaml": pulumiYaml("esm-ts", "    typescript: false\n"),
      "index.ts": TS_ESM,
    },
    program: ".",
    install: npm(["install"]),
  },
];

/**
 * The packed package in the projects users make: each package manager and module system, from the
 * tarball kept in the project's `vendor/` folder, through the real engine: `up` authorizes, the
 * program reads an output, the state holds the provider as a reference to the package, `destroy`
 * revokes.
 */
describe("package managers and module systems, from the packed tarball (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let tarball: string;
  let packWs: Workspace;

  before(async () => {
    emu = await EmulatorHandle.start();
    packWs = tempWorkspace("grants-managers-pack-");
    tarball = pack(packWs.dir, { build: false });
  });
  after(async () => {
    packWs?.remove();
    await emu?.close();
  });

  it("the packed manifest carries no scripts and no development dependencies, and its version names the build", () => {
    const inside = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" }));
    assert.equal(inside.scripts, undefined);
    assert.equal(inside.devDependencies, undefined);
    assert.equal(inside.allowScripts, undefined);
    assert.match(inside.version, /^\d+\.\d+\.\d+-(git\.[0-9a-f]{10}(\.dirty\.[0-9a-f]{10})?|build\.[0-9a-f]{10})$/);
    assert.equal(path.basename(tarball), `pulumi-genesys-grants-${inside.version}.tgz`);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const ws = tempWorkspace("grants-managers-", {
        PATH: [ensurePulumi(), process.env.PATH].join(path.delimiter),
        GENESYSCLOUD_API_URL: emu.url,
        GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
        GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
      });
      try {
        let root = path.join(ws.dir, "project");
        fs.mkdirSync(path.join(root, "vendor"), { recursive: true });
        fs.copyFileSync(tarball, path.join(root, "vendor", path.basename(tarball)));
        for (const [file, text] of Object.entries(c.files)) {
          fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
          fs.writeFileSync(path.join(root, file), text.replace("$TARBALL", path.basename(tarball)));
        }
        const env = { ...process.env, ...ws.env };
        c.install(root, env);
        if (c.name.includes("moved")) {
          const moved = path.join(ws.dir, "moved", "elsewhere");
          fs.mkdirSync(path.dirname(moved), { recursive: true });
          fs.renameSync(root, moved);
          root = moved;
          npm(["ci"])(root, env);
        }
        const project = path.join(root, c.program);
        await mustPulumi(ws, project, ["stack", "init", "dev"]);
        await emu.control("POST", "reset");
        await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "dev"]);
        assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
        assert.equal((await mustPulumi(ws, project, ["stack", "output", "clientName", "--stack", "dev"])).trim(), "Acme CRM Connector");
        assertProviderByReference(await mustPulumi(ws, project, ["stack", "export", "--stack", "dev"]));
        await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
        assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
      } finally {
        ws.remove();
      }
    });
  }
});

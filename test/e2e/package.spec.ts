import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { mustPulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, DEMO, EmulatorHandle } from "../support/emulator";

/**
 * The package as a user gets it: `npm pack`, installed into a fresh project beside
 * @pulumi/pulumi, then `pulumi up` / `destroy` with the credentials in secret stack config.
 */
describe("the packed package in a user's project", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;

  before(async () => {
    emu = await EmulatorHandle.start();
    ws = tempWorkspace("grants-package-");
  });
  after(async () => {
    ws.remove();
    await emu.close();
  });

  it("installs, authorizes and revokes; the state holds only the package-name loader", async () => {
    const project = path.join(ws.dir, "user-project");
    fs.mkdirSync(project);
    // --ignore-scripts: dist/ is already built, and must not be rewritten under the running tests.
    const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--pack-destination", project, "--loglevel=error"], { cwd: REPO_ROOT, encoding: "utf8" }).trim().split("\n").pop()!;
    const devDeps = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).devDependencies;
    fs.writeFileSync(
      path.join(project, "package.json"),
      JSON.stringify({
        name: "user-project",
        private: true,
        dependencies: { "@pulumi/pulumi": devDeps["@pulumi/pulumi"], "pulumi-genesys-grants": `file:./${tarball}` },
        devDependencies: { typescript: devDeps.typescript, "ts-node": devDeps["ts-node"], "@types/node": devDeps["@types/node"] },
      }),
    );
    for (const f of ["Pulumi.yaml", "index.ts", "tsconfig.json"]) fs.copyFileSync(path.join(REPO_ROOT, "examples", "basic", f), path.join(project, f));
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: project, stdio: "inherit" });

    await mustPulumi(ws, project, ["stack", "init", "user"]);
    await mustPulumi(ws, project, ["config", "set", "genesyscloud:apiUrl", emu.url, "--stack", "user"]);
    await mustPulumi(ws, project, ["config", "set", "genesyscloud:oauthclientId", DEMO.clientId, "--stack", "user"]);
    await mustPulumi(ws, project, ["config", "set", "--secret", "genesyscloud:oauthclientSecret", DEMO.clientSecret, "--stack", "user"]);
    await mustPulumi(ws, project, ["up", "--yes", "--stack", "user"]);
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");

    const state = await mustPulumi(ws, project, ["stack", "export", "--stack", "user"]);
    assert.ok(!state.includes(DEMO.clientSecret));
    assert.ok(!state.includes(project), "a local path is in the state");
    assert.match(state, /require\(\\"pulumi-genesys-grants\/runtime\\"\)/);

    const bin = execFileSync(path.join(project, "node_modules", ".bin", "genesys-grants"), ["--help"], { encoding: "utf8" });
    assert.match(bin, /^genesys-grants: review and operate/);

    await mustPulumi(ws, project, ["destroy", "--yes", "--stack", "user"]);
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
  });
});

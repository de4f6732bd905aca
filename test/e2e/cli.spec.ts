import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { applyStep, mustPulumi, prepareExample, pulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, EmulatorHandle, orgEnv } from "../support/emulator";
import { cli } from "../support/cli";

/** genesys-grants on what the real engine produces: preview JSON, stack exports, exported programs. */
describe("genesys-grants on real engine output", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  const saved = { ...process.env };

  before(async () => {
    emu = await EmulatorHandle.start();
    const env = orgEnv(emu.url);
    ws = tempWorkspace("grants-cli-e2e-", env);
    Object.assign(process.env, env);
  });
  after(async () => {
    process.env = saved;
    ws.remove();
    await emu.close();
  });

  it("diff names every changed client and scope of a real preview", async () => {
    const project = path.join(ws.dir, "basic");
    prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);
    await mustPulumi(ws, project, ["stack", "init", "review"]);
    await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "review"]);
    applyStep(path.join(REPO_ROOT, "examples", "basic", "step2-rescope"), project);
    // Also swap Acme for Contoso with a write scope: a replacement.
    const src = fs.readFileSync(path.join(project, "index.ts"), "utf8");
    fs.writeFileSync(
      path.join(project, "index.ts"),
      src
        .replace(CLIENTS.acme, CLIENTS.contoso)
        .replace(`"users:readonly", "conversations:readonly", "routing:readonly"`, `"users:readonly", "quality"`),
    );
    const pv = await pulumi(ws, project, ["preview", "--json", "--stack", "review"]);
    assert.equal(pv.status, 0, pv.stderr);
    const file = path.join(ws.dir, "preview.json");
    fs.writeFileSync(file, pv.stdout);

    const r = await cli("diff", file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\*\*Genesys Cloud grants:\*\* 1 to re-scope, 1 to replace — ⚠️ 1 write scope added\./);
    assert.match(r.out, /### 🔁 Replace `Contoso Quality Insights` \(`92a55fc3-40df-5468-8360-850900fe2a20`\) — `acme-crm`/);
    assert.match(r.out, /Replaces the authorization of `cea70f27-901c-5085-a2d0-8fee5ace6ccd`/);
    assert.match(r.out, /\| ➕ added \| `quality` \| ⚠️ write \| `Manage quality` \|/);
    assert.match(r.out, /### ✏️ Re-scope `Globex BI Dashboards` .* — `globex-bi`/);
    assert.match(r.out, /\| ➕ added \| `groups:readonly` \| read-only \| `View groups` \|/);
    assert.match(r.out, /\| ➖ removed \| `routing:readonly` \| read-only \| `View routing` \|/);
    assert.equal((await cli("diff", file, "--fail-on-write-scopes")).code, 2);
    await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", "--stack", "review"]);
  });

  it("export, then up, then preview shows no changes; audit finds an out-of-band grant and a drifted one", async () => {
    await emu.control("POST", "reset");
    const project = path.join(ws.dir, "exported");
    prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);
    const exported = await cli("export", "--out", path.join(project, "index.ts"));
    assert.equal(exported.code, 0, exported.err);
    await mustPulumi(ws, project, ["stack", "init", "adopted"]);
    await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "adopted"]);
    const again = await pulumi(ws, project, ["preview", "--expect-no-changes", "--stack", "adopted"]);
    assert.equal(again.status, 0, again.stdout + again.stderr);

    const stateFile = path.join(ws.dir, "state.json");
    fs.writeFileSync(stateFile, await mustPulumi(ws, project, ["stack", "export", "--stack", "adopted"]));
    const clean = await cli("audit", "--stack-state", stateFile);
    assert.equal(clean.code, 0, clean.out + clean.err);
    assert.match(clean.out, /No findings: the 3 managed grant\(s\) match the org/);

    await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.umbrella}`, { scope: ["recordings:readonly"] });
    await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.stark}`, { scope: ["audits:readonly", "oauth:readonly"] });
    const found = await cli("audit", "--stack-state", stateFile);
    assert.equal(found.code, 1);
    assert.match(found.out, /\| unmanaged \| `Umbrella Speech Analytics` .* \| `Org admin console` \|/);
    assert.match(found.out, /\| drifted \| `Stark Audit Exporter` .*`scopes added: oauth:readonly` \| `Org admin console` \|/);
    await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", "--stack", "adopted"]);
  });
});

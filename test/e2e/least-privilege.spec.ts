import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { mustPulumi, pulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, DEMO, EmulatorHandle, orgEnv } from "../support/emulator";
import { CLI, project, sh } from "../support/project";
import { TYPOS } from "../support/scope-typos";

const WORKFLOW = path.join(REPO_ROOT, "examples", "ci", "github-actions.yml");

interface Step {
  name?: string;
  run?: string;
}

/**
 * The pull-request job's shell steps, as the workflow has them. Two are the runner's and are
 * played here by the test's own set-up: installing the Pulumi CLI (the test's engine is on PATH)
 * and `npm ci` (the project's node_modules is the repository's, as installed).
 */
function previewSteps(): { env: Record<string, string>; steps: Step[] } {
  const doc = parse(fs.readFileSync(WORKFLOW, "utf8")) as { env: Record<string, string>; jobs: { preview: { steps: Step[] } } };
  const steps = doc.jobs.preview.steps.filter(
    (s) => s.run !== undefined && s.name !== "Install the Pulumi CLI" && s.run.trim() !== "npm ci",
  );
  return { env: doc.env, steps };
}

/** The view-only client of the demo org ("Integration viewer": oauth:client:view and authorization:role:view). */
function viewerEnv(url: string): Record<string, string> {
  return {
    GENESYSCLOUD_API_URL: url,
    GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.viewerClientId,
    GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.viewerClientSecret,
  };
}

/** Least privilege, through the real engine: a preview needs no power to write, and says what it could not check. */
describe("least privilege: the pull-request job with a view-only client (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;

  before(async () => {
    emu = await EmulatorHandle.start();
    ws = tempWorkspace("grants-viewonly-", viewerEnv(emu.url));
  });
  after(async () => {
    ws?.remove();
    await emu?.close();
  });
  beforeEach(() => emu.control("POST", "reset"));

  it("runs the example's pull-request steps: doctor, the preview with the policy pack, and a diff that warns of what was not checked", async () => {
    const p = project(path.join(ws.dir, "pr"));
    fs.copyFileSync(path.join(REPO_ROOT, "examples", "ci", "policy-config.json"), path.join(p.dir, "policy-config.json"));
    const { env, steps } = previewSteps();
    assert.deepEqual(
      steps.map((s) => s.name ?? s.run),
      ["Check the preview's credentials", "Preview with the grants policy pack", "Grant diff for reviewers"],
    );
    await mustPulumi(ws, p.dir, ["stack", "init", env.PULUMI_STACK]);
    // A new grant, and one the seed already holds (Globex: with the deployer's credentials, a take-over).
    p.declare({
      "acme-crm": { clientId: CLIENTS.acme, scopes: ["users:readonly", "analytics:readonly"] },
      globex: { clientId: CLIENTS.globex, scopes: ["analytics:readonly", "users:readonly"] },
    });
    await emu.control("DELETE", "requests");
    for (const step of steps) {
      const r = await sh(
        ws,
        p.dir,
        `export ${Object.entries(env)
          .map(([k, v]) => `${k}=${v}`)
          .join(" ")}; ${step.run!}`,
      );
      assert.equal(r.status, 0, `step ${step.name}: ${r.stdout}${r.stderr}`);
      if (step.name === "Check the preview's credentials") {
        assert.match(r.stdout, /· permission oauth:client:authorize: view-only: enough to preview, not to apply/);
      }
    }
    const preview = JSON.parse(fs.readFileSync(path.join(p.dir, "preview.json"), "utf8")) as {
      diagnostics?: Array<{ message: string; severity: string }>;
    };
    const warnings = (preview.diagnostics ?? []).filter((d) => d.severity === "warning").map((d) => d.message);
    for (const name of ["acme-crm", "globex"]) {
      assert.ok(
        warnings.some((w) => w.includes(`AuthorizedClient "${name}": not checked for client`) && w.includes("view-only")),
        `no warning for ${name}: ${JSON.stringify(warnings)}`,
      );
    }
    const comment = fs.readFileSync(path.join(p.dir, "grant-diff.md"), "utf8");
    assert.match(
      comment,
      /> \*\*2 grants were not checked against the org's authorizations:\*\* the preview ran with view-only credentials/,
    );
    assert.equal(comment.match(/⚠️ \*\*Not checked at preview\*\*/g)?.length, 2, comment);
    assert.match(comment, /`whether it is already authorized \(a take-over or an adoption\)`/);
    // The org's log: no write, and the authorizations were asked for once, and refused.
    const log = await emu.requests();
    assert.deepEqual(
      log.filter((r) => r.method !== "GET" && r.path !== "/oauth/token"),
      [],
    );
    const authz = log.filter((r) => r.path.startsWith("/api/v2/oauth/authorizations"));
    assert.ok(authz.length >= 1 && authz.every((r) => r.status === 403), JSON.stringify(authz));
  });

  it("`pulumi up` with the view-only client fails before any write, naming the missing permission; doctor without --preview fails", async () => {
    const p = project(path.join(ws.dir, "up"));
    await mustPulumi(ws, p.dir, ["stack", "init", "up"]);
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: ["users:readonly"] } });
    await emu.control("DELETE", "requests");
    const up = await pulumi(ws, p.dir, ["up", "--yes", "--stack", "up"]);
    assert.notEqual(up.status, 0);
    assert.match(
      up.stdout + up.stderr,
      /the credentials in use are view-only: GET \/api\/v2\/oauth\/authorizations answered 403 missing\.any\.permissions/,
    );
    assert.match(
      up.stdout + up.stderr,
      /oauth:client:authorize \(OAuth > Client > Authorize\)[^]*view-only is enough to preview, not to apply; nothing was changed/,
    );
    assert.deepEqual(await emu.writes(), []);
    const doctor = await sh(ws, p.dir, `node ${CLI} doctor`);
    assert.equal(doctor.status, 1, doctor.stdout);
    assert.match(doctor.stdout, /✘ permission oauth:client:authorize: view-only: enough to preview, not to apply .* — to fix: give a role/);
  });

  it("a scope suggestion never offers more access than asked for, in the PR comment of a failed preview", async () => {
    const p = project(path.join(ws.dir, "typos"));
    await mustPulumi(ws, p.dir, ["stack", "init", "typos"]);
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: TYPOS.map(([typo]) => typo) } });
    const preview = await pulumi(ws, p.dir, ["preview", "--json", "--stack", "typos"]);
    assert.notEqual(preview.status, 0);
    const file = path.join(ws.dir, "typos.json");
    fs.writeFileSync(file, preview.stdout);
    const diff = await sh(ws, p.dir, `node ${CLI} diff --offline ${file}`);
    assert.equal(diff.status, 3, diff.stderr);
    for (const [typo, suggestion] of TYPOS)
      assert.ok(diff.stdout.includes(`"${typo}" is not a scope in this org${suggestion}`), `${typo}${suggestion}\n${diff.stdout}`);
  });

  it("what the view-only preview could not see, `up` with the authorize credential refuses before any write", async () => {
    const p = project(path.join(ws.dir, "full"));
    await mustPulumi(ws, p.dir, ["stack", "init", "full"]);
    // Globex is already authorized by someone else: the view-only preview passed it with a warning.
    p.declare({ globex: { clientId: CLIENTS.globex, scopes: ["analytics:readonly", "users:readonly"] } });
    const viewOnly = await mustPulumi(ws, p.dir, ["preview", "--stack", "full"]);
    assert.match(viewOnly, /warning: AuthorizedClient "globex": not checked for client b6aa9c7b-/);
    await emu.control("DELETE", "requests");
    const apply = { ...ws, env: { ...ws.env, ...orgEnv(emu.url) } };
    const up = await pulumi(apply, p.dir, ["up", "--yes", "--stack", "full"]);
    assert.notEqual(up.status, 0);
    assert.match(up.stdout, /client "Globex BI Dashboards" \(b6aa9c7b-[0-9a-f-]+\) is already authorized in the org "Demo Org"/);
    assert.ok(!up.stdout.includes("not checked for client"), up.stdout);
    assert.deepEqual(await emu.writes(), []);
  });
});

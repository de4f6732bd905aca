import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { applyStep, exampleSteps, mustPulumi, prepareExample, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { grantChanges, RESOURCE_TYPE } from "../../cli/preview";
import { EmulatorHandle, orgEnv } from "../support/emulator";
import { provePolicyPack } from "../support/policy";

interface StateResource {
  type: string;
  urn: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface PreviewStep {
  op: string;
  urn: string;
  oldState?: { inputs?: Record<string, unknown> };
  newState?: { inputs?: Record<string, unknown> };
}

/**
 * One resource's part of `pulumi preview --diff` text: from its URN line to the next resource,
 * the outputs or the summary.
 */
function block(text: string, resource: string): string[] {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.includes(`::${resource}]`));
  assert.ok(start >= 0, `no ${resource} in:\n${text}`);
  const end = lines.findIndex((l, i) => i > start && /pulumi-nodejs:dynamic\/|--outputs:--|^Resources:/.test(l));
  return lines.slice(start, end < 0 ? undefined : end);
}

/** The members a diff block marks as added (+) and removed (-): `+ routing:readonly: true`. */
function marked(lines: string[]): { added: string[]; removed: string[] } {
  const members = (sign: string) =>
    lines
      .map((l) => new RegExp(`^\\s*\\${sign} (\\S+?)\\s*: true$`).exec(l)?.[1])
      .filter((m): m is string => m !== undefined);
  return { added: members("+"), removed: members("-") };
}

/** The keys only the old, and only the new, stored inputs of one step hold, for a property. */
function keyChanges(steps: PreviewStep[], resource: string, property: string): { added: string[]; removed: string[] } {
  const step = steps.find((s) => s.urn.endsWith(`::${resource}`));
  assert.equal(step?.op, "update");
  const before = Object.keys((step!.oldState?.inputs?.[property] ?? {}) as object);
  const after = Object.keys((step!.newState?.inputs?.[property] ?? {}) as object);
  return { added: after.filter((k) => !before.includes(k)), removed: before.filter((k) => !after.includes(k)) };
}

/** What a reviewer reads, through the real CLI with local programs: Pulumi's own diff, the JSON, the policy pack, the demo. */
describe("what a reviewer reads (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;

  /** An example laid out as a user's project, at its first step, applied. */
  async function upFirstStep(example: string): Promise<{ project: string; steps: string[] }> {
    const dir = path.join(REPO_ROOT, "examples", example);
    const project = path.join(ws.dir, example);
    prepareExample(dir, project);
    await mustPulumi(ws, project, ["stack", "init", "review"]);
    const steps = exampleSteps(dir);
    applyStep(steps[0], project);
    await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "review"]);
    return { project, steps };
  }

  before(async () => {
    emu = await EmulatorHandle.start();
  });
  beforeEach(async () => {
    await emu.control("POST", "reset");
    ws = tempWorkspace("grants-review-", orgEnv(emu.url));
  });
  afterEach(() => ws.remove());
  after(() => emu.close());

  it("shows a scope swap and a role swap as one - and one + in `preview --diff`, never a => b, and as keys in `--json`", async () => {
    for (const [example, resource, property, removed, added] of [
      ["basic", "acme-crm", "scopes", "analytics:readonly", "routing:readonly"],
      ["basic", "globex-bi", "scopes", "routing:readonly", "groups:readonly"],
      ["builtin-roles", "android-collaborate", "roles", "Agent", "Supervisor"],
    ] as const) {
      const project = path.join(ws.dir, example);
      if (!fs.existsSync(project)) {
        const { steps } = await upFirstStep(example);
        applyStep(steps[1], project);
      }
      const text = await mustPulumi(ws, project, ["preview", "--diff", "--stack", "review"]);
      const lines = block(text, resource);
      assert.ok(lines.some((l) => new RegExp(`^\\s*~ ${property}\\s*: \\{$`).test(l)), `${resource}: ${property} as a changed object:\n${lines.join("\n")}`);
      assert.deepEqual(marked(lines), { added: [added], removed: [removed] }, lines.join("\n"));
      assert.ok(!lines.some((l) => l.includes("=>")), `${resource}: a rename in\n${lines.join("\n")}`);

      const json = JSON.parse(await mustPulumi(ws, project, ["preview", "--json", "--stack", "review"])) as { steps: PreviewStep[] };
      assert.deepEqual(keyChanges(json.steps, resource, property), { added: [added], removed: [removed] });
    }
  });

  it("previews a state written before stored sets with no changes; the next up stores sets without a write", async () => {
    const { project, steps } = await upFirstStep("basic");
    const file = path.join(ws.dir, "state.json");
    await mustPulumi(ws, project, ["stack", "export", "--stack", "review", "--file", file]);
    const doc = JSON.parse(fs.readFileSync(file, "utf8"));
    const grants = (doc.deployment.resources as StateResource[]).filter((r) => r.type === RESOURCE_TYPE);
    assert.equal(grants.length, 2);
    for (const r of grants) {
      // The inputs as earlier versions stored them: sorted arrays.
      for (const key of ["scopes", "roles"]) r.inputs![key] = Object.keys(r.inputs![key] as object).sort();
    }
    fs.writeFileSync(file, JSON.stringify(doc));
    await mustPulumi(ws, project, ["stack", "import", "--stack", "review", "--file", file]);
    await emu.control("DELETE", "requests");

    await mustPulumi(ws, project, ["preview", "--expect-no-changes", "--stack", "review"]);

    // genesys-grants diff reads the older shape beside the new one.
    applyStep(steps[1], project);
    const changes = grantChanges(await mustPulumi(ws, project, ["preview", "--json", "--stack", "review"]));
    const acme = changes.find((c) => c.name === "acme-crm");
    assert.deepEqual(acme?.scopes, { added: ["routing:readonly"], removed: ["analytics:readonly"], kept: ["conversations:readonly", "users:readonly"] });

    applyStep(steps[0], project);
    const up = await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "review"]);
    assert.match(up, /3 unchanged/);
    assert.deepEqual(await emu.writes(), []);
    await mustPulumi(ws, project, ["stack", "export", "--stack", "review", "--file", file]);
    const after = (JSON.parse(fs.readFileSync(file, "utf8")).deployment.resources as StateResource[]).filter((r) => r.type === RESOURCE_TYPE);
    for (const r of after) {
      assert.ok(!Array.isArray(r.inputs?.scopes) && typeof r.inputs?.scopes === "object", JSON.stringify(r.inputs));
      assert.ok(Array.isArray(r.outputs?.scopes), "outputs stay arrays");
    }
  });

  it("the policy pack in the repository passes read-only grants, fails a write scope naming it, and passes once its config allows it", async () => {
    const { project } = await upFirstStep("basic");
    await provePolicyPack(ws, project, "review", path.join(REPO_ROOT, "policy"), emu);
  });

  it("`npm run demo` shows, for every step, Pulumi's own diff and the grant diff for the PR", async () => {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "scripts", "demo.js")], { cwd: REPO_ROOT });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`demo exited ${code}:\n${text}`))));
    });
    const steps = exampleSteps(path.join(REPO_ROOT, "examples", "basic")).map((d) => path.relative(REPO_ROOT, d));
    for (const step of steps) {
      const own = out.indexOf(`=== pulumi preview --diff  (${step})`);
      const grants = out.indexOf(`=== genesys-grants diff, on pulumi preview --json  (${step})`);
      const up = out.indexOf(`=== pulumi up  (${step})`);
      assert.ok(own >= 0 && own < grants && grants < up, `${step}: both diffs, before the up`);
      assert.match(out.slice(grants, up), /\*\*Genesys Cloud grants:\*\* /);
    }
    const rescope = steps[1];
    const own = out.slice(out.indexOf(`(${rescope})`), out.indexOf(`=== genesys-grants diff, on pulumi preview --json  (${rescope})`));
    assert.match(own, /^\s*- analytics:readonly\s*: true$/m);
    assert.match(own, /^\s*\+ routing:readonly\s*: true$/m);
    assert.match(out, /\| ➕ added \| `routing:readonly` \| read-only \|/);
    assert.match(out, /\| ➖ removed \| `analytics:readonly` \| read-only \|/);
    assert.match(out, /Demo complete/);
  });
});

import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyStep, exampleSteps, mustPulumi, prepareExample, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { grantChanges, RESOURCE_TYPE } from "../../cli/preview";
import { EmulatorHandle, orgEnv } from "../support/emulator";
import { assertSwapInDiff } from "../support/preview-text";
import type { StateResource } from "../../provider/recovery";
import type { Review } from "../../review/model";

/**
 * What a reviewer reads, through the real CLI with local programs: the stored-set shape of older
 * states, and the demo. (The scope and role swaps are read at each example's step in
 * examples.spec.ts; the policy pack is proven as installed, in package.spec.ts.)
 */
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
    assert.deepEqual(acme?.scopes, {
      added: ["routing:readonly"],
      removed: ["analytics:readonly"],
      kept: ["conversations:readonly", "users:readonly"],
    });

    applyStep(steps[0], project);
    const up = await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "review"]);
    assert.match(up, /3 unchanged/);
    assert.deepEqual(await emu.writes(), []);
    await mustPulumi(ws, project, ["stack", "export", "--stack", "review", "--file", file]);
    const after = (JSON.parse(fs.readFileSync(file, "utf8")).deployment.resources as StateResource[]).filter(
      (r) => r.type === RESOURCE_TYPE,
    );
    for (const r of after) {
      assert.ok(!Array.isArray(r.inputs?.scopes) && typeof r.inputs?.scopes === "object", JSON.stringify(r.inputs));
      assert.ok(Array.isArray(r.outputs?.scopes), "outputs stay arrays");
    }
  });

  it("`npm run demo` shows, for every step, Pulumi's own diff and the grant diff for the PR; a scope swap reads as one - and one +; it ends with the access review", async () => {
    const reviewDir = fs.mkdtempSync(path.join(os.tmpdir(), "grants-demo-review-"));
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "scripts", "demo.js")], {
        cwd: REPO_ROOT,
        env: { ...process.env, GRANTS_DEMO_REVIEW_DIR: reviewDir },
      });
      let text = "";
      child.stdout.on("data", (d) => (text += d));
      child.stderr.on("data", (d) => (text += d));
      child.on("error", reject);
      child.on("close", (code) => (code === 0 ? resolve(text) : reject(new Error(`demo exited ${code}:\n${text}`))));
    });
    // Node.js 26 warns when node:ffi is first loaded; the provider loads it quietly before the SDK's serializer does.
    assert.ok(!out.includes("ExperimentalWarning"), out);
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
    // Each scope swapped reads as one - and one + under its resource, never as a rename; the grant
    // diff (from the step's JSON) lists both members.
    assertSwapInDiff(own, { resource: "acme-crm", property: "scopes", removed: "analytics:readonly", added: "routing:readonly" });
    assertSwapInDiff(own, { resource: "globex-bi", property: "scopes", removed: "routing:readonly", added: "groups:readonly" });
    const prDiff = out.slice(
      out.indexOf(`=== genesys-grants diff, on pulumi preview --json  (${rescope})`),
      out.indexOf(`=== pulumi up  (${rescope})`),
    );
    for (const [sign, scope] of [
      ["➕ added", "routing:readonly"],
      ["➖ removed", "analytics:readonly"],
      ["➕ added", "groups:readonly"],
      ["➖ removed", "routing:readonly"],
    ]) {
      assert.ok(prDiff.includes(`| ${sign} | \`${scope}\` | read-only |`), `${sign} ${scope} in\n${prDiff}`);
    }
    assert.match(out, /Demo complete/);
    // The review of the demo org, where the demo says it is, each file with its SHA-256 beside it.
    try {
      const page = path.join(reviewDir, "access-review.html");
      assert.ok(out.trimEnd().endsWith(`Open the page: file://${page}`), out.slice(-600));
      for (const ext of ["json", "csv", "html"]) {
        const file = path.join(reviewDir, `access-review.${ext}`);
        assert.ok(out.includes(`  ${file}\n`), file);
        const digest = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
        assert.equal(fs.readFileSync(file + ".sha256", "utf8"), `${digest}  access-review.${ext}\n`);
      }
      const review = JSON.parse(fs.readFileSync(path.join(reviewDir, "access-review.json"), "utf8")) as Review;
      assert.deepEqual(
        review.coverage.stacks.map((st) => [st.stack, st.status]),
        [["demo", "read"]],
      );
      assert.ok(review.rows.some((r) => r.managedBy.length > 0) && review.rows.some((r) => r.managedBy.length === 0));
    } finally {
      fs.rmSync(reviewDir, { recursive: true, force: true });
    }
  });
});

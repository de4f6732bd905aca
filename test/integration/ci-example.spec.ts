import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

const CI_DIR = path.join(REPO_ROOT, "examples", "ci");
const workflows = fs
  .readdirSync(CI_DIR)
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => path.join(CI_DIR, f));

/** The linters' folder, installed on first use into the cache outside the repository. */
function linters(): string {
  const r = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-workflow-linters.sh")], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`scripts/ensure-workflow-linters.sh failed (exit ${r.status}):\n${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

interface Job {
  environment?: string;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Array<{ uses?: string; run?: string; with?: Record<string, unknown> }>;
}

describe("examples/ci: the workflows a user copies", function () {
  this.timeout(300_000);
  let bin: string;
  before(() => {
    bin = linters();
  });

  it("holds at least one workflow", () => assert.ok(workflows.length > 0));

  for (const file of workflows) {
    const name = path.basename(file);
    it(`${name}: zizmor (default persona) finds nothing`, () => {
      const r = spawnSync(path.join(bin, "zizmor"), ["--offline", "--no-progress", "--format", "json", file], { encoding: "utf8" });
      const findings = JSON.parse(r.stdout || "[]") as Array<{ ident: string; desc: string }>;
      assert.deepEqual(
        findings.map((f) => `${f.ident}: ${f.desc}`),
        [],
        r.stderr,
      );
      assert.equal(r.status, 0, r.stderr);
    });

    it(`${name}: actionlint finds nothing`, () => {
      const r = spawnSync(path.join(bin, "actionlint"), ["-no-color", file], { encoding: "utf8" });
      assert.equal(r.status, 0, r.stdout + r.stderr);
    });

    it(`${name}: no secret at the workflow level; the authorize credential only in a job that runs on main`, () => {
      const doc = parse(fs.readFileSync(file, "utf8")) as { env?: Record<string, string>; jobs: Record<string, Job & { if?: string }> };
      for (const [k, v] of Object.entries(doc.env ?? {})) assert.ok(!String(v).includes("secrets."), `workflow env ${k} holds a secret`);
      for (const [id, job] of Object.entries(doc.jobs)) {
        const secrets = Object.values(job.env ?? {}).some((v) => String(v).includes("secrets.GENESYSCLOUD"));
        if (!secrets) continue;
        // A job holding Genesys Cloud secrets takes them from its own environment.
        assert.ok(job.environment, `job ${id} holds Genesys Cloud secrets outside an environment`);
        if (String(job.if ?? "").includes("pull_request")) assert.equal(job.environment, "genesys-preview", `job ${id}`);
        else assert.match(String(job.if ?? ""), /refs\/heads\/main/, `job ${id} holds the apply credential on any branch`);
        assert.ok(!job.permissions || !Object.values(job.permissions).includes("write"), `job ${id} holds secrets and a write token`);
      }
      // The package's own binary, never a registry fetch of a package of that name.
      const runs = Object.values(doc.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ""));
      assert.ok(!runs.some((r) => /\bnpx (?!--no-install)/.test(r)), "a step runs npx without --no-install");
    });
  }
});

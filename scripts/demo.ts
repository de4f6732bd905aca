/**
 * The main job: `npm run demo`. Starts the emulator with the demo org, provisions the Pulumi
 * engine, runs examples/basic through its steps with the real CLI in a temporary backend, prints
 * the org's grants, and leaves nothing running. Each step shows what a reviewer reads: Pulumi's
 * own diff (`pulumi preview --diff`) and the grant diff for the PR (`genesys-grants diff` on the
 * step's `pulumi preview --json`), before `pulumi up` applies it. It ends with the access review
 * of the demo org (`genesys-grants review --stack demo`, as JSON, CSV and HTML), written to a
 * folder that outlives the run, and says where.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import axios from "axios";
import { terminalText } from "../common/text";
import { stopWithParent } from "../common/command-line";
import { startEmulator } from "../emulator";
import { applyStep, exampleSteps, mustPulumi, prepareExample, REPO_ROOT, tempWorkspace } from "./lib/pulumi-cli";
import { DEMO } from "./lib/demo-org";

function banner(text: string): void {
  process.stdout.write(`\n=== ${text} ${"=".repeat(Math.max(0, 72 - text.length))}\n`);
}

async function grantsTable(url: string): Promise<string> {
  const token = await axios.post(url + "/oauth/token", "grant_type=client_credentials", {
    auth: { username: DEMO.clientId, password: DEMO.clientSecret },
  });
  const res = await axios.get(url + "/api/v2/oauth/authorizations", { headers: { Authorization: `Bearer ${token.data.access_token}` } });
  const rows = (
    res.data.entities as Array<{
      client: { name: string };
      state: string;
      scope: string[];
      roles: string[];
      modifiedBy?: { name?: string };
    }>
  ).map(
    // Names come from the org: shown on one line, without control or bidi characters.
    (a) => [terminalText(a.client.name), a.state, a.scope.join(" "), String(a.roles.length), terminalText(a.modifiedBy?.name ?? "")],
  );
  const header = ["CLIENT", "STATE", "SCOPES", "ROLES", "MODIFIED BY"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Where the demo writes the access review: a folder of its own that outlives the run (GRANTS_DEMO_REVIEW_DIR to choose it). */
export function demoReviewDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.GRANTS_DEMO_REVIEW_DIR || path.join(os.tmpdir(), "genesys-grants-demo-review");
}

/**
 * genesys-grants with `args` (in `cwd`, `input` on its standard input); resolves with what it
 * printed on each stream, when it exits with a code of `ok` (0 by default).
 */
function grantsCli(
  args: string[],
  env: Record<string, string>,
  o: { input?: string; cwd?: string; ok?: number[] } = {},
): Promise<{ out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const cli = path.join(REPO_ROOT, "dist", "cli", "main.js");
    const child = spawn(process.execPath, [cli, ...args], { cwd: o.cwd, env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) =>
      (o.ok ?? [0]).includes(code ?? -1)
        ? resolve({ out, err })
        : reject(new Error(`genesys-grants ${args[0]} exited ${code}: ${err.trim()}`)),
    );
    child.stdin.end(o.input ?? "");
  });
}

async function main(): Promise<void> {
  banner("Provisioning the Pulumi engine");
  const emulator = await startEmulator({ env: {} });
  const ws = tempWorkspace("genesys-grants-demo-", {
    GENESYSCLOUD_API_URL: emulator.url,
    GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
    GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
  });
  // Whatever stops the demo (Ctrl-C, a kill of `npm run demo`), the emulator stops and the
  // workspace goes with it: nothing is left holding a port or a folder.
  const stop = () => {
    ws.remove();
    void emulator.close().finally(() => process.exit(130));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  stopWithParent(stop);
  try {
    process.stdout.write(`Genesys Cloud emulator (demo org) at ${emulator.url}\n`);
    const example = path.join(REPO_ROOT, "examples", "basic");
    const project = path.join(ws.dir, "basic");
    prepareExample(example, project);
    await mustPulumi(ws, project, ["stack", "init", "demo"]);
    for (const dir of exampleSteps(example)) {
      applyStep(dir, project);
      const name = path.relative(REPO_ROOT, dir);
      banner(`pulumi preview --diff  (${name})`);
      process.stdout.write(await mustPulumi(ws, project, ["preview", "--diff", "--stack", "demo"]));
      banner(`genesys-grants diff, on pulumi preview --json  (${name})`);
      const json = await mustPulumi(ws, project, ["preview", "--json", "--stack", "demo"]);
      // The Markdown a PR shows: genesys-grants diff reading the preview on its standard input.
      process.stdout.write((await grantsCli(["diff", "-"], ws.env, { input: json })).out);
      banner(`pulumi up  (${name})`);
      process.stdout.write(await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "demo"]));
    }
    banner("Authorized applications in the org now");
    process.stdout.write((await grantsTable(emulator.url)) + "\n");
    // The access review of the org and the stack, before the stack is destroyed. Exit 1 says it
    // found apps that no code manages, as the demo org has: a finding, not a failure.
    banner("genesys-grants review --stack demo  (the access review)");
    const reviewDir = demoReviewDir();
    fs.mkdirSync(reviewDir, { recursive: true });
    const written: string[] = [];
    for (const ext of ["json", "csv", "html"]) {
      const file = path.join(reviewDir, `access-review.${ext}`);
      const { err } = await grantsCli(["review", "--stack", "demo", "--out", file], ws.env, { cwd: project, ok: [0, 1] });
      if (ext === "json")
        process.stdout.write(
          err
            .split("\n")
            .filter((l) => l.includes("review of"))
            .join("\n") + "\n",
        );
      written.push(file);
    }
    await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", "--stack", "demo"]);
    process.stdout.write("\nDemo complete: the stack was destroyed and the emulator stopped.\n");
    process.stdout.write(
      `The access review of the demo org (before the destroy), each with its .sha256 beside it:\n${written.map((f) => `  ${f}`).join("\n")}\n` +
        `Open the page: file://${written[2]}\n`,
    );
  } finally {
    ws.remove();
    await emulator.close();
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

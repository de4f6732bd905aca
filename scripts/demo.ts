/**
 * The main job: `npm run demo`. Starts the emulator with the demo org, provisions the Pulumi
 * engine, runs examples/basic through its steps with the real CLI in a temporary backend, prints
 * the org's grants, and leaves nothing running. Each step shows what a reviewer reads: Pulumi's
 * own diff (`pulumi preview --diff`) and the grant diff for the PR (`genesys-grants diff` on the
 * step's `pulumi preview --json`), before `pulumi up` applies it.
 */
import { spawn } from "node:child_process";
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

/** `genesys-grants diff` reading a preview's JSON on its standard input: the Markdown a PR shows. */
function grantDiff(previewJson: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const cli = path.join(REPO_ROOT, "dist", "cli", "main.js");
    const child = spawn(process.execPath, [cli, "diff", "-"], { env: { ...process.env, ...env }, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`genesys-grants diff exited ${code}: ${err.trim()}`))));
    child.stdin.end(previewJson);
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
      process.stdout.write(await grantDiff(json, ws.env));
      banner(`pulumi up  (${name})`);
      process.stdout.write(await mustPulumi(ws, project, ["up", "--yes", "--skip-preview", "--stack", "demo"]));
    }
    banner("Authorized applications in the org now");
    process.stdout.write((await grantsTable(emulator.url)) + "\n");
    await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", "--stack", "demo"]);
    process.stdout.write("\nDemo complete: the stack was destroyed and the emulator stopped.\n");
  } finally {
    ws.remove();
    await emulator.close();
  }
}

main().catch((e) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

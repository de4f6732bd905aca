import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";

export const REPO_ROOT = path.resolve(__dirname, "..", "..", "..");

let binDir: string | undefined;

/** The directory holding `pulumi`: scripts/ensure-pulumi.sh finds or builds it (cached). */
export function ensurePulumi(): string {
  binDir ??= execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi.sh")], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  })
    .trim()
    .split("\n")
    .pop()!;
  return binDir;
}

/** A throwaway file:// backend and PULUMI_HOME. */
export interface Workspace {
  dir: string;
  /** The directory of the file:// backend (PULUMI_BACKEND_URL). */
  backendDir: string;
  env: Record<string, string>;
  remove(): void;
}

/**
 * The settings users get: a workspace whose provider paces itself to the shipped 300 requests a
 * minute (tempWorkspace's override removed). The lifecycle, fault and crash scenarios run so;
 * each stays under a minute's budget, which the pacer lets through at once.
 */
export function withShippedDefaults(ws: Workspace): Workspace {
  delete ws.env.GENESYSCLOUD_REQUESTS_PER_MINUTE;
  delete ws.env.GENESYSCLOUD_APP_REQUESTS_PER_MINUTE;
  return ws;
}

export function tempWorkspace(prefix: string, extraEnv: Record<string, string> = {}): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const backendDir = path.join(dir, "state");
  fs.mkdirSync(backendDir);
  fs.mkdirSync(path.join(dir, "home"));
  const env: Record<string, string> = {
    PATH: `${ensurePulumi()}${path.delimiter}${process.env.PATH ?? ""}`,
    PULUMI_HOME: path.join(dir, "home"),
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    PULUMI_CONFIG_PASSPHRASE: "demo-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // TypeScript programs run transpiled, without a type check per run: the checks that matter
    // run once (tsc on the examples, and a user's project in test/e2e/package.spec.ts).
    PULUMI_NODEJS_TRANSPILE_ONLY: "true",
    // The emulator enforces no request budget unless it is started with one (--rate-limit), so
    // the provider need not pace itself to the vendor's 300 a minute, except where a test starts
    // the emulator with a budget and sets genesyscloud:requestsPerMinute to match it.
    GENESYSCLOUD_REQUESTS_PER_MINUTE: "100000",
    GENESYSCLOUD_APP_REQUESTS_PER_MINUTE: "100000",
    ...extraEnv,
  };
  return { dir, backendDir, env, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

let command: Promise<PulumiCommand> | undefined;

/** The engine's CLI for the Automation API, looked up once per process (each lookup runs `pulumi version`). */
function pulumiCommandOnce(): Promise<PulumiCommand> {
  command ??= PulumiCommand.get({ root: path.dirname(ensurePulumi()) });
  return command;
}

/**
 * An Automation API stack running an inline program with the real CLI in a workspace's backend.
 * `main` is the repository: the engine starts the dynamic-provider process there, and it must
 * resolve @pulumi/pulumi and this package from the repository's node_modules.
 */
export async function inlineStack(ws: Workspace, o: { projectName: string; stackName: string; program: PulumiFn }): Promise<Stack> {
  const pulumiCommand = await pulumiCommandOnce();
  return LocalWorkspace.createOrSelectStack(
    { projectName: o.projectName, stackName: o.stackName, program: o.program },
    {
      // The project's and the stack's settings files (the stack's holds its encrypted secrets) go
      // in the workspace, and leave with it; by default each stack gets a folder of its own in the
      // system's temporary folder, and keeps it.
      workDir: fs.mkdtempSync(path.join(ws.dir, "project-")),
      pulumiCommand,
      pulumiHome: ws.env.PULUMI_HOME,
      envVars: ws.env,
      secretsProvider: "passphrase",
      projectSettings: { name: o.projectName, runtime: "nodejs", main: REPO_ROOT, backend: { url: ws.env.PULUMI_BACKEND_URL } },
    },
  );
}

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `pulumi` CLI in `cwd` (a Pulumi project folder). Asynchronous, so an emulator
 * running in this process keeps answering.
 */
export function pulumi(ws: Workspace, cwd: string, args: string[]): Promise<CliResult> {
  return run(ws, cwd, "pulumi", [...args, "--non-interactive"]);
}

/** Runs `command` in `cwd` with the workspace's environment, collecting its output. */
export function run(ws: Workspace, cwd: string, command: string, args: string[]): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...ws.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ status: code ?? -1, stdout, stderr }));
  });
}

export async function mustPulumi(ws: Workspace, cwd: string, args: string[]): Promise<string> {
  const r = await pulumi(ws, cwd, args);
  if (r.status !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.status}) in ${cwd}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Copies an example project into `workDir` (outside the repository, so stack files land there)
 * with `node_modules` linked to the repository's, the layout of a user's project that installed
 * the package. Step folders are not copied: applyStep lays them over the copy.
 */
export function prepareExample(exampleDir: string, workDir: string): void {
  fs.mkdirSync(workDir, { recursive: true });
  for (const entry of fs.readdirSync(exampleDir, { withFileTypes: true })) {
    if (entry.isFile()) fs.copyFileSync(path.join(exampleDir, entry.name), path.join(workDir, entry.name));
  }
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(workDir, "node_modules"), "dir");
}

/** Lays a step folder's files over the working copy (the step's program replaces the previous one). */
export function applyStep(stepDir: string, workDir: string): void {
  for (const entry of fs.readdirSync(stepDir, { withFileTypes: true })) {
    if (entry.isFile()) fs.copyFileSync(path.join(stepDir, entry.name), path.join(workDir, entry.name));
  }
}

/** An example's folders in order: the project itself, then its step*-… folders. */
export function exampleSteps(exampleDir: string): string[] {
  const steps = fs
    .readdirSync(exampleDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^step\d+/.test(d.name))
    .map((d) => d.name)
    .sort((a, b) => Number(/^step(\d+)/.exec(a)![1]) - Number(/^step(\d+)/.exec(b)![1]));
  return [exampleDir, ...steps.map((s) => path.join(exampleDir, s))];
}

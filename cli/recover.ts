import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { quoted, terminalText } from "../common/text";
import { Deployment, deploymentOwner, grantsIn, PendingOperation, Resolution, resolvePending, RunWindow } from "../provider/recovery";
import { orgView } from "./org";
import type { OrgView } from "../provider/org";
import { ProviderSettings } from "../provider/settings";

/**
 * `genesys-grants recover --stack NAME`: the one command after a killed `pulumi up` or destroy.
 * It removes the dead run's lock when it can tell the run is dead, settles every pending operation
 * the run left against the org (provider/recovery.ts), writes the state back with `pulumi stack
 * import`, and says what it did and what is live. Afterwards `up` and `destroy` are both safe.
 */

/** A lock of a DIY backend, as the pulumi CLI describes it when it refuses a command. */
export interface StackLock {
  where: string;
  user: string;
  host: string;
  pid: number;
  since: string;
}

export class RecoverError extends Error {}

/** Runs the pulumi CLI in the project of `cwd`; resolves with its exit status and output. */
export type PulumiRunner = (args: string[]) => Promise<{ status: number; stdout: string; stderr: string }>;

export function pulumiIn(cwd: string, env: NodeJS.ProcessEnv): PulumiRunner {
  return (args) =>
    new Promise((resolve) => {
      execFile(
        "pulumi",
        [...args, "--non-interactive"],
        { cwd, env, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 },
        (error, stdout, stderr) => {
          const code = (error as NodeJS.ErrnoException | null)?.code;
          if (code === "ENOENT") resolve({ status: 127, stdout: "", stderr: "no pulumi CLI on PATH" });
          else resolve({ status: error ? (typeof code === "number" ? code : 1) : 0, stdout, stderr });
        },
      );
    });
}

/** The locks named in the CLI's refusal `the stack is currently locked by N lock(s)…`. */
export function locksIn(stderr: string): StackLock[] {
  const locks: StackLock[] = [];
  for (const m of stderr.matchAll(/^\s*(\S+): created by (.*)@(\S*) \(pid (\d+)\) at (\S+)\s*$/gm)) {
    locks.push({ where: m[1], user: m[2], host: m[3], pid: Number(m[4]), since: m[5] });
  }
  return locks;
}

/** Whether a lock's run is provably gone, and if not, why this command cannot tell. */
export type LockVerdict = { dead: true } | { dead: false; why: string };

/** What this machine is, for the lock check: its host name, whether a process is alive, and why its process IDs prove nothing (a container). */
export interface HostFacts {
  hostname: string;
  alive: (pid: number) => boolean;
  /** Why a PID here says nothing of a process that wrote the same host name; undefined on a plain host. */
  pidsProveNothing: () => string | undefined;
}

export const THIS_HOST: HostFacts = { hostname: os.hostname(), alive: processAlive, pidsProveNothing: containerReason };

/**
 * Whether the run that holds `lock` is provably gone: it ran on this host, its process is not
 * alive, and this host's process IDs are the run's (not a container, where host names are often
 * shared, a fixed `--hostname` or the pods of one set, and each has process IDs of its own).
 */
export function lockVerdict(lock: StackLock, host: HostFacts = THIS_HOST): LockVerdict {
  if (lock.host !== host.hostname) {
    return { dead: false, why: `it ran on another host (${terminalText(lock.host)}), so this command cannot tell whether it is gone` };
  }
  if (host.alive(lock.pid)) return { dead: false, why: `its process (pid ${lock.pid}) is still running on this host` };
  const container = host.pidsProveNothing();
  if (container) {
    return {
      dead: false,
      why: `its host name is this one's, but ${container}: pid ${lock.pid} not running here proves nothing of a run in another container of the same name`,
    };
  }
  return { dead: true };
}

/** Why this process runs in a container, from the marks container runtimes leave; undefined when none is found. */
function containerReason(): string | undefined {
  if (fs.existsSync("/.dockerenv")) return "this runs inside a container (/.dockerenv)";
  if (fs.existsSync("/run/.containerenv")) return "this runs inside a container (/run/.containerenv)";
  if (process.env.KUBERNETES_SERVICE_HOST) return "this runs inside a Kubernetes pod (KUBERNETES_SERVICE_HOST)";
  try {
    if (/docker|kubepods|containerd|libpod|lxc/.test(fs.readFileSync("/proc/1/cgroup", "utf8")))
      return "this runs inside a container (/proc/1/cgroup)";
  } catch {
    // No /proc: not Linux, and no container mark to go by.
  }
  return undefined;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The last meaningful line of a CLI failure. */
function why(stderr: string): string {
  return (
    stderr
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? "no output"
  );
}

export interface RecoverOptions {
  stack: string;
  force: boolean;
  /** This machine, for the lock check (tests give another). */
  host?: HostFacts;
  /** The time now (tests give another). */
  now?: () => number;
  /** The settings, read once the stack can be read (its config is read through the pulumi CLI too). */
  settings: () => ProviderSettings;
  pulumi: PulumiRunner;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

/** A file backend's metadata file left empty by a kill: `failed to load checkpoint: EOF` until it is removed. */
async function emptySidecars(o: RecoverOptions): Promise<string[]> {
  const who = await o.pulumi(["whoami", "--json"]);
  if (who.status !== 0) return [];
  const url = (JSON.parse(who.stdout) as { url?: string }).url ?? "";
  if (!url.startsWith("file://")) return [];
  const root = path.join(decodeURIComponent(new URL(url).pathname), ".pulumi", "stacks");
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name === `${o.stack.split("/").pop()}.json.attrs` && fs.statSync(p).size === 0) found.push(p);
    }
  };
  walk(root);
  return found;
}

async function exportDeployment(o: RecoverOptions, said: string[]): Promise<{ version: number; deployment: Deployment }> {
  let exported = await o.pulumi(["stack", "export", "--stack", o.stack]);
  if (exported.status !== 0 && /failed to load checkpoint: EOF/.test(exported.stderr)) {
    const empty = await emptySidecars(o);
    for (const f of empty) {
      fs.rmSync(f);
      said.push(`removed ${f}: the backend's metadata file of the stack, left empty by the kill (the checkpoint beside it is whole)`);
    }
    if (empty.length > 0) exported = await o.pulumi(["stack", "export", "--stack", o.stack]);
  }
  if (exported.status !== 0) {
    throw new RecoverError(
      `cannot read the state of stack ${o.stack} with \`pulumi stack export --stack ${o.stack}\`: ${why(exported.stderr)}`,
    );
  }
  return JSON.parse(exported.stdout);
}

async function importDeployment(
  o: RecoverOptions,
  doc: { version: number; deployment: Deployment },
): Promise<{ status: number; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "genesys-grants-recover-"));
  try {
    const file = path.join(dir, "state.json");
    fs.writeFileSync(file, JSON.stringify(doc), { mode: 0o600 });
    return await o.pulumi(["stack", "import", "--stack", o.stack, "--file", file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const OUTCOME: Record<Resolution["outcome"], string> = {
  recorded: "recorded in the state",
  kept: "kept, with what is live",
  removed: "removed from the state",
  cleared: "cleared",
};

/** Recovers the stack, and prints what it did and what is live. Throws a RecoverError when it cannot. */
export async function recover(o: RecoverOptions): Promise<void> {
  const said: string[] = [];
  // Read first: a file backend's empty metadata file would fail reading the stack's config too.
  let doc = await exportDeployment(o, said);
  const view = orgView(o.settings(), o.err);
  const now = o.now ?? Date.now;
  const host = o.host ?? THIS_HOST;
  let lockRemoved = false;
  // The dead run's own time: from its lock's creation to the moment the lock was found dead. Until
  // a lock is seen its start is unknown (a checkpoint's time is its last write, not the run's start),
  // and no pending create can be proven the run's.
  let window: RunWindow = { sinceFrom: "nothing", until: now() };
  for (;;) {
    const pendingOps: PendingOperation[] = doc.deployment.pending_operations ?? [];
    const { deployment, resolutions } = await resolvePending(doc.deployment, view, window, ownerOf(o.stack, doc.deployment));
    const imported = await importDeployment(o, { ...doc, deployment });
    if (imported.status === 0) {
      if (pendingOps.length === 0) said.push("no pending operation in the state: the last run did not stop in the middle of a write");
      for (const r of resolutions) {
        said.push(
          `${r.operation} ${quoted(r.name)}${r.clientId ? ` (client ${r.clientId})` : ""}: ${OUTCOME[r.outcome]}; ${terminalText(r.why)}`,
        );
      }
      await report(o, deployment, view, said);
      return;
    }
    const locks = locksIn(imported.stderr);
    if (locks.length === 0 || lockRemoved) {
      throw new RecoverError(`cannot write the state of stack ${o.stack} with \`pulumi stack import\`: ${why(imported.stderr)}`);
    }
    const verdicts = locks.map((l) => ({ lock: l, verdict: lockVerdict(l, host) }));
    const live = verdicts.filter((v) => !v.verdict.dead);
    if (live.length > 0 && !o.force) {
      // What was mended already (an empty metadata file) is said, though the lock stops the rest.
      if (said.length > 0) o.out.write(`Before stopping at the lock:\n${said.map((x) => `  - ${x}`).join("\n")}\n`);
      const who = live
        .map(
          ({ lock: l, verdict }) =>
            `${terminalText(l.user)}@${terminalText(l.host)} (pid ${l.pid}) since ${terminalText(l.since)}: ${verdict.dead ? "" : verdict.why}`,
        )
        .join("; ");
      throw new RecoverError(
        `stack ${o.stack} is locked by a run that may still be going: ${who}. ` +
          "Check that no `pulumi` of this stack is running there (the CI job, the container, the host that ran it): removing the lock of a live run lets two runs write at once. " +
          `When you are sure it is gone, run genesys-grants recover --stack ${o.stack} --force`,
      );
    }
    const cancelled = await o.pulumi(["cancel", "--yes", "--stack", o.stack]);
    if (cancelled.status !== 0)
      throw new RecoverError(`cannot remove the lock of stack ${o.stack} with \`pulumi cancel\`: ${why(cancelled.stderr)}`);
    for (const { lock: l, verdict } of verdicts) {
      said.push(
        `removed the lock of ${verdict.dead ? "a dead run" : "a run you said is gone (--force)"}: ${terminalText(l.user)}@${terminalText(l.host)}, pid ${l.pid}, since ${terminalText(l.since)}`,
      );
    }
    lockRemoved = true;
    const started = Math.min(...locks.map((l) => Date.parse(l.since)).filter((t) => !Number.isNaN(t)));
    window = Number.isFinite(started)
      ? { since: started, sinceFrom: "its lock's creation", until: now() }
      : { sinceFrom: "nothing", until: now() };
    // The state again, as the backend holds it now that no run holds the lock.
    doc = await exportDeployment(o, said);
  }
}

/** The stack and project recovered: the stack as --stack names it (its last part), the project from the state. */
function ownerOf(stack: string, deployment: Deployment): { stack: string; project: string } | undefined {
  const fromState = deploymentOwner(deployment);
  const name = stack.split("/").pop()!;
  return fromState ? { stack: name, project: fromState.project } : undefined;
}

/** Prints what was done, then the stack's grants as the org holds them now. */
async function report(o: RecoverOptions, deployment: Deployment, view: OrgView, said: string[]): Promise<void> {
  const grants = grantsIn(deployment);
  const lines = [
    `Recovered stack ${o.stack}:`,
    ...said.map((s) => `  - ${s}`),
    "",
    `The stack holds ${grants.length} grant(s); in the org now:`,
  ];
  for (const g of grants) {
    const live = await view.authorization(g.clientId);
    const state =
      live?.state === "Authorized" ? `authorized, scopes [${(live.scope ?? []).map(terminalText).join(", ")}]` : "not authorized";
    lines.push(`  ${quoted(g.name)}  ${g.clientId}  ${live ? quoted(live.client.name) : "(no such client)"}: ${state}`);
  }
  lines.push("", "Next: `pulumi up` converges the org to the program, or `pulumi destroy` revokes every grant of the stack.");
  o.out.write(lines.join("\n") + "\n");
}

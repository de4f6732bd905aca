import { execFile } from "node:child_process";
import { promisify } from "node:util";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, LocalWorkspaceOptions, PulumiCommand, PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { ensurePulumi, REPO_ROOT } from "../../scripts/lib/pulumi-cli";

export { ensurePulumi, REPO_ROOT };

/** Environment for every engine run: offline, no update checks, no plugin downloads. */
export function engineEnv(home: string): Record<string, string> {
  return {
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

export interface TempBackend {
  dir: string;
  backendUrl: string;
  home: string;
  remove(): void;
}

export function tempBackend(prefix = "genesys-grants-e2e-"): TempBackend {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const home = path.join(dir, "home");
  fs.mkdirSync(path.join(dir, "state"), { recursive: true });
  fs.mkdirSync(home, { recursive: true });
  return { dir, home, backendUrl: `file://${path.join(dir, "state")}`, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface InlineStackOptions {
  backend: TempBackend;
  projectName: string;
  stackName: string;
  program: PulumiFn;
  /** Extra variables for the engine and the provider process. */
  env?: Record<string, string>;
}

/** An Automation API stack running an inline program with the real CLI and a file:// backend. */
export async function inlineStack(o: InlineStackOptions): Promise<Stack> {
  const binDir = ensurePulumi();
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir) });
  const opts: LocalWorkspaceOptions = {
    pulumiCommand,
    pulumiHome: o.backend.home,
    envVars: { ...engineEnv(o.backend.home), ...(o.env ?? {}) },
    secretsProvider: "passphrase",
    // `main` is where the engine starts the dynamic-provider process: it must resolve
    // @pulumi/pulumi and this package from the repository's node_modules.
    projectSettings: { name: o.projectName, runtime: "nodejs", main: REPO_ROOT, backend: { url: o.backend.backendUrl } },
  };
  return LocalWorkspace.createOrSelectStack({ projectName: o.projectName, stackName: o.stackName, program: o.program }, opts);
}

/** `pulumi stack export` as a user runs it (secrets stay encrypted, unlike Stack.exportStack()). */
export async function exportAsUser(stack: Stack): Promise<string> {
  const ws = stack.workspace as LocalWorkspace;
  const { stdout } = await promisify(execFile)(ws.pulumiCommand.command, ["stack", "export", "--stack", stack.name, "--non-interactive"], {
    cwd: ws.workDir,
    env: { ...process.env, ...ws.envVars },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

/** Every file the file:// backend wrote, concatenated (checkpoints, history, backups). */
export function backendFiles(backend: TempBackend): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p).toString("utf8"));
    }
  };
  walk(new URL(backend.backendUrl).pathname);
  return out.join("\n");
}

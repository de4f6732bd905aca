import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { ConfigMap, LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { AuthorizedClient } from "../../provider";
import { grantScopes, syntheticClientId } from "../../scripts/lib/big-org";
import { demoStackConfig } from "../../scripts/lib/demo-org";
import { inlineStack, Workspace } from "../../scripts/lib/pulumi-cli";
import { RESOURCE_TYPE } from "../../cli/preview";
import type { StateResource } from "../../provider/recovery";

/**
 * A stack whose program declares `n` grants of the synthetic org (bigOrgSeed), as the demo org's
 * deployer at `apiUrl`, with `config` besides.
 */
export async function syntheticStack(ws: Workspace, name: string, n: number, apiUrl: string, config: ConfigMap = {}): Promise<Stack> {
  const stack = await inlineStack(ws, {
    projectName: `grants-${name}`,
    stackName: name,
    program: async () => {
      for (let i = 0; i < n; i++) new AuthorizedClient(`grant-${i}`, { clientId: syntheticClientId(i), scopes: grantScopes(i) });
    },
  });
  await stack.setAllConfig({ ...demoStackConfig(apiUrl), ...config });
  return stack;
}

const OPS: Record<string, string> = { created: "create", updated: "update", deleted: "delete", replaced: "replace", unchanged: "same" };

/**
 * The changes an engine run reports in its own output (under "Resources:", as "+ 1 created" and "2 changes. 3 unchanged"),
 * keyed as Pulumi keys `resourceChanges`. Tests read this rather than a result's `summary`, which
 * the Automation API reads back from the stack's history after the run, in another CLI process.
 */
export function reportedChanges(stdout: string): Record<string, number> {
  const block = /^Resources:\n((?:[ \t]+\S.*\n?)*)/m.exec(stdout);
  if (!block) throw new Error(`the engine printed no "Resources:" summary:\n${stdout}`);
  const changes: Record<string, number> = {};
  for (const [, n, word] of block[1].matchAll(/(\d+) (\w+)/g)) {
    if (OPS[word]) changes[OPS[word]] = Number(n);
  }
  return changes;
}

/** The stack's AuthorizedClient resources, as its state records them. */
export async function grantsInState(stack: Stack): Promise<StateResource[]> {
  const resources = ((await stack.exportStack()).deployment.resources ?? []) as StateResource[];
  return resources.filter((r) => r.type === RESOURCE_TYPE);
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

/** Every file the workspace's file:// backend wrote, concatenated (checkpoints, history, backups). */
export function backendFiles(ws: Workspace): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(fs.readFileSync(p).toString("utf8"));
    }
  };
  walk(ws.backendDir);
  return out.join("\n");
}

/**
 * Runs an engine operation that must fail, handing it an output collector; returns the error's
 * message and everything the engine printed.
 */
export async function mustFail(op: (onOutput: (s: string) => void) => Promise<unknown>): Promise<string> {
  let output = "";
  const e = await op((s) => (output += s)).then(
    () => undefined,
    (err: Error) => err,
  );
  if (!e) throw new Error(`expected the operation to fail; it printed:\n${output}`);
  return `${e.message}\n${output}`;
}

/**
 * The stack, for engine operations whose result the test does not read. After each `up`, the
 * Automation API reads the stack back to fill the result's `outputs` and `summary`: two
 * `pulumi stack output` calls and a `pulumi stack history` (one after `refresh` and `destroy`),
 * 1.5 CPU-seconds of CLI starts and key derivations that change nothing. This view runs the same
 * engine operations without that read-back: its results carry no outputs and no summary. Use
 * the stack itself where a test reads them.
 */
export function withoutReadBack(stack: Stack): Stack {
  const lean = Object.create(stack) as Stack;
  Object.defineProperty(lean, "outputs", { value: async () => ({}) });
  Object.defineProperty(lean, "info", { value: async () => undefined });
  return lean;
}

/**
 * Asserts that every AuthorizedClient of an exported state (`pulumi stack export`) holds its
 * provider as a user's install has it: a reference to the package by name, not code.
 */
export function assertProviderByReference(exported: string): void {
  const resources = (JSON.parse(exported).deployment.resources ?? []) as StateResource[];
  const grants = resources.filter((r) => r.type === RESOURCE_TYPE);
  assert.ok(grants.length > 0, "no AuthorizedClient in the state");
  for (const g of grants) {
    for (const text of [g.inputs?.__provider, g.outputs?.__provider]) {
      assert.equal(typeof text, "string");
      assert.match(text as string, /require\("pulumi-genesys-grants\/dist\/provider\/provider\.js"\)/);
      assert.ok((text as string).length < 300, `the serialized provider of ${g.urn} is ${(text as string).length} bytes`);
    }
  }
}

import * as assert from "node:assert/strict";
import { Stack } from "@pulumi/pulumi/automation";
import { AuthorizedClient, AuthorizedClientArgs } from "../../provider";
import { RequestLogEntry } from "../../emulator";
import { bigOrgSeed, grantScopes, syntheticClientId } from "../../scripts/lib/big-org";
import { DEMO, EmulatorHandle } from "../support/emulator";
import { inlineStack, tempWorkspace, withShippedDefaults, Workspace } from "../../scripts/lib/pulumi-cli";
import { backendFiles, exportAsUser } from "../support/engine";

export interface ScenarioResult {
  scenario: string;
  grants: number;
  faults: string;
  retries: number;
  outcome: string;
}

/** Shared by the scenarios of one reliability file; its secrets scan reads what all of them produced. */
export class Reliability {
  emu!: EmulatorHandle;
  ws!: Workspace;
  stack!: Stack;
  declared: Record<string, AuthorizedClientArgs> = {};
  /** Every CLI output and error message of the suite. */
  output = "";
  /** Every exported state (as a user exports it) and backend file content. */
  states: string[] = [];
  results: ScenarioResult[] = [];
  /** Set by the secrets scenario: occurrences of any secret in every state and output. */
  secretsFound?: number;
  /** Stacks made so far: each scenario that renews gets a stack of its own name. */
  private stacks = 0;
  /** Seed of the emulator's fault draws; RELIABILITY_SEED replays a run. Every reset starts it again. */
  readonly seed = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Math.floor(Math.random() * 2 ** 32);
  readonly collect = (s: string) => {
    this.output += s;
  };

  async start(): Promise<void> {
    this.emu = await EmulatorHandle.start({ seed: bigOrgSeed(200), faultSeed: this.seed });
    // The shipped defaults: 300 requests a minute, 8 retries, 120 s of retrying (each scenario
    // that changes one says why, beside it).
    this.ws = withShippedDefaults(tempWorkspace("genesys-grants-reliability-"));
    await this.newStack();
  }

  private async newStack(): Promise<void> {
    this.stack = await inlineStack(this.ws, {
      projectName: "grants-reliability",
      stackName: `reliability-${++this.stacks}`,
      program: async () => {
        for (const [name, args] of Object.entries(this.declared)) new AuthorizedClient(name, args);
      },
    });
    await this.configure();
  }

  /**
   * Starts the next scenario on an empty stack, the last one's states already scanned
   * (exportState): cheaper than a destroy when the emulator is reset anyway.
   */
  async renew(): Promise<void> {
    await this.stack.workspace.removeStack(this.stack.name, { force: true });
    this.declare(0);
    await this.newStack();
  }

  async configure(values: Record<string, string> = {}): Promise<void> {
    const config: Record<string, string> = {
      "genesyscloud:apiUrl": this.emu.url,
      "genesyscloud:oauthclientId": DEMO.clientId,
      ...values,
    };
    // One `pulumi config set-all` (each CLI call costs a process start).
    await this.stack.setAllConfig({
      ...Object.fromEntries(Object.entries(config).map(([k, v]) => [k, { value: v }])),
      "genesyscloud:oauthclientSecret": { value: values["genesyscloud:oauthclientSecret"] ?? DEMO.clientSecret, secret: true },
    });
  }

  async stop(): Promise<void> {
    try {
      await this.stack?.workspace.removeStack(this.stack.name, { force: true });
    } finally {
      await this.emu?.close();
      this.ws?.remove();
    }
  }

  /** Declares grants 0..n-1 of the synthetic clients. */
  declare(n: number): void {
    this.declared = {};
    for (let i = 0; i < n; i++) this.declared[`grant-${i}`] = { clientId: syntheticClientId(i), scopes: grantScopes(i) };
  }

  /** The org holds exactly the declared synthetic grants: nothing missing, nothing extra. */
  async assertOrgMatches(): Promise<void> {
    const org = await this.emu.state();
    const live = new Map(
      org.authorizations
        .filter((a) => a.clientId.startsWith("5e1ec7ed") && a.state === "Authorized")
        .map((a) => [a.clientId, a.scope.slice().sort()]),
    );
    const want = new Map(Object.values(this.declared).map((d) => [d.clientId as string, (d.scopes as string[]).slice().sort()]));
    assert.deepEqual([...live.keys()].sort(), [...want.keys()].sort(), "authorized clients differ from the declaration");
    for (const [id, scopes] of want) assert.deepEqual(live.get(id), scopes, `scopes of ${id}`);
  }

  /** No request was retried sooner than the Retry-After its failed attempt carried. */
  static assertRetryAfterHonoured(log: RequestLogEntry[]): number {
    let checked = 0;
    log.forEach((entry, i) => {
      if (entry.status !== 429 || entry.retryAfter === undefined) return;
      const next = log.slice(i + 1).find((e) => e.method === entry.method && e.path === entry.path);
      if (!next) return;
      checked++;
      assert.ok(
        next.timeMs - entry.timeMs >= entry.retryAfter * 1000,
        `${entry.method} ${entry.path} retried after ${next.timeMs - entry.timeMs} ms, Retry-After ${entry.retryAfter} s`,
      );
    });
    return checked;
  }

  async exportState(): Promise<void> {
    this.states.push(await exportAsUser(this.stack), backendFiles(this.ws));
  }
}

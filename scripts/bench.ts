/**
 * `npm run bench [-- --quick] [-- --latency MS]`: what preview, up, refresh, a 10% re-scope and
 * destroy cost as the number of grants grows, on the real engine against the emulator (fixed
 * per-request latency), next to the floor: the same program shape with a no-op dynamic provider.
 * Writes bench/results/latest.json and prints a Markdown table.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, RunningEmulator } from "../emulator";
import { AuthorizedClient } from "../provider";
import { bigOrgSeed, grantScopes, syntheticClientId } from "./lib/big-org";
import { emulatorThroughput } from "./bench-emulator";
import { noopProvider } from "./bench-noop-provider";
import { inlineStack, REPO_ROOT, tempWorkspace, Workspace } from "./lib/pulumi-cli";
import { DEMO } from "./lib/demo-org";

const PHASES = ["up", "preview", "refresh", "rescope", "destroy"] as const;
type Phase = (typeof PHASES)[number];

interface Run {
  n: number;
  phase: Phase;
  wallMs: number;
  floorWallMs: number;
  ratio: number;
  requests: Record<string, number>;
  stateBytesPerResource: number;
  floorStateBytesPerResource: number;
  providerPeakRssMB: number | null;
}

class NoopGrant extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(noopProvider, name, { ...props, clientName: undefined, state: undefined }, undefined, "bench", "NoopGrant");
  }
}

/** Peak resident memory of dynamic-provider processes while `work` runs (Linux /proc; null elsewhere). */
async function withProviderPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; peakMB: number | null }> {
  if (!fs.existsSync("/proc/self/status")) return { result: await work(), peakMB: null };
  let peakKB = 0;
  const sample = () => {
    for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
      try {
        if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("dynamic-provider")) continue;
        const hwm = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        if (hwm) peakKB = Math.max(peakKB, Number(hwm[1]));
      } catch {
        // the process ended between the listing and the read
      }
    }
  };
  const timer = setInterval(sample, 100);
  try {
    const result = await work();
    sample();
    return { result, peakMB: peakKB ? Math.round(peakKB / 102.4) / 10 : null };
  } finally {
    clearInterval(timer);
  }
}

async function makeStack(name: string, program: () => Promise<void>, emulatorUrl: string, ws: Workspace): Promise<Stack> {
  const stack = await inlineStack(ws, { projectName: `bench-${name}`, stackName: "bench", program });
  await stack.setConfig("genesyscloud:apiUrl", { value: emulatorUrl });
  await stack.setConfig("genesyscloud:oauthclientId", { value: DEMO.clientId });
  await stack.setConfig("genesyscloud:oauthclientSecret", { value: DEMO.clientSecret, secret: true });
  return stack;
}

async function statePerResource(stack: Stack, n: number): Promise<number> {
  const resources = (await stack.exportStack()).deployment.resources ?? [];
  const grants = resources.filter((r: { type: string }) => r.type.endsWith(":AuthorizedClient") || r.type.endsWith(":NoopGrant"));
  return grants.length ? Math.round(JSON.stringify(grants).length / n) : 0;
}

/** Runs the five phases for N grants with one kind of resource; returns wall times, requests, state sizes. */
async function phases(kind: "ours" | "floor", n: number, emu: RunningEmulator) {
  const ws = tempWorkspace(`genesys-grants-bench-${kind}-`);
  let rescoped = 0;
  const program = async () => {
    for (let i = 0; i < n; i++) {
      const scopes = i < rescoped ? [...grantScopes(i), "routing:readonly"] : grantScopes(i);
      const args = { clientId: syntheticClientId(i), scopes };
      if (kind === "ours") new AuthorizedClient(`grant-${i}`, args);
      else new NoopGrant(`grant-${i}`, args);
    }
  };
  const stack = await makeStack(`${kind}-${n}`, program, emu.url, ws);
  const out: Partial<Record<Phase, { wallMs: number; requests: Record<string, number>; state: number; rss: number | null }>> = {};
  const log = emu.context.requestLog;
  try {
    for (const phase of PHASES) {
      if (phase === "rescope") rescoped = Math.ceil(n / 10);
      log.length = 0;
      const started = process.hrtime.bigint();
      const { peakMB } = await withProviderPeakRss(async () => {
        if (phase === "up" || phase === "rescope") await stack.up({ parallel: 8 });
        else if (phase === "preview") await stack.preview({ parallel: 8 });
        else if (phase === "refresh") await stack.refresh({ parallel: 8 });
        else await stack.destroy({ parallel: 8 });
      });
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      const requests: Record<string, number> = { GET: 0, PUT: 0, DELETE: 0, POST: 0 };
      for (const r of log) requests[r.method] = (requests[r.method] ?? 0) + 1;
      // What the org check costs: GET /api/v2/organizations/me (target: one per provider process).
      requests.orgReads = log.filter((r) => r.method === "GET" && r.path === "/api/v2/organizations/me").length;
      out[phase] = { wallMs: Math.round(wallMs), requests, state: phase === "destroy" ? 0 : await statePerResource(stack, n), rss: peakMB };
      process.stderr.write(`  ${kind} n=${n} ${phase}: ${Math.round(wallMs)} ms, ${JSON.stringify(requests)}\n`);
    }
  } finally {
    await stack.workspace.removeStack("bench", { force: true }).catch(() => undefined);
    ws.remove();
  }
  return out;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: "boolean" }, latency: { type: "string", default: "25" }, out: { type: "string" } } });
  const latencyMs = Number(values.latency);
  const sizes = values.quick ? [50, 200] : [50, 200, 1000];
  const emu = await startEmulator({ seed: bigOrgSeed(Math.max(...sizes)), latencyMs, env: {} });
  const runs: Run[] = [];
  const started = Date.now();
  try {
    for (const n of sizes) {
      await fetch(emu.url + "/__emulator/reset", { method: "POST" });
      const floor = await phases("floor", n, emu);
      const ours = await phases("ours", n, emu);
      for (const phase of PHASES) {
        const o = ours[phase]!;
        const f = floor[phase]!;
        runs.push({
          n,
          phase,
          wallMs: o.wallMs,
          floorWallMs: f.wallMs,
          ratio: Math.round((o.wallMs / f.wallMs) * 100) / 100,
          requests: o.requests,
          stateBytesPerResource: o.state,
          floorStateBytesPerResource: f.state,
          providerPeakRssMB: o.rss,
        });
      }
    }
  } finally {
    await emu.close();
  }
  const throughput = await emulatorThroughput(values.quick ? 5_000 : 20_000);
  process.stderr.write(`  emulator: ${throughput.requestsPerSecond} GET/s (p50 ${throughput.p50Ms} ms, p99 ${throughput.p99Ms} ms)\n`);
  const result = {
    latencyMs,
    quick: Boolean(values.quick),
    machine: `${process.platform} ${process.arch}, ${os.cpus().length} cores, node ${process.version}`,
    durationS: Math.round((Date.now() - started) / 1000),
    runs,
    emulatorThroughput: { endpoint: "GET /api/v2/oauth/authorizations/{id}", ...throughput },
  };
  const file = values.out ?? path.join(REPO_ROOT, "bench", "results", "latest.json");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(result, null, 2) + "\n");
  const t = result.emulatorThroughput;
  process.stdout.write(
    markdown(result) +
      `\n\nEmulator: ${t.requestsPerSecond} requests/s for ${t.endpoint} (${t.requests} requests, ${t.concurrency} keep-alive connections, p50 ${t.p50Ms} ms, p99 ${t.p99Ms} ms, ${t.errors} errors).\n` +
      `written to ${path.relative(process.cwd(), file)} in ${result.durationS} s\n`,
  );
}

export function markdown(r: { latencyMs: number; runs: Run[] }): string {
  const rows = r.runs.map(
    (x) =>
      `| ${x.n} | ${x.phase} | ${x.wallMs} | ${x.floorWallMs} | ${x.ratio.toFixed(2)} | ${x.requests.GET} / ${x.requests.PUT} / ${x.requests.DELETE} / ${x.requests.POST} | ${x.requests.orgReads ?? "—"} | ${x.stateBytesPerResource || "—"} | ${x.providerPeakRssMB ?? "—"} |`,
  );
  return [
    `Emulator latency ${r.latencyMs} ms per request; engine parallelism 8.`,
    "",
    "| grants | phase | wall ms | floor ms | ratio | requests GET / PUT / DELETE / POST | of which org reads | state bytes per grant | provider peak RSS MB |",
    "|---|---|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

if (require.main === module) {
  main().catch((e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

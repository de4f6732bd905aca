/**
 * `npm run bench [-- --quick] [-- --repeats R] [-- --latency MS]`: what preview, up, refresh, a
 * 10% re-scope and destroy cost as the number of grants grows, on the real engine against the
 * emulator (fixed per-request latency), next to the floor: the same program shape with a no-op
 * dynamic provider. Each size runs R times (default 3), floor and ours interleaved (floor, ours,
 * floor, ours, …), so that a slow moment of the machine falls on both. Each phase reports the
 * median, min and max of both, and the ratio of the medians, held to its target (preview and
 * refresh ≤ 1.2, the others ≤ 1.3); a result whose spread is wider than the gap it shows is
 * marked as noise. Writes bench/results/latest.json (every sample) and prints a Markdown table.
 *
 * `-- --budget [--pools 1,10] [--grants 1000]`: an `up` of N grants against the vendor's three
 * limits, at each pool size, next to its two floors (budgetRun, engineFloorRun);
 * `-- --review`: the access review at 20 orgs × 500 apps (bench-review.ts);
 * `-- --startup`: genesys-grants's start-up (bench-startup.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import { Stack } from "@pulumi/pulumi/automation";
import { startEmulator, RunningEmulator } from "../emulator";
import { bigOrgSeed, grantScopes, syntheticClientId } from "./lib/big-org";
import { emulatorThroughput } from "./bench-emulator";
import { noopProvider } from "./bench-noop-provider";
import { inlineStack, REPO_ROOT, tempWorkspace, withShippedDefaults, Workspace } from "./lib/pulumi-cli";
import { markdownTable } from "../common/text";
import { demoStackConfig } from "./lib/demo-org";
import { userProject } from "./lib/user-project";
import { startupBench } from "./bench-startup";
import { reviewBench } from "./bench-review";
import { Samples, summarize } from "./lib/samples";

const PHASES = ["up", "preview", "refresh", "rescope", "destroy"] as const;
type Phase = (typeof PHASES)[number];

/** The most a phase may cost over the floor, as a ratio of medians. */
const TARGET: Record<Phase, number> = { up: 1.3, preview: 1.2, refresh: 1.2, rescope: 1.3, destroy: 1.3 };

/** The samples of one measure, and their median and range. */
interface Run {
  n: number;
  phase: Phase;
  /** Medians, in ms. */
  wallMs: number;
  floorWallMs: number;
  /** The ratio of the medians. */
  ratio: number;
  ours: Samples;
  floor: Samples;
  target: number;
  meetsTarget: boolean;
  /** The spread of either side is wider than the gap between the medians: no claim either way. */
  noise: boolean;
  requests: Record<string, number>;
  stateBytesPerResource: number;
  floorStateBytesPerResource: number;
  providerPeakRssMB: number | null;
}

/**
 * This package as a user's project holds it, and the program run from that project's folder
 * (userProject). From there, as in a user's project, Pulumi serializes the provider as a
 * reference to the package (provider/provider.ts); loaded from `dist/`, it would write it out by
 * value. The bench's process works in that folder until it ends.
 */
function installedPackage(): { AuthorizedClient: typeof import("../provider").AuthorizedClient; remove(): void } {
  const project = userProject("genesys-grants-bench-project-");
  const cwd = process.cwd();
  process.chdir(project.root);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AuthorizedClient } = require(project.dir) as typeof import("../provider");
  return {
    AuthorizedClient,
    remove: () => {
      process.chdir(cwd);
      project.remove();
    },
  };
}

/** The package as installed, for the whole run of the bench (removed when it ends). */
let installed: ReturnType<typeof installedPackage> | undefined;
function AuthorizedClientAsInstalled() {
  installed ??= installedPackage();
  return installed.AuthorizedClient;
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
  await stack.setAllConfig(demoStackConfig(emulatorUrl));
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
  const AuthorizedClient = AuthorizedClientAsInstalled();
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

/** The vendor's limits, as the budget bench runs the emulator with them. */
const VENDOR = { perToken: 300, perApp: 3000, loginsPer10s: 5 };

/**
 * `up` of N grants against the vendor's three limits, with a pool of `pool` tokens: the emulator
 * refuses past 300 requests a minute per token, 3,000 per app and 5 logins per 10 s (modelled),
 * and the provider runs at its shipped settings but the pool size. The budget floor is the
 * requests ÷ the effective budget (min(pool × 300, 3,000) a minute): no client can do better.
 */
async function budgetRun(n: number, pool: number, latencyMs: number) {
  const emu = await startEmulator({
    seed: bigOrgSeed(n),
    latencyMs,
    rateLimitPerMinute: VENDOR.perToken,
    appRateLimitPerMinute: VENDOR.perApp,
    loginRateLimit: VENDOR.loginsPer10s,
    env: {},
  });
  const ws = withShippedDefaults(tempWorkspace("genesys-grants-bench-budget-", { GENESYSCLOUD_TOKEN_POOL_SIZE: String(pool) }));
  try {
    const AuthorizedClient = AuthorizedClientAsInstalled();
    const program = async () => {
      for (let i = 0; i < n; i++) new AuthorizedClient(`grant-${i}`, { clientId: syntheticClientId(i), scopes: grantScopes(i) });
    };
    const stack = await makeStack(`budget-${n}`, program, emu.url, ws);
    const started = process.hrtime.bigint();
    await stack.up({ parallel: 8 });
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
    const log = emu.context.requestLog;
    const api = log.filter((e) => e.path.startsWith("/api/"));
    const logins = log.filter((e) => e.path === "/oauth/token");
    const refused = api.filter((e) => e.status === 429).length;
    const perMinute = Math.min(pool * VENDOR.perToken, VENDOR.perApp);
    await stack.workspace.removeStack("bench", { force: true }).catch(() => undefined);
    return {
      n,
      pool,
      wallMs: Math.round(wallMs),
      requests: api.length,
      refused,
      refusedShare: refused / api.length,
      tokensMinted: logins.filter((e) => e.status === 200).length,
      loginsRefused: logins.filter((e) => e.status !== 200).length,
      budgetFloorMs: Math.round(((api.length - refused) / perMinute) * 60_000),
    };
  } finally {
    ws.remove();
    await emu.close();
  }
}

/** The engine floor: the same program's `up` with a no-op provider, against no org. */
async function engineFloorRun(n: number): Promise<number> {
  const ws = tempWorkspace("genesys-grants-bench-floor-");
  try {
    const program = async () => {
      for (let i = 0; i < n; i++) new NoopGrant(`grant-${i}`, { clientId: syntheticClientId(i), scopes: grantScopes(i) });
    };
    const stack = await makeStack(`floor-${n}`, program, "http://127.0.0.1:9", ws);
    const started = process.hrtime.bigint();
    await stack.up({ parallel: 8 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    await stack.workspace.removeStack("bench", { force: true }).catch(() => undefined);
    return Math.round(ms);
  } finally {
    ws.remove();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean" },
      repeats: { type: "string", default: "3" },
      latency: { type: "string", default: "25" },
      out: { type: "string" },
      budget: { type: "boolean" },
      pools: { type: "string", default: "1,10" },
      grants: { type: "string", default: "1000" },
      startup: { type: "boolean" },
      review: { type: "boolean" },
      orgs: { type: "string", default: "20" },
      apps: { type: "string", default: "500" },
    },
  });
  if (values.review) {
    const x = await reviewBench({ orgs: Number(values.orgs), apps: Number(values.apps), repeats: Number(values.repeats) });
    const file = values.out ?? path.join(REPO_ROOT, "bench", "results", "review.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(x, null, 2) + "\n");
    const cell = (s: Samples) => `${s.median} (${s.min}–${s.max})`;
    process.stdout.write(
      `access review of ${x.orgs} orgs × ${x.appsPerOrg} apps: ${x.rows} rows, an HTML page of ${(x.pageBytes / 1e6).toFixed(1)} MB; ` +
        `${values.repeats} run(s), median (min–max) in ms\n` +
        markdownTable(
          ["generate (genesys-grants review --fleet)", "open in Chromium", "search", "filter by org"],
          [[cell(x.generateMs), cell(x.openMs), cell(x.searchMs), cell(x.filterMs)]],
        ).join("\n") +
        `\nwritten to ${path.relative(process.cwd(), file)}\n`,
    );
    return;
  }
  if (values.startup) {
    const rows = startupBench(Number(values.repeats === "3" ? "21" : values.repeats));
    process.stdout.write(
      markdownTable(
        ["command", "every command's modules loaded (ms)", "what it uses (ms)"],
        rows.map((r) => [r.command, String(r.eagerMs), String(r.lazyMs)]),
      ).join("\n") + "\n",
    );
    return;
  }
  if (values.budget) {
    const n = Number(values.grants);
    const repeats = Number(values.repeats);
    const pools = String(values.pools)
      .split(",")
      .map((p) => Number(p));
    const rows: string[][] = [];
    const all: Record<string, unknown> = {};
    for (const pool of pools) {
      const runs = [];
      for (let r = 0; r < repeats; r++) {
        // The engine floor and ours, interleaved, so that a slow moment of the machine falls on both.
        const engineFloorMs = await engineFloorRun(n);
        const x = await budgetRun(n, pool, Number(values.latency));
        const floor = Math.max(x.budgetFloorMs, engineFloorMs);
        const run = { ...x, engineFloorMs, ratio: Math.round((x.wallMs / floor) * 100) / 100 };
        process.stderr.write(
          `  pool ${pool}, up of ${n}: ${x.wallMs} ms for ${x.requests} API requests (${x.refused} answered 429), ${x.tokensMinted} token(s) minted, ` +
            `${x.loginsRefused} login(s) refused; budget floor ${x.budgetFloorMs} ms, engine floor ${engineFloorMs} ms; ratio ${run.ratio}\n`,
        );
        runs.push(run);
      }
      const sum = {
        wallMs: summarize(runs.map((x) => x.wallMs)),
        budgetFloorMs: summarize(runs.map((x) => x.budgetFloorMs)),
        engineFloorMs: summarize(runs.map((x) => x.engineFloorMs)),
        ratio: summarize(runs.map((x) => Math.round(x.ratio * 100))),
        refused: summarize(runs.map((x) => x.refused)),
        requests: summarize(runs.map((x) => x.requests)),
        tokensMinted: summarize(runs.map((x) => x.tokensMinted)),
        loginsRefused: summarize(runs.map((x) => x.loginsRefused)),
      };
      all[`pool${pool}`] = { summary: sum, runs };
      const s = (x: Samples, scale = 1, unit = "") => `${x.median / scale}${unit} (${x.min / scale}–${x.max / scale})`;
      rows.push([
        String(pool),
        s(sum.wallMs, 1000, " s"),
        s(sum.budgetFloorMs, 1000, " s"),
        s(sum.engineFloorMs, 1000, " s"),
        s(sum.ratio, 100),
        `${s(sum.refused)} of ${sum.requests.median}`,
        s(sum.tokensMinted),
        s(sum.loginsRefused),
      ]);
    }
    const file = values.out ?? path.join(REPO_ROOT, "bench", "results", "budget.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          machine: `${process.platform} ${process.arch}, ${os.cpus().length} cores, node ${process.version}`,
          grants: n,
          limits: VENDOR,
          latencyMs: Number(values.latency),
          ...all,
        },
        null,
        2,
      ) + "\n",
    );
    process.stdout.write(
      `up of ${n} grants within the vendor's limits (${VENDOR.perToken}/min per token, ${VENDOR.perApp}/min per app, ${VENDOR.loginsPer10s} logins per 10 s), ` +
        `${repeats} run(s) per pool size, median (min–max):\n` +
        markdownTable(
          ["pool", "wall", "budget floor", "engine floor", "ratio to the larger", "answered 429", "tokens minted", "logins refused"],
          rows,
        ).join("\n") +
        `\nwritten to ${path.relative(process.cwd(), file)}\n`,
    );
    return;
  }
  const latencyMs = Number(values.latency);
  const repeats = Number(values.repeats);
  if (!Number.isInteger(repeats) || repeats < 1) throw new Error(`--repeats must be a whole number above 0, got "${values.repeats}"`);
  const sizes = values.quick ? [50, 200] : [50, 200, 1000];
  const emu = await startEmulator({ seed: bigOrgSeed(Math.max(...sizes)), latencyMs, env: {} });
  const runs: Run[] = [];
  const started = Date.now();
  try {
    for (const n of sizes) {
      const floors: Awaited<ReturnType<typeof phases>>[] = [];
      const ourss: Awaited<ReturnType<typeof phases>>[] = [];
      for (let r = 0; r < repeats; r++) {
        await fetch(emu.url + "/__emulator/reset", { method: "POST" });
        floors.push(await phases("floor", n, emu));
        ourss.push(await phases("ours", n, emu));
      }
      for (const phase of PHASES) {
        const ours = summarize(ourss.map((x) => x[phase]!.wallMs));
        const floor = summarize(floors.map((x) => x[phase]!.wallMs));
        const last = ourss[ourss.length - 1][phase]!;
        const ratio = Math.round((ours.median / floor.median) * 100) / 100;
        const gap = Math.abs(ours.median - floor.median);
        runs.push({
          n,
          phase,
          wallMs: ours.median,
          floorWallMs: floor.median,
          ratio,
          ours,
          floor,
          target: TARGET[phase],
          meetsTarget: ratio <= TARGET[phase],
          noise: Math.max(ours.max - ours.min, floor.max - floor.min) > gap,
          requests: last.requests,
          stateBytesPerResource: last.state,
          floorStateBytesPerResource: floors[floors.length - 1][phase]!.state,
          providerPeakRssMB: Math.max(...ourss.map((x) => x[phase]!.rss ?? 0)) || null,
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
    repeats,
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

export function markdown(r: { latencyMs: number; repeats?: number; runs: Run[] }): string {
  const range = (x: Samples) => `${x.min}–${x.max}`;
  const rows = r.runs.map((x) => [
    String(x.n),
    x.phase,
    `${x.wallMs} (${range(x.ours)})`,
    `${x.floorWallMs} (${range(x.floor)})`,
    x.ratio.toFixed(2),
    `≤ ${x.target} ${x.meetsTarget ? "✔" : "✘"}${x.noise ? " (noise)" : ""}`,
    `${x.requests.GET} / ${x.requests.PUT} / ${x.requests.DELETE} / ${x.requests.POST}`,
    String(x.requests.orgReads ?? "—"),
    String(x.stateBytesPerResource || "—"),
    String(x.providerPeakRssMB ?? "—"),
  ]);
  return [
    `Emulator latency ${r.latencyMs} ms per request; engine parallelism 8; ${r.repeats ?? 1} runs of each, floor and ours interleaved; median (min–max).`,
    "",
    ...markdownTable(
      [
        "grants",
        "phase",
        "wall ms",
        "floor ms",
        "ratio of medians",
        "target",
        "requests GET / PUT / DELETE / POST",
        "of which org reads",
        "state bytes per grant",
        "provider peak RSS MB",
      ],
      rows,
    ),
  ].join("\n");
}

if (require.main === module) {
  main().then(
    () => installed?.remove(),
    (e) => {
      installed?.remove();
      process.stderr.write(`bench failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}

/**
 * `npm run bench -- --review [--orgs N] [--apps M] [--repeats R]`: the access review at scale, as a
 * reviewer meets it. N orgs (default 20) of M authorized apps each (default 500) behind one
 * emulator; for each of R runs: the time `genesys-grants review --fleet` takes to read every org
 * and write the HTML page (a new process, as a user runs it), then, in Chromium from file://, the
 * time from opening the page to its table being built, and the time a search and a filter take to
 * show their rows (measured in the page, through the next frame). Prints medians (min–max).
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../emulator";
import { asAnotherOrg, authorizedBigOrg } from "./lib/big-org";
import { withChromium } from "./lib/chromium";
import { DEMO } from "./lib/demo-org";
import { REPO_ROOT } from "./lib/pulumi-cli";
import { summarize } from "./lib/samples";

/** Whole milliseconds, for the report. */
const ms = (xs: number[]) => summarize(xs.map((x) => Math.round(x)));

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [path.join(REPO_ROOT, "dist", "cli", "main.js"), ...args], {
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) =>
      // 1: the review found apps no code manages (all of them, here).
      code === 0 || code === 1
        ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
        : reject(new Error(`review exited ${code}: ${err}`)),
    );
  });
}

/** In the page: `act` (source text), then the time until the frame after it has been drawn. */
const timed = (act: string) => `new Promise((resolve) => {
  const t0 = performance.now();
  ${act}
  requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
})`;

export async function reviewBench(o: { orgs: number; apps: number; repeats: number }) {
  const seeds = Array.from({ length: o.orgs }, (_, i) => {
    const seed = authorizedBigOrg(o.apps);
    const renamed = i === 0 ? new Map<string, string>() : asAnotherOrg(seed, i, `Org ${i}`);
    return { seed, clientId: renamed.get(DEMO.clientId) ?? DEMO.clientId };
  });
  const emu = await startEmulator({ seed: seeds[0].seed, orgs: seeds.slice(1).map((s) => s.seed), env: {} });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grants-bench-review-"));
  try {
    const env: NodeJS.ProcessEnv = { ...process.env };
    const fleet = ["orgs:"];
    seeds.forEach((s, i) => {
      env[`ORG${i}_ID`] = s.clientId;
      env[`ORG${i}_SECRET`] = DEMO.clientSecret;
      fleet.push(`  - name: org-${i}`, `    apiUrl: ${emu.url}`, `    clientIdEnv: ORG${i}_ID`, `    clientSecretEnv: ORG${i}_SECRET`);
    });
    fs.writeFileSync(path.join(dir, "fleet.yaml"), fleet.join("\n") + "\n");
    const page = path.join(dir, "review.html");
    const runs: { generateMs: number; openMs: number; searchMs: number; filterMs: number; rows: number; bytes: number }[] = [];
    await withChromium(async (browser) => {
      for (let r = 0; r < o.repeats; r++) {
        const generateMs = await cli(["review", "--fleet", path.join(dir, "fleet.yaml"), "--out", page], env);
        const tab = await browser.newPage();
        const started = process.hrtime.bigint();
        await tab.goto("file://" + page);
        await tab.waitForSelector("body[data-ready=true]", { timeout: 120_000 });
        const openMs = Number(process.hrtime.bigint() - started) / 1e6;
        const rows = Number(((await tab.textContent("#shown")) ?? "").split(" ")[0]);
        const searchMs = (await tab.evaluate(
          timed(`const s = document.getElementById("search"); s.value = "synthetic app 0042"; s.dispatchEvent(new Event("input"));`),
        )) as number;
        const filterMs = (await tab.evaluate(
          timed(
            `const s = document.getElementById("search"); s.value = ""; const o = document.getElementById("filter-org"); o.value = "org-7"; o.dispatchEvent(new Event("change"));`,
          ),
        )) as number;
        await tab.close();
        runs.push({ generateMs, openMs, searchMs, filterMs, rows, bytes: fs.statSync(page).size });
        process.stderr.write(
          `  run ${r + 1}: generate ${Math.round(generateMs)} ms, open ${Math.round(openMs)} ms, search ${Math.round(searchMs)} ms, filter ${Math.round(filterMs)} ms (${rows} rows)\n`,
        );
      }
    });
    return {
      machine: `${process.platform} ${process.arch}, ${os.cpus().length} cores, node ${process.version}`,
      orgs: o.orgs,
      appsPerOrg: o.apps,
      rows: runs[0].rows,
      pageBytes: runs[0].bytes,
      generateMs: ms(runs.map((x) => x.generateMs)),
      openMs: ms(runs.map((x) => x.openMs)),
      searchMs: ms(runs.map((x) => x.searchMs)),
      filterMs: ms(runs.map((x) => x.filterMs)),
      runs,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await emu.close();
  }
}

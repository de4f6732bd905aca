/**
 * `npm run test:slow`: the end-to-end and reliability spec files, found by pattern, each in a
 * mocha process of its own, three at a time, longest first so that the lanes finish together.
 * Each file's length is what it took last time on this machine (kept in the cache, outside the repository), else its
 * figure in test/slow-durations.json; a file with neither goes first. The run then fails if it
 * left a process running (leftovers.ts). Arguments are passed to mocha (`--grep …`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn } from "node:child_process";
import { cacheRoot } from "../../scripts/lib/toolchains";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";
import { runChecked } from "./leftovers";

export const SLOW_DIRS = ["dist/test/e2e", "dist/test/reliability"];
const COMMITTED = path.join(REPO_ROOT, "test", "slow-durations.json");
const MEASURED = path.join(cacheRoot(), "slow-durations.json");

/** The spec files of the slow suite, relative to the repository. */
export function slowSpecs(root = REPO_ROOT): string[] {
  return SLOW_DIRS.flatMap((dir) =>
    fs.existsSync(path.join(root, dir))
      ? fs
          .readdirSync(path.join(root, dir))
          .filter((f) => f.endsWith(".spec.js"))
          .map((f) => `${dir}/${f}`)
      : [],
  );
}

/** Longest first; a file with no known length first of all, then by name (a stable order). */
export function longestFirst(files: string[], seconds: Record<string, number>): string[] {
  const length = (f: string) => seconds[f] ?? Number.POSITIVE_INFINITY;
  return [...files].sort((a, b) => length(b) - length(a) || a.localeCompare(b));
}

function read(file: string): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return {};
  }
}

/**
 * Runs each spec file in a mocha process of its own, `lanes` at a time, longest first; prints each
 * file's report whole when it ends, and resolves with 1 if any failed. A file never shares its
 * process with another: the Automation API runs inline programs in the test's own process, and
 * what one file's runs leave in the Pulumi SDK's process-wide state (its runtime settings, its
 * connections) must not reach the next file's runs. Shared worker processes let that happen:
 * a run then registered its resources with an earlier run's engine, and failed.
 */
async function runFiles(files: string[], extra: string[], lanes = 3): Promise<number> {
  const mocha = path.join(REPO_ROOT, "node_modules", "mocha", "bin", "mocha.js");
  const queue = [...files];
  let failed = 0;
  const lane = async (): Promise<void> => {
    for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
      const args = [
        mocha,
        "--config",
        ".mocharc.json",
        "--timeout",
        "600000",
        "--require",
        "dist/test/support/durations.js",
        ...extra,
        file,
      ];
      const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
      let report = "";
      child.stdout.on("data", (d) => (report += d));
      child.stderr.on("data", (d) => (report += d));
      const code = await new Promise<number>((resolve) => child.on("close", (c) => resolve(c ?? 1)));
      process.stdout.write(`\n=== ${file}${code === 0 ? "" : ` (exit ${code})`}\n${report}`);
      if (code !== 0) failed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, files.length) }, lane));
  process.stdout.write(`\n=== ${files.length - failed} of ${files.length} spec files passed, each in a process of its own\n`);
  return failed > 0 ? 1 : 0;
}

async function main(extra: string[]): Promise<number> {
  const known = { ...read(COMMITTED), ...read(MEASURED) };
  const files = longestFirst(slowSpecs(), known);
  const recorded = fs.mkdtempSync(path.join(os.tmpdir(), "grants-durations-"));
  // No retry: a test that fails once fails the run. The run goes through this same script
  // (--files), under the leftovers check, which follows every process it starts.
  const code = await runChecked(process.execPath, [__filename, "--files", ...extra, "--", ...files], {
    ...process.env,
    SLOW_DURATIONS_DIR: recorded,
  });
  const measured = { ...read(MEASURED) };
  for (const f of fs.readdirSync(recorded)) {
    const { file, seconds } = JSON.parse(fs.readFileSync(path.join(recorded, f), "utf8"));
    measured[file] = seconds;
  }
  fs.rmSync(recorded, { recursive: true, force: true });
  if (extra.length === 0) {
    fs.mkdirSync(path.dirname(MEASURED), { recursive: true });
    fs.writeFileSync(MEASURED, JSON.stringify(measured, null, 2) + "\n");
  }
  return code;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const run = argv[0] === "--files" ? runFiles(argv.slice(argv.indexOf("--") + 1), argv.slice(1, argv.indexOf("--"))) : main(argv);
  void run.then((code) => (process.exitCode = code));
}

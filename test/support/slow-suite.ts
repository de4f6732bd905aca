/**
 * `npm run test:slow`: the end-to-end and reliability spec files, found by pattern, in one mocha
 * run on three workers, longest first so that the workers finish together. Each file's length is
 * what it took last time on this machine (kept in the cache, outside the repository), else its
 * figure in test/slow-durations.json; a file with neither goes first. The run then fails if it
 * left a process running (leftovers.ts). Arguments are passed to mocha (`--grep …`).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
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

async function main(extra: string[]): Promise<number> {
  const known = { ...read(COMMITTED), ...read(MEASURED) };
  const files = longestFirst(slowSpecs(), known);
  const recorded = fs.mkdtempSync(path.join(os.tmpdir(), "grants-durations-"));
  const mocha = path.join(REPO_ROOT, "node_modules", "mocha", "bin", "mocha.js");
  // One retry per test. The Automation API runs inline programs in the mocha workers, and a run
  // that fails (a refused check, by design) can leave promises of its program that reject after it
  // ended; Pulumi's language server takes an unhandled rejection during the next run of the same
  // process as that run's failure (`14 UNAVAILABLE: No connection established`). Seen once in
  // about ten whole runs; a test that fails twice fails the run.
  const args = [
    mocha,
    "--config",
    ".mocharc.json",
    "--parallel",
    "--jobs",
    "3",
    "--timeout",
    "600000",
    "--retries",
    "1",
    "--require",
    "dist/test/support/durations.js",
    ...extra,
    ...files,
  ];
  const code = await runChecked(process.execPath, args, { ...process.env, SLOW_DURATIONS_DIR: recorded });
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

if (require.main === module) void main(process.argv.slice(2)).then((code) => (process.exitCode = code));

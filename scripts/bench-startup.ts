/**
 * `npm run bench -- --startup`: how long genesys-grants takes to start, for `--help` and for
 * `diff --offline` on a preview, as a user runs it (a new Node.js process each time, median of R).
 * "Eager" preloads every command's modules first (`-r`), as the CLI did before each command
 * loaded what it uses: the difference is what a command that needs no org no longer pays.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./lib/pulumi-cli";

const MAIN = path.join(REPO_ROOT, "dist", "cli", "main.js");
const EAGER = ["org", "doctor", "recover", "export", "audit"].map((m) => path.join(REPO_ROOT, "dist", "cli", `${m}.js`));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) * 10) / 10;
}

function timeOf(args: string[], eager: boolean): number {
  const pre = eager ? EAGER.flatMap((m) => ["-r", m]) : [];
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [...pre, MAIN, ...args], { stdio: "ignore" });
  if (r.status !== 0) throw new Error(`genesys-grants ${args.join(" ")} exited ${r.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export function startupBench(repeats: number): { command: string; eagerMs: number; lazyMs: number }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-startup-"));
  try {
    const preview = path.join(dir, "preview.json");
    fs.writeFileSync(preview, JSON.stringify({ steps: [], changeSummary: {} }));
    const commands = [["--help"], ["diff", "--offline", preview]];
    return commands.map((args) => {
      const eager: number[] = [];
      const lazy: number[] = [];
      // Interleaved, so that the machine's drift falls on both alike.
      for (let i = 0; i < repeats; i++) {
        eager.push(timeOf(args, true));
        lazy.push(timeOf(args, false));
      }
      return {
        command: `genesys-grants ${args[0] === "diff" ? "diff --offline" : args.join(" ")}`,
        eagerMs: median(eager),
        lazyMs: median(lazy),
      };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `npm run test:mutation`: how much of the deciding modules' behaviour the tests would catch
 * breaking. It measures line coverage with c8 over the tests Stryker uses, then runs Stryker
 * (stryker.config.mjs), then prints, per mutated module, the mutants, how many the tests killed,
 * the survivors and the score, beside the module's line coverage. Writes
 * bench/results/mutation.json. A benchmark: its table goes to docs/measurements.md.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { markdownTable } from "../common/text";
import { REPO_ROOT } from "./lib/pulumi-cli";

interface StrykerConfig {
  mutate: string[];
  mochaOptions: { spec: string[] };
}

type MutantStatus = "Killed" | "Survived" | "NoCoverage" | "Timeout" | "CompileError" | "RuntimeError" | "Ignored" | "Pending";

interface Report {
  files: Record<
    string,
    { mutants: { status: MutantStatus; mutatorName: string; location: { start: { line: number } }; replacement?: string }[] }
  >;
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}`);
}

async function main(): Promise<void> {
  const config = (await import(path.join(REPO_ROOT, "stryker.config.mjs"))).default as StrykerConfig;
  const bin = (name: string) => path.join(REPO_ROOT, "node_modules", ".bin", name);
  const coverageDir = path.join(REPO_ROOT, "reports", "coverage");
  run(bin("c8"), [
    "--reporter=json-summary",
    "--report-dir",
    coverageDir,
    ...config.mutate.flatMap((m) => ["--include", `dist/${m.replace(/\.ts$/, ".js")}`]),
    bin("mocha"),
    "--config",
    ".mocharc.json",
    "--reporter",
    "dot",
    ...config.mochaOptions.spec,
  ]);
  run(bin("stryker"), ["run"]);
  const report = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "reports", "mutation", "mutation.json"), "utf8")) as Report;
  const coverage = JSON.parse(fs.readFileSync(path.join(coverageDir, "coverage-summary.json"), "utf8")) as Record<
    string,
    { lines: { pct: number } }
  >;
  const rows = config.mutate.map((file) => {
    const mutants = report.files[file]?.mutants ?? [];
    const count = (...s: MutantStatus[]) => mutants.filter((m) => s.includes(m.status)).length;
    const detected = count("Killed", "Timeout");
    const valid = detected + count("Survived", "NoCoverage");
    const js = path.join(REPO_ROOT, "dist", file.replace(/\.ts$/, ".js"));
    return {
      file,
      mutants: valid,
      killed: detected,
      survived: count("Survived"),
      noCoverage: count("NoCoverage"),
      score: valid ? Math.round((detected / valid) * 1000) / 10 : 100,
      lines: coverage[js]?.lines.pct ?? null,
      survivors: mutants
        .filter((m) => m.status === "Survived" || m.status === "NoCoverage")
        .map(
          (m) =>
            `${file}:${m.location.start.line} ${m.mutatorName}${m.replacement ? ` → ${m.replacement.replace(/\s+/g, " ").slice(0, 60)}` : ""}`,
        ),
    };
  });
  const out = path.join(REPO_ROOT, "bench", "results", "mutation.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ date: new Date().toISOString().slice(0, 10), modules: rows }, null, 2) + "\n");
  process.stdout.write(
    markdownTable(
      ["module", "mutants", "killed", "survived", "no coverage", "score", "lines covered (c8)"],
      rows.map((r) => [
        r.file,
        String(r.mutants),
        String(r.killed),
        String(r.survived),
        String(r.noCoverage),
        `${r.score}%`,
        r.lines === null ? "—" : `${r.lines}%`,
      ]),
    ).join("\n") + `\nsurvivors listed in ${path.relative(process.cwd(), out)}\n`,
  );
}

main().catch((e) => {
  process.stderr.write(`test:mutation failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});

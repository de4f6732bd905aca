#!/usr/bin/env node
// Runs the README's Quick start as written: the shell blocks of its "Quick start" section, read
// from README.md itself, in order, in one bash (set -euo pipefail) from the repository root, as a
// newcomer would paste them, with a home directory of their own. Then compiles every TypeScript
// block of the README in the project the Quick start made. Exits non-zero when either fails.
//
//   node scripts/quickstart.js        (CI runs it first, on a fresh clone: its `npm ci` is the one
//                                      that installs the repository for the test suite after it)
//
// Plain JavaScript, so that it runs before anything is installed or built.
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const REPO_ROOT = path.resolve(__dirname, "..");

/** The longest the Quick start may take (npm installs included). */
const DEADLINE_MS = 15 * 60_000;

/** The fenced blocks of one language in `text`. */
function blocks(text, lang) {
  return [...text.matchAll(new RegExp("^```" + lang + "\\n([^]*?)^```", "gm"))].map((m) => m[1]);
}

/** The text of the section under `heading` (a `## ` line), up to the next `## `. */
function section(text, heading) {
  const start = text.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = text.indexOf("\n## ", start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

function main() {
  const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
  const shell = blocks(section(readme, "Quick start"), "sh");
  if (shell.length === 0) throw new Error("the Quick start has no sh block");
  const home = fs.mkdtempSync(path.join(os.tmpdir(), "grants-quickstart-"));
  const realHome = os.homedir();
  // A newcomer's environment: no GENESYSCLOUD_* or PULUMI_* setting, a home of their own. The npm
  // cache and the engine cache stay shared, so the run downloads and builds nothing twice.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GENESYSCLOUD_|PULUMI_|npm_)/i.test(k)));
  Object.assign(env, {
    // The newcomer's Node.js is a supported one: the repository's own (Node.js 26, which the
    // Quick start's first command, npm ci, installs) comes first, whatever this machine carries.
    PATH: `${path.join(REPO_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
    HOME: home,
    // The Pulumi CLI finds its home from the user database, not HOME: give it the new one too.
    PULUMI_HOME: path.join(home, ".pulumi"),
    npm_config_cache: process.env.npm_config_cache ?? path.join(realHome, ".npm"),
    PULUMI_GENESYS_CACHE: process.env.PULUMI_GENESYS_CACHE ?? path.join(realHome, ".cache", "pulumi-genesys-grants"),
    PULUMI_SKIP_UPDATE_CHECK: "true",
  });
  const script = [
    "set -euo pipefail",
    "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT TERM INT",
    ...shell.map((b, i) => `echo "--- Quick start, block ${i + 1} of ${shell.length}"\n${b}`),
  ].join("\n");
  const started = Date.now();
  // A deadline, so that a step that waits forever fails CI instead of holding it.
  const run = spawnSync("bash", ["-c", script], { cwd: REPO_ROOT, env, stdio: "inherit", timeout: DEADLINE_MS, killSignal: "SIGTERM" });
  if (run.status !== 0) {
    const why = run.error ? `${run.error.message}, after ${DEADLINE_MS / 60_000} min` : `exit ${run.status}`;
    process.stderr.write(`quickstart: the README's Quick start failed (${why}); its home was ${home}\n`);
    return 1;
  }
  process.stdout.write(
    `quickstart: the README's ${shell.length} Quick start blocks passed in ${Math.round((Date.now() - started) / 1000)} s\n`,
  );

  // The project the Quick start made runs its program with no warning about a missing entry point.
  const project = path.join(home, "my-grants");
  const main = JSON.parse(fs.readFileSync(path.join(project, "package.json"), "utf8")).main;
  if (main !== undefined && !fs.existsSync(path.join(project, main))) {
    process.stderr.write(`quickstart: the project's package.json names "main": ${JSON.stringify(main)}, which does not exist\n`);
    return 1;
  }

  // Every TypeScript block of the README compiles against the package as the Quick start installed it.
  const files = blocks(readme, "ts").map((code, i) => {
    const file = path.join(project, `readme-block-${i + 1}.ts`);
    fs.writeFileSync(file, code);
    return file;
  });
  const tsc = spawnSync(
    path.join(project, "node_modules", ".bin", "tsc"),
    ["--noEmit", "--strict", "--target", "es2022", "--module", "commonjs", "--moduleResolution", "node", "--skipLibCheck", ...files],
    { cwd: project, env, stdio: "inherit" },
  );
  if (tsc.status !== 0) {
    process.stderr.write(`quickstart: a TypeScript block of the README does not compile (exit ${tsc.status})\n`);
    return 1;
  }
  process.stdout.write(`quickstart: the README's ${files.length} TypeScript blocks compile\n`);
  fs.rmSync(home, { recursive: true, force: true });
  return 0;
}

module.exports = { blocks, section };

if (require.main === module) process.exitCode = main();

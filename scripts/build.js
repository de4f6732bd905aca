#!/usr/bin/env node
// Builds dist/ (tsc), keeps the bins executable, and records a hash of the sources built.
// With --if-changed it does nothing when dist/ already holds a build of exactly these sources,
// so `npm ci`, `npm test` and `npm run demo` in a row build once.
"use strict";
const { createHash } = require("node:crypto");
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".source-hash");
const SOURCE_DIRS = ["common", "genesys", "provider", "review", "policy", "emulator", "cli", "scripts", "test"];
const BINS = ["dist/cli/main.js", "dist/emulator/main.js"];

function sourceHash() {
  const hash = createHash("sha256");
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|json)$/.test(e.name)) files.push(p);
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(root, d));
  files.push(path.join(root, "tsconfig.json"), path.join(root, "package-lock.json"));
  for (const f of files.sort()) hash.update(path.relative(root, f)).update("\0").update(fs.readFileSync(f)).update("\0");
  return hash.digest("hex");
}

/**
 * What the built tool says of itself (the access review records it): the package's version, the
 * commit built from (none outside a git checkout) and the sources' hash. Refreshed on every call,
 * as a commit that changes no source still changes what a report names.
 */
function writeBuildInfo(hash) {
  let commit = null;
  try {
    commit =
      execFileSync("git", ["rev-parse", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || null;
  } catch {
    commit = null;
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  fs.writeFileSync(path.join(dist, "build-info.json"), JSON.stringify({ version, commit, sourceHash: hash }, null, 2) + "\n");
}

const wanted = sourceHash();
if (process.argv.includes("--if-changed") && fs.existsSync(stamp) && fs.readFileSync(stamp, "utf8") === wanted) {
  writeBuildInfo(wanted);
  process.exit(0);
}
fs.rmSync(dist, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "tsconfig.json")], {
  stdio: "inherit",
  cwd: root,
});
for (const bin of BINS) fs.chmodSync(path.join(root, bin), 0o755);
fs.writeFileSync(stamp, wanted);
writeBuildInfo(wanted);

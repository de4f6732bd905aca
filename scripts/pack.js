#!/usr/bin/env node
// Packs the package as users install it: `npm run -s pack` prints the tarball's path as its last line.
//
// - The packed manifest is the user's: no scripts (neither the development ones nor a lifecycle
//   script npm would hold back or run at install), no devDependencies, no allowScripts.
// - Each build has a version of its own, stamped with a prerelease suffix: the commit
//   (`0.1.0-git.1a2b3c4d5e`), and for a working tree with changes the hash of the built sources
//   too (`….dirty.<hash>`). A tarball of other code never has the name and version of an earlier
//   one, so npm's cache can never install the old code in its place.
//
// It builds first (if the sources changed), copies the files the manifest lists into a staging
// folder beside the cleaned manifest, and runs `npm pack` there.
"use strict";
const { execFileSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const root = path.resolve(__dirname, "..");

/**
 * The prerelease suffix of a build: the commit, and the built sources' hash when the tree has
 * changes (or only that hash, outside a git checkout).
 */
function stampOf({ sourceHash, commit, dirty }) {
  const hash = sourceHash.slice(0, 10);
  if (!commit) return `build.${hash}`;
  return dirty ? `git.${commit}.dirty.${hash}` : `git.${commit}`;
}

function buildStamp() {
  const sourceHash = fs.readFileSync(path.join(root, "dist", ".source-hash"), "utf8").trim();
  const git = (args) => execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  try {
    return stampOf({
      sourceHash,
      commit: git(["rev-parse", "--short=10", "HEAD"]),
      dirty: git(["status", "--porcelain", "--untracked-files=normal"]) !== "",
    });
  } catch {
    return stampOf({ sourceHash });
  }
}

/** The manifest a user installs. */
function userManifest(manifest, stamp) {
  const { scripts: _scripts, devDependencies: _dev, allowScripts: _allow, ...user } = manifest;
  return { ...user, version: `${manifest.version.replace(/-.*$/, "")}-${stamp}` };
}

/**
 * Packs into `destination`; returns the tarball's path. `build: false` packs dist/ as it is (the
 * tests do, so that no build rewrites dist/ under other running tests).
 */
function pack(destination = root, { build = true } = {}) {
  if (build) execFileSync(process.execPath, [path.join(root, "scripts", "build.js"), "--if-changed"], { cwd: root, stdio: "inherit" });
  const manifest = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), "grants-pack-"));
  try {
    for (const entry of manifest.files) {
      const from = path.join(root, entry);
      if (!fs.existsSync(from)) throw new Error(`pack: ${entry}, listed in package.json's files, does not exist (run npm ci first)`);
      fs.cpSync(from, path.join(staging, entry), { recursive: true });
    }
    fs.writeFileSync(path.join(staging, "package.json"), JSON.stringify(userManifest(manifest, buildStamp()), null, 2) + "\n");
    fs.mkdirSync(destination, { recursive: true });
    const out = execFileSync("npm", ["pack", "--pack-destination", path.resolve(destination), "--loglevel=error"], {
      cwd: staging,
      encoding: "utf8",
    });
    return path.join(path.resolve(destination), out.trim().split("\n").pop());
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

module.exports = { pack, userManifest, stampOf };

if (require.main === module) {
  const dest = process.argv[2];
  process.stdout.write(pack(dest) + "\n");
}

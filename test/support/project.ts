import * as fs from "node:fs";
import * as path from "node:path";
import { CliResult, REPO_ROOT, run, Workspace } from "../../scripts/lib/pulumi-cli";

/** genesys-grants as a user runs it (its built entry point). */
export const CLI = path.join(REPO_ROOT, "dist", "cli", "main.js");

/** A grant as the test program declares it, with the resource options it passes. */
export interface Declared {
  clientId: string;
  scopes: string[];
  roles?: string[];
  onExisting?: "fail" | "adopt";
  opts?: { retainOnDelete?: boolean; protect?: boolean };
}

/**
 * A JavaScript Pulumi project whose program declares what `grants.json` holds: one resource per
 * entry, with its resource options. Written as a user's project (node_modules linked to the
 * repository's); JavaScript, so no compile runs before each operation.
 */
export function project(dir: string): { dir: string; declare(grants: Record<string, Declared>): void } {
  fs.mkdirSync(dir, { recursive: true });
  // JavaScript: `typescript: false` spares each run loading the TypeScript compiler.
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    "name: fail-closed\nruntime:\n  name: nodejs\n  options:\n    typescript: false\nmain: index.js\n",
  );
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "fail-closed", private: true }));
  fs.writeFileSync(
    path.join(dir, "index.js"),
    [
      'const { AuthorizedClient } = require("pulumi-genesys-grants");',
      'const grants = require("./grants.json");',
      "for (const [name, { opts, ...args }] of Object.entries(grants)) new AuthorizedClient(name, args, opts);",
      "",
    ].join("\n"),
  );
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  return { dir, declare: (grants) => fs.writeFileSync(path.join(dir, "grants.json"), JSON.stringify(grants)) };
}

/** Runs a shell command line (sh, without pipefail, as most CI shells run) in `cwd`. */
export function sh(ws: Workspace, cwd: string, line: string): Promise<CliResult> {
  return run(ws, cwd, "sh", ["-c", line]);
}

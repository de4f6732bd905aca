import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as semver from "semver";

/** The cache beside the Pulumi engine build, outside the repository. */
export function cacheRoot(): string {
  return (
    process.env.PULUMI_GENESYS_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), ".cache"), "pulumi-genesys-grants")
  );
}

/**
 * The directory holding a `node` of the given major version: the npm registry's binary package
 * (`node-<platform>-<arch>@<major>`), installed once into the cache.
 */
export function ensureNode(major: number): string {
  return ensureNodeVersion(String(major));
}

/** The directory holding a `node` of `version` (a major, `24`, or an exact one, `22.17.1`): the npm registry's binary package, installed once into the cache. */
export function ensureNodeVersion(version: string): string {
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = path.join(cacheRoot(), `node-${version}`);
  const bin = path.join(prefix, "node_modules", pkg, "bin");
  if (!fs.existsSync(path.join(bin, "node"))) {
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", `${pkg}@${version}`], {
      stdio: "inherit",
    });
  }
  return bin;
}

/** The newest published version of an npm package. */
export function latestVersion(name: string): string {
  return execFileSync("npm", ["view", name, "version", "--loglevel=error"], { encoding: "utf8" }).trim();
}

/** The lowest version a range allows, e.g. "^3.139.0" → "3.139.0". */
export function rangeMinimum(range: string): string {
  const min = semver.minVersion(range);
  if (!min) throw new Error(`cannot take the minimum of the range "${range}"`);
  return min.version;
}

/**
 * The `node_modules` folder holding an npm package of a tool (`pnpm@10`, `@yarnpkg/cli-dist@4`),
 * installed once into the cache from the npm registry.
 */
export function ensureTool(spec: string): string {
  const prefix = path.join(cacheRoot(), "tools", spec.replace(/[@/]/g, "_"));
  const name = spec.replace(/(.)@[^@]*$/, "$1");
  const modules = path.join(prefix, "node_modules");
  if (!fs.existsSync(path.join(modules, name, "package.json"))) {
    fs.mkdirSync(prefix, { recursive: true });
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--loglevel=error", spec], {
      stdio: "inherit",
    });
  }
  return modules;
}

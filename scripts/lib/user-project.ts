import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "./pulumi-cli";

export interface UserProject {
  /** The project's folder. */
  root: string;
  /** The package's folder, at `at` within the project. */
  dir: string;
  remove(): void;
}

/**
 * A user's project in a temporary folder, with this package installed as a package manager lays
 * it out: its published files (package.json's `files`, as built) copied to `at` (by default
 * `node_modules/pulumi-genesys-grants`), and `node_modules` linking the repository's other
 * packages, so that the copy resolves the same @pulumi/pulumi as this process. `files` adds other
 * files to the project (relative to its folder).
 */
export function userProject(prefix: string, at = "node_modules/pulumi-genesys-grants", files: Record<string, string> = {}): UserProject {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const modules = path.join(root, "node_modules");
  fs.mkdirSync(modules);
  const repoModules = path.join(REPO_ROOT, "node_modules");
  for (const entry of fs.readdirSync(repoModules)) {
    if (entry !== "pulumi-genesys-grants" && !entry.startsWith("."))
      fs.symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
  }
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  const dir = path.join(root, at);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { files: string[] };
  for (const f of ["package.json", ...manifest.files]) fs.cpSync(path.join(REPO_ROOT, f), path.join(dir, f), { recursive: true });
  return { root, dir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

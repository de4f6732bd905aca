import { execFileSync } from "node:child_process";
import * as path from "node:path";

/**
 * The modules a script loads, in a fresh Node.js process (which starts empty), run from dist/ so
 * that `require("./provider")` is the built package: for the tests of what a module loads.
 */
export function loadedBy(script: string): string[] {
  const out = execFileSync(process.execPath, ["-e", `${script}; process.stdout.write(JSON.stringify(Object.keys(require.cache)))`], {
    cwd: path.join(__dirname, "..", ".."),
    encoding: "utf8",
  });
  return (JSON.parse(out) as string[]).map((f) => f.split(path.sep).join("/"));
}

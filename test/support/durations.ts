/**
 * A mocha root-hook plugin (`--require`): root hooks run once per mocha run, which is one spec file, so
 * this times each file and writes `{ file, seconds }` into SLOW_DURATIONS_DIR, for the slow
 * suite's runner to balance the next run by.
 */
import * as fs from "node:fs";
import * as path from "node:path";

let started = 0;

function fileOf(suite: Mocha.Suite | undefined): string | undefined {
  if (!suite) return undefined;
  if (suite.file) return suite.file;
  for (const child of suite.suites) {
    const f = fileOf(child);
    if (f) return f;
  }
  return undefined;
}

export const mochaHooks = {
  beforeAll() {
    started = Date.now();
  },
  afterAll(this: Mocha.Context) {
    const dir = process.env.SLOW_DURATIONS_DIR;
    const file = fileOf(this.test?.parent);
    if (!dir || !file) return;
    const relative = path.relative(process.cwd(), file);
    fs.writeFileSync(
      path.join(dir, `${relative.replace(/[^\w.-]/g, "_")}.json`),
      JSON.stringify({ file: relative, seconds: Math.round((Date.now() - started) / 1000) }),
    );
  },
};

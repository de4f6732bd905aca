import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

/**
 * The layers as what is loaded (.dependency-cruiser.cjs, run by `npm run lint`): each case lays a
 * small tree out in a temporary folder, with a chain of imports two or three deep, and checks that
 * dependency-cruiser names the rule it breaks, or none.
 */
const CASES: [rule: string | null, files: Record<string, string>][] = [
  [
    "state-format-decides-only",
    {
      "provider/state.ts": 'export * from "./authorized-client/roles";',
      "provider/authorized-client/roles.ts": 'export * from "../../genesys/index";',
      "genesys/index.ts": 'export * from "./client";',
      "genesys/client.ts": "export const c = 1;",
    },
  ],
  [
    "policy-reads-the-state-format-only",
    {
      "policy/index.ts": 'export * from "../provider/state";',
      "provider/state.ts": 'export * from "./authorized-client/org-view";',
      "provider/authorized-client/org-view.ts": "export const v = 1;",
    },
  ],
  [
    "http-layer-knows-no-pulumi",
    {
      "genesys/retry.ts": 'export * from "./options";',
      "genesys/options.ts": 'export * from "../provider/settings";',
      "provider/settings.ts": "export const s = 1;",
    },
  ],
  [
    "common-depends-on-nothing",
    {
      "common/text.ts": 'export * from "./suggest";',
      "common/suggest.ts": 'export * from "../provider/state";',
      "provider/state.ts": "export const s = 1;",
    },
  ],
  [
    "emulator-knows-no-provider",
    {
      "emulator/server.ts": 'export * from "../common/text";',
      "common/text.ts": 'export * from "../provider/settings";',
      "provider/settings.ts": "export const s = 1;",
    },
  ],
  [
    "cli-does-not-run-the-resource",
    {
      "cli/main.ts": 'export * from "../provider/recovery";',
      "provider/recovery.ts": 'export * from "./runtime";',
      "provider/runtime.ts": "export const r = 1;",
    },
  ],
  [
    "authorized-client-runs-under-no-layer-above",
    {
      "provider/authorized-client/check.ts": 'export * from "./roles";',
      "provider/authorized-client/roles.ts": 'export * from "../../cli/org";',
      "cli/org.ts": "export const o = 1;",
    },
  ],
  [
    "nothing-shipped-loads-scripts",
    {
      "provider/settings.ts": 'export * from "../common/text";',
      "common/text.ts": "export const t = 1;",
      "provider/runtime.ts": 'export * from "../scripts/lib/big-org";',
      "scripts/lib/big-org.ts": "export const b = 1;",
    },
  ],
  [
    "review-reads-never-runs",
    {
      "review/collect.ts": 'export * from "../provider/settings";',
      "provider/settings.ts": 'export * from "./org";',
      "provider/org.ts": "export const o = 1;",
    },
  ],
  [
    "renderers-do-no-io",
    {
      "review/render-html.ts": 'export * from "./model";',
      "review/model.ts": 'export * from "../common/files";',
      "common/files.ts": 'import * as fs from "node:fs";\nexport const f = fs;',
    },
  ],
  // The review may load the HTTP layer, the state format and common/.
  [
    null,
    {
      "review/collect.ts": 'export * from "../genesys/index";\nexport * from "../provider/state";',
      "genesys/index.ts": 'export * from "../common/text";',
      "provider/state.ts": 'export * from "../common/text";',
      "common/text.ts": "export const t = 1;",
    },
  ],
  // What the policy pack may load: the state format, and what it decides with.
  [
    null,
    {
      "policy/index.ts": 'export * from "../provider/state";',
      "provider/state.ts": 'export * from "./authorized-client/manual-steps";',
      "provider/authorized-client/manual-steps.ts": 'export * from "../../common/text";',
      "common/text.ts": "export const t = 1;",
    },
  ],
  // A type-only import is not a load.
  [
    null,
    {
      "provider/state.ts": 'import type { C } from "../genesys/client";\nexport const x: C | undefined = undefined;',
      "genesys/client.ts": "export type C = number;\nexport const c = 1;",
    },
  ],
];

describe("layers, as what is loaded (dependency-cruiser)", function () {
  this.timeout(120_000);
  const depcruise = path.join(REPO_ROOT, "node_modules", "dependency-cruiser", "bin", "dependency-cruiser.mjs");

  for (const [rule, files] of CASES) {
    it(
      rule
        ? `${rule} fires on ${Object.keys(files)[0]} loading ${Object.keys(files).pop()}`
        : `stays quiet on ${Object.keys(files).join(" → ")}`,
      () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grants-layers-"));
        try {
          for (const [file, text] of Object.entries(files)) {
            fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
            fs.writeFileSync(path.join(dir, file), text + "\n");
          }
          fs.writeFileSync(
            path.join(dir, "tsconfig.json"),
            JSON.stringify({ compilerOptions: { module: "commonjs", target: "ES2022", strict: true } }),
          );
          const roots = [...new Set(Object.keys(files).map((f) => f.split("/")[0]))];
          const r = spawnSync(
            process.execPath,
            [depcruise, "--config", path.join(REPO_ROOT, ".dependency-cruiser.cjs"), "--output-type", "err", ...roots],
            { cwd: dir, encoding: "utf8" },
          );
          const named = [...new Set([...(r.stdout + r.stderr).matchAll(/error ([\w-]+):/g)].map((m) => m[1]))];
          // A chain may break more than one layer's rule; the one under test must be among them.
          if (rule) assert.ok(named.includes(rule), r.stdout + r.stderr);
          else assert.deepEqual(named, [], r.stdout + r.stderr);
          assert.equal(r.status === 0, rule === null, `exit ${r.status}`);
        } finally {
          fs.rmSync(dir, { recursive: true, force: true });
        }
      },
    );
  }
});

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

/** What reaches the org: the HTTP client and its agents, the HTTP layer, the view of the org, the settings. */
const WRITE_PATH = [
  "/node_modules/axios/",
  "/node_modules/http-proxy-agent/",
  "/node_modules/https-proxy-agent/",
  "/genesys/client.js",
  "/genesys/transport.js",
  "/provider/authorized-client/org-view.js",
  "/provider/settings.js",
  "/provider/recovery.js",
];

/** The modules genesys-grants loads for `args`, run to its end (the process's exit), in a fresh Node.js. */
function loadedFor(args: string[], dir: string): string[] {
  const list = path.join(dir, `loaded-${Date.now()}.json`);
  spawnSync(process.execPath, [
    "-e",
    // Run as the bin runs it, to its end: the command's own (dynamic) imports happen as it runs.
    `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify(Object.keys(require.cache)))); require(${JSON.stringify(path.join(REPO_ROOT, "dist", "cli", "main.js"))}).run(${JSON.stringify(args)}).then((code) => (process.exitCode = code));`,
  ]);
  return (JSON.parse(fs.readFileSync(list, "utf8")) as string[]).map((f) => f.split(path.sep).join("/"));
}

describe("each genesys-grants command loads what it uses", () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-loads-"));
    fs.writeFileSync(path.join(dir, "preview.json"), JSON.stringify({ steps: [], changeSummary: {} }));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const args of [["--help"], ["diff", "--offline", "PREVIEW"], ["diff", "--help"]]) {
    it(`genesys-grants ${args.join(" ")} loads no HTTP client, nor anything that reaches the org`, () => {
      const loaded = loadedFor(
        args.map((a) => (a === "PREVIEW" ? path.join(dir, "preview.json") : a)),
        dir,
      );
      assert.ok(
        loaded.some((f) => f.endsWith("/cli/main.js")),
        "the command was loaded",
      );
      assert.deepEqual(
        WRITE_PATH.filter((w) => loaded.some((f) => f.includes(w))),
        [],
      );
    });
  }
});

describe("…and the commands that reach the org load it", () => {
  it("genesys-grants doctor loads the HTTP client (the check above can fail)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cli-loads-"));
    try {
      const loaded = loadedFor(["doctor", "--api-url", "http://127.0.0.1:9"], dir);
      assert.ok(
        loaded.some((f) => f.includes("/node_modules/axios/")),
        "axios",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

const BIN = {
  "genesys-grants": path.join(REPO_ROOT, "dist", "cli", "main.js"),
  "genesys-emulator": path.join(REPO_ROOT, "dist", "emulator", "main.js"),
};

/**
 * Bad invocations of both commands, each with the one sentence it gets on standard error (with the
 * next step) and the exit status the help promises: 2 for a usage error, 3 (genesys-grants) when
 * the command failed, 1 when the emulator's org refuses or cannot be reached.
 */
const TABLE: Array<[keyof typeof BIN, string[], number, string]> = [
  [
    "genesys-grants",
    ["frobnicate"],
    2,
    "genesys-grants: unknown command 'frobnicate'; the commands are diff, export, audit, review, doctor, recover. Run genesys-grants --help",
  ],
  [
    "genesys-grants",
    ["diff", "--ofline"],
    2,
    "genesys-grants diff: unknown option '--ofline'. Did you mean --offline? Run genesys-grants diff --help",
  ],
  [
    "genesys-grants",
    ["diff", "a.json", "b.json"],
    2,
    "genesys-grants diff: too many arguments for 'diff'. Expected 1 argument but got 2. Run genesys-grants diff --help",
  ],
  [
    "genesys-grants",
    ["diff", "missing.json"],
    3,
    "genesys-grants: cannot read missing.json: there is no such file; give the file `pulumi preview --json` wrote, or - for standard input",
  ],
  [
    "genesys-grants",
    ["diff", "dir"],
    3,
    "genesys-grants: cannot read dir: it is a directory, not a file; give the file `pulumi preview --json` wrote, or - for standard input",
  ],
  [
    "genesys-grants",
    ["diff", "steps.json"],
    3,
    "genesys-grants: the preview failed, so there is no grant diff to review: the input is JSON but not a whole `pulumi preview --json` result: it has no `changeSummary`; run `pulumi preview --json` and pass all of its output",
  ],
  [
    "genesys-grants",
    ["diff", "cut.json"],
    3,
    "genesys-grants: the preview failed, so there is no grant diff to review: the input is not JSON: it ends before the JSON does (cut short?), at line 2, column 1; run `pulumi preview --json` and pass its output",
  ],
  [
    "genesys-grants",
    ["diff", "--offline", "comma.json"],
    3,
    "genesys-grants: the preview failed, so there is no grant diff to review: the input is not JSON: expected double-quoted property name, at line 3, column 1; run `pulumi preview --json` and pass its output",
  ],
  [
    "genesys-grants",
    ["diff", "text.txt"],
    3,
    'genesys-grants: the preview failed, so there is no grant diff to review: the input is not JSON: unexpected "o", at line 1, column 2; run `pulumi preview --json` and pass its output',
  ],
  [
    "genesys-grants",
    ["export", "--format", "hcl"],
    2,
    "genesys-grants export: option '--format <FORMAT>' argument 'hcl' is invalid. Allowed choices are ts, yaml. Run genesys-grants export --help",
  ],
  [
    "genesys-grants",
    ["export", "--out"],
    2,
    "genesys-grants export: option '--out <FILE>' argument missing. Run genesys-grants export --help",
  ],
  [
    "genesys-grants",
    ["export"],
    3,
    "genesys-grants: no Genesys Cloud credentials: set GENESYSCLOUD_OAUTHCLIENT_ID, and GENESYSCLOUD_OAUTHCLIENT_SECRET; or an access token in GENESYSCLOUD_ACCESS_TOKEN. In this shell: export GENESYSCLOUD_OAUTHCLIENT_ID=<client ID> GENESYSCLOUD_OAUTHCLIENT_SECRET=<secret>",
  ],
  [
    "genesys-grants",
    ["audit"],
    2,
    "genesys-grants: audit needs the stack's state: --stack NAME (read with `pulumi stack export`), or --stack-state FILE (the output of `pulumi stack export`)",
  ],
  [
    "genesys-grants",
    ["audit", "--stack-state", "missing.json"],
    3,
    "genesys-grants: cannot read missing.json: there is no such file; give the file `pulumi stack export` wrote, or - for standard input",
  ],
  [
    "genesys-grants",
    ["audit", "--stack-state", "text.txt"],
    3,
    'genesys-grants: the stack state is not JSON: unexpected "o", at line 1, column 2; pass the output of `pulumi stack export`',
  ],
  [
    "genesys-grants",
    ["audit", "--stack-state", "export.json"],
    3,
    "genesys-grants: the JSON of the stack state is not a `pulumi stack export` document (no `deployment`)",
  ],
  [
    "genesys-grants",
    ["recover"],
    2,
    "genesys-grants recover: required option '--stack <NAME>' not specified. Run genesys-grants recover --help",
  ],
  ["genesys-grants", ["doctor", "--bogus"], 2, "genesys-grants doctor: unknown option '--bogus'. Run genesys-grants doctor --help"],
  [
    "genesys-emulator",
    ["--port", "abc"],
    2,
    "genesys-emulator: option '--port <N>' argument 'abc' is invalid. It must be a port, 0 to 65535. Run genesys-emulator --help",
  ],
  [
    "genesys-emulator",
    ["--port", "70000"],
    2,
    "genesys-emulator: option '--port <N>' argument '70000' is invalid. It must be a port, 0 to 65535. Run genesys-emulator --help",
  ],
  [
    "genesys-emulator",
    ["--latency", "-5"],
    2,
    "genesys-emulator: option '--latency <MS>' argument '-5' is invalid. It must be a whole number of milliseconds. Run genesys-emulator --help",
  ],
  [
    "genesys-emulator",
    ["--seed", "missing.json"],
    2,
    'genesys-emulator: cannot read seed missing.json: there is no such file; give a seed file (see the emulator\'s README, "The seed format")',
  ],
  ["genesys-emulator", ["--seed", "text.txt"], 2, 'genesys-emulator: seed text.txt is not JSON: unexpected "o", at line 1, column 2'],
  [
    "genesys-emulator",
    ["--seed", "badseed.json"],
    2,
    "genesys-emulator: badseed.json is not a valid emulator seed:\n  scopes: is required\n  roles: is required\n  clients: is required\n  authorizations: is required\n  organization.id: is required\n  organization.name: is required",
  ],
  [
    "genesys-emulator",
    ["--tls-cert", "x"],
    2,
    "genesys-emulator: --tls-cert and --tls-key go together: give both, or neither for plain HTTP",
  ],
  ["genesys-emulator", ["--bogus"], 2, "genesys-emulator: unknown option '--bogus'. Run genesys-emulator --help"],
  [
    "genesys-emulator",
    ["admin", "frob"],
    2,
    "genesys-emulator admin: unknown command 'frob'; the commands are authorize, rescope, revoke. Run genesys-emulator admin --help",
  ],
  [
    "genesys-emulator",
    ["admin", "rescope"],
    2,
    "genesys-emulator admin rescope: missing required argument 'CLIENT_ID'. Run genesys-emulator admin rescope --help",
  ],
  ["genesys-emulator", ["admin", "revoke", "x", "--client", "a"], 2, "genesys-emulator: --client and --secret go together"],
];

describe("bad invocations of both commands: one clean sentence each, and the exit status the help promises", function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "bad-invocations-"));
    const files: Record<string, string> = {
      "steps.json": '{"steps":[]}\n',
      "cut.json": '{"steps": [\n',
      "comma.json": '{\n  "steps": [],\n}\n',
      "text.txt": "not json\n",
      "export.json": '{"version":3}\n',
      "badseed.json": '{"organization":{}}',
    };
    for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
    fs.mkdirSync(path.join(dir, "dir"));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`holds at least 20 invocations (${TABLE.length})`, () => assert.ok(TABLE.length >= 20));

  for (const [bin, args, status, stderr] of TABLE) {
    it(`${bin} ${args.join(" ")} → exit ${status}`, () => {
      const r = spawnSync(process.execPath, [BIN[bin], ...args], {
        cwd: dir,
        encoding: "utf8",
        env: { PATH: process.env.PATH, HOME: dir },
        stdio: ["ignore", "pipe", "pipe"],
      });
      assert.equal(r.stderr, stderr + "\n");
      assert.equal(r.status, status, r.stderr);
    });
  }
});

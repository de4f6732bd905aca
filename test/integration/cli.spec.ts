import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseGrantsFile } from "../../provider/grants-file";
import { CLIENTS, DEMO, EmulatorHandle, seedCopy } from "../support/emulator";
import { cli } from "../support/cli";
import { REPO_ROOT } from "../../scripts/lib/pulumi-cli";

describe("genesys-grants against the emulator", () => {
  let emu: EmulatorHandle;
  const saved = { ...process.env };
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "grants-cli-"));

  before(async () => {
    emu = await EmulatorHandle.start();
  });
  beforeEach(async () => {
    await emu.control("POST", "reset");
    process.env = {
      ...saved,
      GENESYSCLOUD_API_URL: emu.url,
      GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
    };
  });
  after(async () => {
    process.env = saved;
    await emu.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it("prints help for every command, and fails without one", async () => {
    for (const c of ["diff", "export", "audit", "doctor", "recover"]) {
      const r = await cli(c, "--help");
      assert.equal(r.code, 0);
      assert.match(r.out, new RegExp(`^Usage: genesys-grants ${c} `));
    }
    // No command is a usage error: the usage, on standard error, and exit 2.
    const none = await cli();
    assert.equal(none.code, 2);
    assert.match(none.err, /^genesys-grants: review and operate/);
    const unknown = await cli("frobnicate");
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.err,
      /^genesys-grants: unknown command 'frobnicate'; the commands are diff, export, audit, review, doctor, recover\. Run genesys-grants --help\n$/,
    );
    const badFlag = await cli("diff", "--ofline");
    assert.equal(badFlag.code, 2);
    assert.equal(badFlag.err, "genesys-grants diff: unknown option '--ofline'. Did you mean --offline? Run genesys-grants diff --help\n");
    // A command line is data too: a hostile word stays one line of inert text.
    const hostile = await cli("x\u001b[31m\n| [a](https://evil.example) `b` \u202e");
    assert.equal(hostile.code, 2);
    assert.equal(hostile.err.split("\n").length, 2, hostile.err);
    assert.ok(!/[\u001b\u202e]/.test(hostile.err), JSON.stringify(hostile.err));
    const extra = await cli("diff", "a.json", "b.json");
    assert.equal(extra.code, 2);
    assert.match(
      extra.err,
      /^genesys-grants diff: too many arguments for 'diff'\. Expected 1 argument but got 2\. Run genesys-grants diff --help\n$/,
    );
    const noValue = await cli("export", "--out");
    assert.equal(noValue.code, 2);
    assert.match(noValue.err, /^genesys-grants export: option '--out <FILE>' argument missing\. Run genesys-grants export --help\n$/);
    const version = await cli("--version");
    assert.equal(version.code, 0);
    assert.equal(version.out, `${JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version}\n`);
    // --help lists every command with every flag each one parses, as its own help does.
    const main = await cli("--help");
    assert.equal(main.code, 0);
    assert.deepEqual(await cli("help"), { code: 0, out: main.out, err: "" });
    const helpDiff = await cli("help", "diff");
    assert.equal(helpDiff.code, 0);
    assert.equal(helpDiff.out, (await cli("diff", "--help")).out);
    for (const c of ["diff", "export", "audit", "doctor", "recover"]) {
      const own = (await cli(c, "--help")).out;
      const flags = [...own.matchAll(/^ {2}(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]).filter((f) => f !== "--help");
      assert.ok(flags.length >= 3, own);
      const line = main.out.split("\n").find((l) => l.startsWith(`  genesys-grants ${c} `));
      for (const f of flags) assert.ok(line?.includes(`[${f}`), `${c} ${f} in: ${line}`);
    }
    assert.ok(main.out.includes("--offline") && main.out.includes("--manual") && main.out.includes("--stack NAME"));
  });

  it("announces each retry on standard error, with what, why and how long, and keeps standard output clean", async () => {
    await emu.fault({ method: "GET", path: "/api/v2/oauth/authorizations", status: 503, times: 2 });
    const r = await cli("export", "--format", "yaml");
    assert.equal(r.code, 0, r.err);
    const lines = r.err.split("\n").filter((l) => l.includes("retrying"));
    assert.equal(lines.length, 2, r.err);
    lines.forEach((l, i) =>
      assert.match(
        l,
        new RegExp(`^genesys-grants: retrying GET /api/v2/oauth/authorizations in \\d+\\.\\d s \\(retry ${i + 1}\\): server error 503$`),
      ),
    );
    assert.doesNotMatch(r.out, /retrying/);
  });

  it("exports the org's authorized clients as a program, roles by name, all adopted", async () => {
    const r = await cli("export");
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /from the org "Demo Org"/);
    for (const id of [CLIENTS.globex, CLIENTS.stark, CLIENTS.architect]) assert.ok(r.out.includes(id), id);
    assert.ok(!r.out.includes(CLIENTS.hooli), "a requested grant is not exported");
    assert.ok(!r.out.includes(CLIENTS.wayne), "a revoked grant is not exported");
    assert.match(r.out, /roles: \["Architect Developer"\]/);
    assert.equal(r.out.match(/^ {2}onExisting: "adopt",$/gm)?.length, 3);
  });

  it("exports a grants file that the grants-file schema accepts", async () => {
    const file = path.join(tmp, "grants.yaml");
    const r = await cli("export", "--format", "yaml", "--out", file);
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /wrote 3 grant\(s\)/);
    const parsed = parseGrantsFile(fs.readFileSync(file, "utf8"));
    assert.deepEqual(parsed.grants["globex-bi-dashboards"], {
      clientId: CLIENTS.globex,
      scopes: ["analytics:readonly", "users:readonly"],
      onExisting: "adopt",
    });
  });

  it("audits: unmanaged grants, and managed ones that drifted, with who changed them", async () => {
    const state = (scopes: string[]) =>
      JSON.stringify({
        version: 3,
        deployment: {
          resources: [
            { urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", type: "pulumi:pulumi:Stack" },
            {
              urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/genesyscloud:AuthorizedClient::globex",
              type: "pulumi-nodejs:dynamic/genesyscloud:AuthorizedClient",
              id: CLIENTS.globex,
              outputs: { clientId: CLIENTS.globex, scopes, roleIds: [] },
            },
          ],
        },
      });
    const file = path.join(tmp, "state.json");
    fs.writeFileSync(file, state(["analytics:readonly", "users:readonly"]));
    const first = await cli("audit", "--stack-state", file);
    assert.equal(first.code, 1);
    assert.match(first.out, /\| unmanaged \| `Architect` /);
    assert.match(first.out, /\| unmanaged \| `Stark Audit Exporter` /);
    assert.ok(!first.out.includes("drifted"));
    const supervisor = seedCopy().roles.find((r) => r.name === "Supervisor")!.id;
    await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.globex}`, {
      scope: ["analytics:readonly", "groups:readonly"],
      roles: [supervisor],
    });
    const second = await cli("audit", "--stack-state", file);
    assert.match(
      second.out,
      /\| drifted \| `Globex BI Dashboards` .*`scopes added: groups:readonly`; `scopes removed: users:readonly`; `roles added: Supervisor` \| `Org admin console` \|/,
    );
  });

  it("fails clearly on bad input, without credentials, and with a wrong secret that it never prints", async () => {
    const missing = await cli("diff", path.join(tmp, "nope.json"));
    assert.equal(missing.code, 3);
    assert.match(
      missing.err,
      /^genesys-grants: cannot read \S*nope\.json: there is no such file; give the file `pulumi preview --json` wrote, or - for standard input\n$/,
    );
    const notPreview = path.join(tmp, "state-not-preview.json");
    fs.writeFileSync(notPreview, '{"deployment": {}}');
    assert.match(
      (await cli("diff", notPreview)).err,
      /the input is JSON but not a whole `pulumi preview --json` result: it has no `steps` \(a list\) and no `changeSummary`/,
    );
    // A command line that is not one exits 2, whichever command it is.
    const noState = await cli("audit");
    assert.equal(noState.code, 2);
    assert.match(noState.err, /audit needs the stack's state: --stack NAME \(read with `pulumi stack export`\), or --stack-state FILE/);
    const badFormat = await cli("export", "--format", "hcl");
    assert.equal(badFormat.code, 2);
    assert.match(
      badFormat.err,
      /^genesys-grants export: option '--format <FORMAT>' argument 'hcl' is invalid\. Allowed choices are ts, yaml\. Run genesys-grants export --help\n$/,
    );
    const noStack = await cli("recover");
    assert.equal(noStack.code, 2);
    assert.match(
      noStack.err,
      /^genesys-grants recover: required option '--stack <NAME>' not specified\. Run genesys-grants recover --help\n$/,
    );
    delete process.env.GENESYSCLOUD_OAUTHCLIENT_ID;
    const halfCreds = await cli("export");
    assert.equal(halfCreds.code, 3);
    assert.equal(
      halfCreds.err,
      "genesys-grants: GENESYSCLOUD_OAUTHCLIENT_SECRET is set but not GENESYSCLOUD_OAUTHCLIENT_ID: the client ID and secret go together; set it with: export GENESYSCLOUD_OAUTHCLIENT_ID=<client ID>\n",
    );
    const secret = process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
    delete process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
    const noCreds = await cli("export");
    process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET = secret;
    assert.equal(noCreds.code, 3);
    assert.equal(
      noCreds.err,
      "genesys-grants: no Genesys Cloud credentials: set GENESYSCLOUD_OAUTHCLIENT_ID, and GENESYSCLOUD_OAUTHCLIENT_SECRET; or an access token in GENESYSCLOUD_ACCESS_TOKEN. In this shell: export GENESYSCLOUD_OAUTHCLIENT_ID=<client ID> GENESYSCLOUD_OAUTHCLIENT_SECRET=<secret>\n",
    );
    process.env.GENESYSCLOUD_OAUTHCLIENT_ID = DEMO.clientId;
    process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET = "a-wrong-secret-value";
    const wrong = await cli("export");
    assert.equal(wrong.code, 3);
    assert.match(
      wrong.err,
      /^genesys-grants: Genesys Cloud login failed at http:\/\/127\.0\.0\.1:\d+ \(401 invalid_client: authentication failed\): check GENESYSCLOUD_OAUTHCLIENT_ID \/ GENESYSCLOUD_OAUTHCLIENT_SECRET: they must be an OAuth client of the org at that address \(set by GENESYSCLOUD_API_URL\)\n$/,
    );
    assert.ok(!(wrong.out + wrong.err).includes("a-wrong-secret-value"));
  });
});

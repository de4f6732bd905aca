import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { mustPulumi, pulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, EmulatorHandle, orgEnv } from "../support/emulator";
import { CLI, project, sh } from "../support/project";
import { GHOST_CLIENT } from "../support/hostile";

/** Fail closed, through the real engine: a failed preview is never a green review, and `up` holds no surprise the preview hid. */
describe("fail closed (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;

  before(async () => {
    emu = await EmulatorHandle.start();
    ws = tempWorkspace("grants-closed-", orgEnv(emu.url));
  });
  after(async () => {
    ws?.remove();
    await emu?.close();
  });
  beforeEach(() => emu.control("POST", "reset"));

  it("genesys-grants diff exits 3 on the JSON of a failed preview, with or without flags, piped without pipefail too, and says why", async () => {
    const p = project(path.join(ws.dir, "typo"));
    await mustPulumi(ws, p.dir, ["stack", "init", "typo"]);
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: ["routing:readonli", "analytics"] } });
    const preview = await pulumi(ws, p.dir, ["preview", "--json", "--stack", "typo"]);
    assert.notEqual(preview.status, 0);
    const file = path.join(ws.dir, "failed-preview.json");
    fs.writeFileSync(file, preview.stdout);
    for (const flags of [[], ["--fail-on-write-scopes"], ["--offline"]]) {
      const r = await sh(ws, p.dir, `node ${CLI} diff ${flags.join(" ")} ${file}`);
      assert.equal(r.status, 3, `diff ${flags.join(" ")}: ${r.stdout}${r.stderr}`);
      assert.match(r.stdout, /^\*\*Genesys Cloud grants: the preview failed\.\*\* Nothing below is a plan/);
      assert.match(r.stdout, /\| `acme-crm` \| `.*"routing:readonli" is not a scope in this org/);
      assert.ok(!r.stdout.includes("no changes"), r.stdout);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^genesys-grants: the preview failed, so there is no grant diff to review: acme-crm: .*routing:readonli/);
    }
    // As the README's CI line runs it: a plain pipe, whose status is the last command's.
    const piped = await sh(ws, p.dir, `pulumi preview --json --non-interactive --stack typo | node ${CLI} diff --fail-on-write-scopes`);
    assert.equal(piped.status, 3, piped.stdout + piped.stderr);
    // A write scope no reviewer allowed: the policy pack fails the preview, and the diff with it.
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: ["analytics"] } });
    const gated = await sh(
      ws,
      p.dir,
      `pulumi preview --json --non-interactive --stack typo --policy-pack ${path.join(REPO_ROOT, "policy")} | node ${CLI} diff`,
    );
    assert.equal(gated.status, 3, gated.stdout + gated.stderr);
    assert.match(gated.stdout, /the preview failed\.\*\*[^]*a policy violation, for one, reads only `preview failed`/);
    // A preview cut short (an empty or partial JSON) is no plan either.
    const cut = await sh(ws, p.dir, `head -c 40 ${file} | node ${CLI} diff --offline`);
    assert.equal(cut.status, 3);
    assert.match(cut.stdout, /the preview failed/);
    assert.deepEqual(await emu.writes(), []);
  });

  it("a client someone else authorized fails the preview, naming its grant and the ways on, with no write", async () => {
    const p = project(path.join(ws.dir, "theirs"));
    await mustPulumi(ws, p.dir, ["stack", "init", "theirs"]);
    await emu.control("DELETE", "requests");
    p.declare({ globex: { clientId: CLIENTS.globex, scopes: ["analytics:readonly"] } });
    const r = await pulumi(ws, p.dir, ["preview", "--stack", "theirs"]);
    assert.notEqual(r.status, 0);
    const text = r.stdout + r.stderr;
    assert.match(text, /client "Globex BI Dashboards" \(b6aa9c7b-[0-9a-f-]+\) is already authorized in the org "Demo Org"/);
    assert.match(text, /scopes \[analytics:readonly, users:readonly\], no roles, last modified by "Org admin console" on \d{4}-/);
    assert.match(text, /onExisting: "adopt"/);
    assert.match(text, /Otherwise remove this declaration/);
    // A client the org does not have: the message names the setting that chose the org, as set.
    p.declare({ ghost: { clientId: GHOST_CLIENT, scopes: ["users:readonly"] } });
    const ghost = await pulumi(ws, p.dir, ["preview", "--stack", "theirs"]);
    assert.notEqual(ghost.status, 0);
    assert.match(ghost.stdout, /no OAuth client "[0-9a-f-]+" is visible to the org "Demo Org" .*\(chosen by GENESYSCLOUD_API_URL\)/);
    assert.ok(!/genesyscloud:/.test(ghost.stdout.replace(/pulumi-nodejs:dynamic\/genesyscloud:AuthorizedClient/g, "")), ghost.stdout);
    assert.deepEqual(await emu.writes(), []);
  });

  it("stack B's preview and PR diff show the take-over of stack A's grant; B's up takes it with no write", async () => {
    const p = project(path.join(ws.dir, "two"));
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: ["users:readonly", "analytics:readonly"] } });
    await mustPulumi(ws, p.dir, ["stack", "init", "a"]);
    await mustPulumi(ws, p.dir, ["up", "--yes", "--skip-preview", "--stack", "a"]);
    await mustPulumi(ws, p.dir, ["stack", "init", "b"]);
    await emu.control("DELETE", "requests");

    const text = await mustPulumi(ws, p.dir, ["preview", "--stack", "b"]);
    assert.match(
      text,
      /warning: AuthorizedClient "acme-crm" will take over the grant of client "Acme CRM Connector" \(cea70f27-[0-9a-f-]+\), already authorized in the org "Demo Org" \([0-9a-f-]+\), last written by these credentials on \d{4}-[^:]+:[^,]*: it holds the declared scopes and roles, so there is no write/,
    );

    const json = await mustPulumi(ws, p.dir, ["preview", "--json", "--stack", "b"]);
    const file = path.join(ws.dir, "preview-b.json");
    fs.writeFileSync(file, json);
    const diff = await sh(ws, p.dir, `node ${CLI} diff --offline ${file}`);
    assert.equal(diff.status, 0, diff.stdout + diff.stderr);
    assert.match(diff.stdout, /^\*\*Genesys Cloud grants:\*\* 1 to take over \(already authorized\)\./);
    assert.match(
      diff.stdout,
      /### 🔗 Take over `Acme CRM Connector` \(`cea70f27-[0-9a-f-]+`\) — `acme-crm`\n\nAlready authorized, last written by these credentials at `\d{4}-[^`]+`; .*\*\*no write\*\*/,
    );
    assert.ok(!diff.stdout.includes("➕ Authorize"), diff.stdout);

    const up = await mustPulumi(ws, p.dir, ["up", "--yes", "--skip-preview", "--stack", "b"]);
    assert.match(up, /will take over the grant of client "Acme CRM Connector"/);
    assert.deepEqual(await emu.writes(), [], "B took the grant over without a write");
  });

  it("a retained grant survives destroy; a protected one makes destroy refuse", async () => {
    const p = project(path.join(ws.dir, "keep"));
    p.declare({
      deployer: { clientId: CLIENTS.northwind, scopes: ["users:readonly"], opts: { retainOnDelete: true } },
      crm: { clientId: CLIENTS.acme, scopes: ["users:readonly"], opts: { protect: true } },
      chat: { clientId: CLIENTS.contoso, scopes: ["quality"] },
    });
    await mustPulumi(ws, p.dir, ["stack", "init", "keep"]);
    await mustPulumi(ws, p.dir, ["up", "--yes", "--skip-preview", "--stack", "keep"]);

    const refused = await pulumi(ws, p.dir, ["destroy", "--yes", "--skip-preview", "--stack", "keep"]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout + refused.stderr, /protected/);
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized", "the protected grant is live");

    await mustPulumi(ws, p.dir, ["state", "unprotect", "--yes", "--all", "--stack", "keep"]);
    await mustPulumi(ws, p.dir, ["destroy", "--yes", "--skip-preview", "--stack", "keep"]);
    assert.equal((await emu.liveGrant(CLIENTS.northwind))?.state, "Authorized", "the retained grant is live");
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Revoked");
    assert.equal((await emu.liveGrant(CLIENTS.contoso))?.state, "Revoked");
  });
});

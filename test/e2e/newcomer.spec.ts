import * as assert from "node:assert/strict";
import * as path from "node:path";
import { mustPulumi, pulumi, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, DEMO, EmulatorHandle, orgStackConfig } from "../support/emulator";
import { CLI, Declared, project, sh } from "../support/project";

/** The errors a newcomer meets first, and genesys-grants reading a stack's config, through the real engine. */
describe("a newcomer's first errors, and --stack (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  let p: ReturnType<typeof project>;

  before(async () => {
    emu = await EmulatorHandle.start();
    // Credentials only in the stack's config: nothing in the environment names the org.
    ws = tempWorkspace("grants-newcomer-");
    p = project(path.join(ws.dir, "mine"));
    await mustPulumi(ws, p.dir, ["stack", "init", "dev"]);
    await mustPulumi(ws, p.dir, ["config", "set-all", "--stack", "dev", ...orgStackConfig(emu.url)]);
  });
  after(async () => {
    ws?.remove();
    await emu?.close();
  });

  it("a scope typo names the member, and an unknown role lists the org's roles, closest first; nothing is written", async () => {
    p.declare({
      "acme-crm": { clientId: CLIENTS.acme, scopes: ["users:readonly", "routing:readonli"] },
      directory: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["Agnt"] },
    });
    const r = await pulumi(ws, p.dir, ["preview", "--stack", "dev"]);
    assert.notEqual(r.status, 0);
    const text = r.stdout + r.stderr;
    assert.ok(!text.includes("<nil>"), text);
    // The engine stops at the first resource that fails its check: either error may come first.
    const scope = /has a problem: scopes: "routing:readonli" is not a scope in this org — did you mean "routing:readonly"\?/;
    const role =
      /has a problem: roles: "Agnt" is not a role in this org — did you mean "Agent"\? The org's roles, closest first: "Agent", /;
    assert.ok(scope.test(text) || role.test(text), text);
    const alone: [Record<string, Declared>, RegExp][] = [
      [{ "acme-crm": { clientId: CLIENTS.acme, scopes: ["routing:readonli"] } }, scope],
      [{ directory: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["Agnt"] } }, role],
    ];
    for (const [only, re] of alone) {
      p.declare(only);
      const one = await pulumi(ws, p.dir, ["preview", "--stack", "dev"]);
      assert.notEqual(one.status, 0);
      assert.match(one.stdout + one.stderr, re);
    }
    assert.deepEqual(await emu.writes(), []);
  });

  it("an apiUrl with the API's path fails before anything is sent, naming the setting and the address", async () => {
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: ["users:readonly"] } });
    await emu.control("DELETE", "requests");
    await mustPulumi(ws, p.dir, ["config", "set", "genesyscloud:apiUrl", `${emu.url}/api/v2`, "--stack", "dev"]);
    const r = await pulumi(ws, p.dir, ["preview", "--stack", "dev"]);
    await mustPulumi(ws, p.dir, ["config", "set", "genesyscloud:apiUrl", emu.url, "--stack", "dev"]);
    assert.notEqual(r.status, 0);
    assert.ok(
      (r.stdout + r.stderr).includes(
        `genesyscloud:apiUrl must be the base URL, without the path /api/v2 (the provider adds /api/v2/… and /oauth/token itself): use ${emu.url}`,
      ),
      r.stdout + r.stderr,
    );
    assert.deepEqual(await emu.requests(), [], "nothing reached the org");
  });

  it("a misspelt genesyscloud:* key is named at preview and by --stack, with the nearest setting: a warning, or an error for a safeguard", async () => {
    p.declare({ "acme-crm": { clientId: CLIENTS.acme, scopes: ["users:readonly"] } });
    await mustPulumi(ws, p.dir, ["config", "set", "genesyscloud:maxRetrys", "3", "--stack", "dev"]);
    await mustPulumi(ws, p.dir, ["config", "set", "genesyscloud:oauthClientID", DEMO.clientId, "--stack", "dev"]);
    try {
      const warned = await mustPulumi(ws, p.dir, ["preview", "--stack", "dev"]);
      assert.match(
        warned,
        /warning: stack config genesyscloud:maxRetrys is not a setting of pulumi-genesys-grants, so it changes nothing: did you mean genesyscloud:maxRetries\? Rename it with `pulumi config rm genesyscloud:maxRetrys` and `pulumi config set genesyscloud:maxRetries <value>`/,
      );
      assert.match(warned, /warning: stack config genesyscloud:oauthClientID is not a setting .*did you mean genesyscloud:oauthclientId\?/);
      const doctor = await sh(ws, p.dir, `node ${CLI} doctor --stack dev`);
      assert.match(doctor.stderr, /^genesys-grants: warning: stack config genesyscloud:maxRetrys is not a setting/m);

      // A misspelt pin would leave the stack unpinned: that stops the run, before anything is read.
      await mustPulumi(ws, p.dir, ["config", "set", "genesyscloud:orgid", "b40febb2-09ed-505c-ad7e-90c97f51e91c", "--stack", "dev"]);
      await emu.control("DELETE", "requests");
      const stopped = await pulumi(ws, p.dir, ["preview", "--stack", "dev"]);
      assert.notEqual(stopped.status, 0);
      assert.match(
        stopped.stdout + stopped.stderr,
        /stack config genesyscloud:orgid is not a setting .*did you mean genesyscloud:orgId\? .*\(genesyscloud:orgId keeps a safeguard, so this stops the run\)/,
      );
      assert.deepEqual(await emu.requests(), [], "nothing reached the org");
      const audit = await sh(ws, p.dir, `node ${CLI} doctor --stack dev`);
      assert.match(audit.stdout + audit.stderr, /genesyscloud:orgid is not a setting .*keeps a safeguard/);
    } finally {
      for (const key of ["maxRetrys", "oauthClientID", "orgid"])
        await pulumi(ws, p.dir, ["config", "rm", `genesyscloud:${key}`, "--stack", "dev"]);
    }
  });

  it("genesys-grants doctor --stack dev passes with credentials only in the stack's config, and never prints the secret", async () => {
    const r = await sh(ws, p.dir, `node ${CLI} doctor --stack dev`);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^✔ setting genesyscloud:oauthclientId: 96b32560-/m);
    assert.match(r.stdout, /^✔ setting genesyscloud:oauthclientSecret: set \(secret, not shown\)$/m);
    assert.match(r.stdout, /^✔ login: client credentials at http:\/\/127\.0\.0\.1:\d+ \(chosen by genesyscloud:apiUrl\)/m);
    assert.match(r.stdout, /^✔ org: "Demo Org"/m);
    assert.ok(!(r.stdout + r.stderr).includes(DEMO.clientSecret));
    // Flags come first, then the stack's config: --api-url overrides genesyscloud:apiUrl.
    const flag = await sh(ws, p.dir, `node ${CLI} doctor --stack dev --api-url http://127.0.0.1:9`);
    assert.equal(flag.status, 1);
    assert.match(flag.stdout, /chosen by --api-url/);
    // Without --stack nothing changes: the environment alone, which holds no credentials here.
    const none = await sh(ws, p.dir, `node ${CLI} doctor`);
    assert.equal(none.status, 1);
    assert.match(
      none.stdout,
      /^✘ settings: no Genesys Cloud credentials: .*— to fix: set or correct GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET/m,
    );
    const missing = await sh(ws, p.dir, `node ${CLI} doctor --stack nope`);
    assert.equal(missing.status, 1);
    assert.match(missing.stdout, /--stack nope: cannot read the stack's config/);
  });

  it("audit --stack reads the stack's state itself, and the emulator's admin finds the emulator from the stack's config", async () => {
    const audit = await sh(ws, p.dir, `node ${CLI} audit --stack dev`);
    // The stack manages nothing yet: every grant live in the demo org is unmanaged (exit 1).
    assert.equal(audit.status, 1, audit.stdout + audit.stderr);
    assert.match(audit.stdout, /\| unmanaged \| `Globex BI Dashboards` /);
    assert.ok(!(audit.stdout + audit.stderr).includes(DEMO.clientSecret));
    // No GENESYSCLOUD_API_URL here: genesyscloud:apiUrl of the stack names the emulator.
    const admin = await sh(
      ws,
      p.dir,
      `node ${path.join(path.dirname(CLI), "..", "emulator", "main.js")} admin rescope ${CLIENTS.globex} users:readonly --stack dev`,
    );
    assert.equal(admin.status, 0, admin.stdout + admin.stderr);
    assert.deepEqual((await emu.liveGrant(CLIENTS.globex))?.scope, ["users:readonly"]);
    const noStack = await sh(
      ws,
      p.dir,
      `node ${path.join(path.dirname(CLI), "..", "emulator", "main.js")} admin revoke ${CLIENTS.globex} --stack nope`,
    );
    assert.equal(noStack.status, 2);
    assert.match(noStack.stderr, /--stack nope: cannot read genesyscloud:apiUrl/);
  });
});

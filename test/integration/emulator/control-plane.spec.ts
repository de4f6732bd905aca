import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import * as readline from "node:readline";
import axios from "axios";
import { CLIENTS, DEMO, EmulatorHandle, seedCopy } from "../../support/emulator";
import { loadSeedFile, validateSeed, startEmulator } from "../../../emulator";
import { REPO_ROOT } from "../../../scripts/lib/pulumi-cli";

const http = axios.create({ validateStatus: () => true });

describe("emulator: control plane", () => {
  let emu: EmulatorHandle;
  let auth: { Authorization: string };
  before(async () => {
    emu = await EmulatorHandle.start();
    auth = { Authorization: `Bearer ${await emu.token(DEMO.clientId, DEMO.clientSecret)}` };
  });
  after(() => emu.close());
  beforeEach(() => emu.control("POST", "reset"));

  it("injects a 429 with Retry-After and the vendor's normalized body, `times` times", async () => {
    await emu.fault({ method: "GET", path: "/api/v2/oauth/scopes", status: 429, retryAfter: 2, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await http.get(emu.url + "/api/v2/oauth/scopes", { headers: auth });
      assert.equal(res.status, 429);
      assert.equal(res.headers["retry-after"], "2");
      assert.deepEqual(res.data, {
        message: "Rate limit exceeded the maximum. Retry the request in [2] seconds",
        code: "too.many.requests.retry.after",
        status: 429,
        contextId: res.headers["inin-correlation-id"],
        details: [],
        errors: [],
      });
    }
    assert.equal((await http.get(emu.url + "/api/v2/oauth/scopes", { headers: auth })).status, 200);
  });

  it("matches faults by method and path prefix only", async () => {
    await emu.fault({ method: "PUT", path: "/api/v2/oauth/authorizations", status: 503 });
    assert.equal((await http.get(emu.url + `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { headers: auth })).status, 200);
    const put = await http.put(emu.url + `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics"] }, { headers: auth });
    assert.equal(put.status, 503);
    assert.equal(put.data.code, "service.unavailable");
    assert.equal(await emu.liveGrant(CLIENTS.acme), undefined, "a faulted write changes nothing");
    await emu.control("DELETE", "faults");
    assert.equal(
      (await http.put(emu.url + `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics"] }, { headers: auth })).status,
      200,
    );
  });

  it("drops the connection for a reset fault", async () => {
    await emu.fault({ path: "/api/v2/oauth/scopes", reset: true, times: 1 });
    await assert.rejects(
      http.get(emu.url + "/api/v2/oauth/scopes", { headers: auth }),
      (e: { code?: string }) => e.code === "ECONNRESET" || e.code === "EPIPE",
    );
    const log = await emu.requests();
    assert.equal(log.at(-1)?.fault, "reset");
  });

  it("delays with delayMs (observed in the request log's duration)", async () => {
    await emu.fault({ path: "/api/v2/organizations/me", delayMs: 150, times: 1 });
    assert.equal((await http.get(emu.url + "/api/v2/organizations/me", { headers: auth })).status, 200);
    const entry = (await emu.requests()).find((r) => r.path === "/api/v2/organizations/me");
    assert.ok(entry && entry.durationMs >= 150, JSON.stringify(entry));
  });

  it("applies probability (0 never fires, 1 always does)", async () => {
    await emu.fault({ path: "/api/v2/oauth/scopes", status: 500, probability: 0 });
    assert.equal((await http.get(emu.url + "/api/v2/oauth/scopes", { headers: auth })).status, 200);
    await emu.control("DELETE", "faults");
    await emu.fault({ path: "/api/v2/oauth/scopes", status: 500, probability: 1 });
    assert.equal((await http.get(emu.url + "/api/v2/oauth/scopes", { headers: auth })).status, 500);
  });

  it("rate-limits logins the vendor's way: 400 invalid_request, rate limit exceeded;", async () => {
    await emu.fault({ path: "/oauth/token", status: 400, times: 1 });
    const res = await http.post(emu.url + "/oauth/token", "grant_type=client_credentials", {
      auth: { username: DEMO.clientId, password: DEMO.clientSecret },
    });
    assert.equal(res.status, 400);
    assert.equal(res.data.error, "invalid_request");
    assert.match(res.data.description, /^rate limit exceeded;/);
  });

  it("refuses a malformed fault with the reason", async () => {
    const res = await http.post(emu.url + "/__emulator/faults", { path: "/x", status: 200, colour: "red" });
    assert.equal(res.status, 400);
    assert.match(res.data.message, /colour: is not a field of a fault/);
    assert.match(res.data.message, /status: must be 400-599/);
  });

  it("logs vendor requests (not control-plane ones) and clears the log", async () => {
    await emu.control("DELETE", "requests");
    await http.get(emu.url + "/api/v2/oauth/scopes", { headers: auth });
    const log = await emu.requests();
    assert.deepEqual(
      log.map((r) => [r.method, r.path, r.status]),
      [["GET", "/api/v2/oauth/scopes", 200]],
    );
    assert.ok(Date.parse(log[0].time) > 0);
  });

  it("resets the org to the seed and shows it as JSON", async () => {
    await http.put(emu.url + `/api/v2/oauth/authorizations/${CLIENTS.acme}`, { scope: ["analytics"] }, { headers: auth });
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
    await emu.control("POST", "reset");
    assert.equal(await emu.liveGrant(CLIENTS.acme), undefined);
  });
});

describe("emulator: seeds and persistence", () => {
  it("refuses a bad seed with every problem named", () => {
    const seed = seedCopy() as unknown as Record<string, unknown>;
    (seed.organization as Record<string, unknown>).colour = "red";
    (seed.clients as Array<Record<string, unknown>>)[4].owner = "someone";
    assert.throws(
      () => validateSeed(seed, "my-seed.json"),
      (e: Error) => /organization\.colour: is not a known key/.test(e.message) && /clients\[4\]\.owner: must be one of/.test(e.message),
    );
  });

  it("refuses cross-reference mistakes in a seed", () => {
    const seed = seedCopy();
    seed.authorizations[0].scope.push("not-a-scope");
    assert.throws(() => validateSeed(seed), /\/authorizations\/0\/scope: "not-a-scope" is not in \/scopes/);
  });

  it("names an unreadable or non-JSON seed file", () => {
    assert.throws(
      () => loadSeedFile("/nonexistent/seed.json"),
      /^Error: cannot read seed \/nonexistent\/seed.json: there is no such file; give a seed file/,
    );
    const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "seed-")), "s.json");
    fs.writeFileSync(f, "{ nope");
    assert.throws(() => loadSeedFile(f), /is not JSON: expected property name or .\}., at line 1, column 3$/);
  });

  it("keeps the org across a restart with --state", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-state-"));
    const statePath = path.join(dir, "org.json");
    const first = await EmulatorHandle.start({ statePath });
    const token = await first.token(DEMO.clientId, DEMO.clientSecret);
    await axios.put(
      first.url + `/api/v2/oauth/authorizations/${CLIENTS.acme}`,
      { scope: ["analytics"] },
      { headers: { Authorization: `Bearer ${token}` } },
    );
    await first.close();
    assert.deepEqual(fs.readdirSync(dir), ["org.json"], "no temporary file is left behind");
    const second = await EmulatorHandle.start({ statePath });
    try {
      assert.deepEqual((await second.liveGrant(CLIENTS.acme))?.scope, ["analytics"]);
    } finally {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("npm run -s emulator -- --port 0 prints exactly its address as its first line, then the settings to paste, and serves it", async () => {
    const env = { ...process.env };
    delete env.GENESYSCLOUD_OAUTHCLIENT_ID;
    delete env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
    const child = spawn("npm", ["run", "-s", "emulator", "--", "--port", "0"], {
      cwd: REPO_ROOT,
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
      env,
    });
    try {
      const lines: string[] = [];
      await new Promise<void>((resolve) => {
        const rl = readline.createInterface({ input: child.stdout! });
        rl.on("line", (l) => lines.push(l) && l.startsWith("# Act as an administrator") && resolve());
      });
      assert.match(lines[0], /^genesys-emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = lines[0].split(" ").pop()!;
      assert.equal((await http.get(url + "/api/v2/oauth/scopes")).status, 401);
      // The settings line, pasted into a shell, points the provider at this org with its admin client.
      const exported = lines.find((l) => l.startsWith("export "));
      assert.equal(
        exported,
        `export GENESYSCLOUD_API_URL=${url} GENESYSCLOUD_OAUTHCLIENT_ID=${DEMO.clientId} GENESYSCLOUD_OAUTHCLIENT_SECRET=${DEMO.clientSecret}`,
      );
      // And as stack config, for a project that keeps its settings there.
      const config = lines.filter((l) => l.startsWith("pulumi config set "));
      assert.deepEqual(config, [
        `pulumi config set genesyscloud:apiUrl ${url}`,
        `pulumi config set genesyscloud:oauthclientId ${DEMO.clientId}`,
        `pulumi config set --secret genesyscloud:oauthclientSecret ${DEMO.clientSecret}`,
      ]);
      const t = await http.post(url + "/oauth/token", "grant_type=client_credentials", {
        auth: { username: DEMO.clientId, password: DEMO.clientSecret },
      });
      assert.equal(t.status, 200);
      // The admin-UI stand-in changes a grant as a person would.
      const admin = spawnSync(
        process.execPath,
        [path.join(REPO_ROOT, "dist", "emulator", "main.js"), "admin", "rescope", CLIENTS.acme, "users:readonly", "--url", url],
        { encoding: "utf8" },
      );
      assert.equal(admin.status, 0, admin.stderr);
      assert.match(
        admin.stdout,
        /^re-scoped client "Acme CRM Connector" \(cea70f27-[0-9a-f-]+\): scopes \[users:readonly\], as "Org admin console"\n$/,
      );
      const revoke = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "emulator", "main.js"), "admin", "revoke", CLIENTS.acme], {
        encoding: "utf8",
        env: { ...env, GENESYSCLOUD_API_URL: url },
      });
      assert.equal(revoke.status, 0, revoke.stderr);
      const bad = spawnSync(process.execPath, [path.join(REPO_ROOT, "dist", "emulator", "main.js"), "admin", "rescope", CLIENTS.acme], {
        encoding: "utf8",
      });
      assert.equal(bad.status, 2);
      assert.equal(
        bad.stderr,
        "genesys-emulator admin rescope: missing required argument 'SCOPE'. Run genesys-emulator admin rescope --help\n",
      );
    } finally {
      process.kill(-child.pid!, "SIGTERM"); // npm, its shell and the emulator
    }
  });

  it("starts on a given seed object", async () => {
    const seed = seedCopy();
    seed.organization.name = "Other Org";
    const e = await startEmulator({ seed, env: {} });
    try {
      const t = await http.post(e.url + "/oauth/token", "grant_type=client_credentials", {
        auth: { username: DEMO.clientId, password: DEMO.clientSecret },
      });
      const org = await http.get(e.url + "/api/v2/organizations/me", { headers: { Authorization: `Bearer ${t.data.access_token}` } });
      assert.equal(org.data.name, "Other Org");
    } finally {
      await e.close();
    }
  });
});

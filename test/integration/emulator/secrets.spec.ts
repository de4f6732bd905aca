import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import axios from "axios";
import { startEmulator, RunningEmulator } from "../../../emulator";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../../emulator/seed";
import { DEMO } from "../../support/emulator";

const ENV_ID = "0b6f1a52-7d3e-4c11-9a8e-5f2d6c4b3a21";
const ENV_SECRET = "a-real-looking-secret-7Qx9";
const SEED_SECRETS = loadSeedFile(DEFAULT_SEED_PATH)
  .clients.map((c) => c.secret)
  .filter((s): s is string => s !== undefined);

const login = (url: string, id: string, secret: string) =>
  axios.post(url + "/oauth/token", "grant_type=client_credentials", {
    auth: { username: id, password: secret },
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    validateStatus: () => true,
  });

const control = (url: string, route: string, token?: string) =>
  axios.get(`${url}/__emulator/${route}`, { headers: token ? { Authorization: `Bearer ${token}` } : {}, validateStatus: () => true });

/** Every secret the emulator was given, none of which may appear in what it serves or writes. */
function assertNoSecret(text: string, where: string): void {
  for (const s of [ENV_SECRET, ...SEED_SECRETS]) assert.ok(!text.includes(s), `${where} holds a client secret`);
}

describe("emulator: it never stores or serves a client secret", () => {
  let dir: string;
  let emu: RunningEmulator | undefined;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "emulator-secrets-"))));
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("keeps only hashes: /__emulator/state and the --state file hold no secret, and both logins still work, also after a restart", async () => {
    const statePath = path.join(dir, "org.json");
    const env = { GENESYSCLOUD_OAUTHCLIENT_ID: ENV_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET: ENV_SECRET };
    emu = await startEmulator({ env, statePath });
    assert.equal((await login(emu.url, ENV_ID, ENV_SECRET)).status, 200);
    assert.equal((await login(emu.url, DEMO.clientId, DEMO.clientSecret)).status, 200);
    assert.equal((await login(emu.url, ENV_ID, ENV_SECRET + "x")).status, 401);
    const state = await control(emu.url, "state");
    assert.equal(state.status, 200);
    assertNoSecret(JSON.stringify(state.data), "GET /__emulator/state");
    assertNoSecret(fs.readFileSync(statePath, "utf8"), "the --state file");
    const envClient = (state.data as { clients: Array<{ id: string; secretHash?: string; secret?: string }> }).clients.find(
      (c) => c.id === ENV_ID,
    );
    assert.match(String(envClient?.secretHash), /^sha256:[0-9a-f]{32}:[0-9a-f]{64}$/);
    assert.equal(envClient?.secret, undefined);
    await emu.close();

    // Resumed from its state file, without the environment: the hash alone opens the login.
    emu = await startEmulator({ env: {}, statePath });
    assert.equal((await login(emu.url, ENV_ID, ENV_SECRET)).status, 200);
    assert.equal((await login(emu.url, DEMO.clientId, DEMO.clientSecret)).status, 200);
    assertNoSecret(fs.readFileSync(statePath, "utf8"), "the --state file after a restart");
  });

  it("a state file written with plaintext secrets (an earlier version) is rewritten with hashes at start", async () => {
    const statePath = path.join(dir, "old.json");
    fs.writeFileSync(statePath, fs.readFileSync(DEFAULT_SEED_PATH));
    assert.ok(fs.readFileSync(statePath, "utf8").includes(DEMO.clientSecret));
    emu = await startEmulator({ env: {}, statePath });
    assertNoSecret(fs.readFileSync(statePath, "utf8"), "the rewritten state file");
    assert.equal((await login(emu.url, DEMO.clientId, DEMO.clientSecret)).status, 200);
  });
});

describe("emulator: the control plane beyond loopback", () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("on loopback (the default) it needs no token", async () => {
    emu = await startEmulator({ env: {} });
    assert.equal(emu.controlToken, undefined);
    assert.equal((await control(emu.url, "faults")).status, 200);
  });

  it("listening on every address, it answers 401 without the token it made up, and serves with it; the vendor API is unchanged", async () => {
    emu = await startEmulator({ env: {}, host: "0.0.0.0" });
    const url = emu.url.replace("0.0.0.0", "127.0.0.1");
    assert.match(String(emu.controlToken), /^[\w-]{32}$/);
    for (const route of ["state", "requests", "faults"]) {
      const refused = await control(url, route);
      assert.equal(refused.status, 401, route);
      assert.match(refused.data.message, /needs the header Authorization: Bearer <token>/);
      assert.equal((await control(url, route, "wrong")).status, 401, route);
      assert.equal((await control(url, route, emu.controlToken)).status, 200, route);
    }
    assert.equal((await login(url, DEMO.clientId, DEMO.clientSecret)).status, 200);
  });

  it("a token given is required even on loopback", async () => {
    emu = await startEmulator({ env: {}, controlToken: "given-token-1234" });
    assert.equal((await control(emu.url, "faults")).status, 401);
    assert.equal((await control(emu.url, "faults", "given-token-1234")).status, 200);
  });
});

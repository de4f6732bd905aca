import * as assert from "node:assert/strict";
import axios from "axios";
import { DEMO, EmulatorHandle } from "../../support/emulator";

const http = axios.create({ validateStatus: () => true });

describe("emulator: the vendor's request budgets (--rate-limit, --app-rate-limit, --login-rate-limit)", () => {
  let emu: EmulatorHandle;
  afterEach(() => emu?.close());

  it("refuses a token's request past its budget per rolling minute, as the vendor does, and logs the 429 with its Retry-After", async () => {
    emu = await EmulatorHandle.start({ rateLimitPerMinute: 3 });
    const token = await emu.token(DEMO.clientId, DEMO.clientSecret);
    const get = (t: string) => http.get(emu.url + "/api/v2/oauth/scopes", { headers: { Authorization: `Bearer ${t}` } });
    for (let i = 0; i < 3; i++) assert.equal((await get(token)).status, 200);
    const refused = await get(token);
    assert.equal(refused.status, 429);
    const wait = Number(refused.headers["retry-after"]);
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 60, `Retry-After ${refused.headers["retry-after"]}`);
    assert.equal(refused.data.code, "too.many.requests.retry.after");
    assert.equal(refused.data.message, `Rate limit exceeded the maximum. Retry the request in [${wait}] seconds`);
    // A refused request does not count; another token has a budget of its own.
    assert.equal((await get(token)).status, 429);
    const other = await emu.token(DEMO.clientId, DEMO.clientSecret);
    assert.equal((await get(other)).status, 200);
    const log = await emu.requests();
    const limited = log.filter((e) => e.status === 429);
    assert.equal(limited.length, 2);
    assert.ok(limited.every((e) => e.retryAfter !== undefined && e.retryAfter >= 1 && e.retryAfter <= 60));
    // A reset starts every budget again.
    await emu.control("POST", "reset");
    const fresh = await emu.token(DEMO.clientId, DEMO.clientSecret);
    assert.equal((await get(fresh)).status, 200);
  });

  it("refuses an app's requests past its budget over all its tokens, and none without a budget", async () => {
    emu = await EmulatorHandle.start({ appRateLimitPerMinute: 4 });
    const get = (t: string) => http.get(emu.url + "/api/v2/oauth/scopes", { headers: { Authorization: `Bearer ${t}` } });
    const a = await emu.token(DEMO.clientId, DEMO.clientSecret);
    const b = await emu.token(DEMO.clientId, DEMO.clientSecret);
    const statuses = [];
    for (const t of [a, b, a, b, a]) statuses.push((await get(t)).status);
    assert.deepEqual(statuses, [200, 200, 200, 200, 429]);
    // Another app of the org is not counted with it.
    const viewer = await emu.token(DEMO.viewerClientId, DEMO.viewerClientSecret);
    assert.equal((await get(viewer)).status, 200);
    await emu.close();
    emu = await EmulatorHandle.start();
    const c = await emu.token(DEMO.clientId, DEMO.clientSecret);
    for (let i = 0; i < 20; i++) assert.equal((await get(c)).status, 200);
  });

  it("refuses a client's logins past its limit per 10 s, with the vendor's 400; another client's pass", async () => {
    emu = await EmulatorHandle.start({ loginRateLimit: 1 });
    const login = (id: string, secret: string) =>
      http.post(emu.url + "/oauth/token", "grant_type=client_credentials", {
        auth: { username: id, password: secret },
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
      });
    assert.equal((await login(DEMO.clientId, DEMO.clientSecret)).status, 200);
    const refused = await login(DEMO.clientId, DEMO.clientSecret);
    assert.equal(refused.status, 400);
    assert.equal(refused.data.error, "invalid_request");
    assert.match(refused.data.error_description, /^rate limit exceeded;/);
    // A bad secret is refused as such, not counted against the interval.
    assert.equal((await login(DEMO.uiClientId, "wrong")).status, 401);
    assert.equal((await login(DEMO.uiClientId, DEMO.uiClientSecret)).status, 200);
    assert.deepEqual(
      (await emu.requests()).filter((e) => e.path === "/oauth/token").map((e) => e.status),
      [200, 400, 401, 200],
    );
    await emu.control("POST", "reset");
    assert.equal((await login(DEMO.clientId, DEMO.clientSecret)).status, 200, "a reset starts the window again");
  });

  it("revokes live tokens on request, a client's or all: their next call is 401", async () => {
    emu = await EmulatorHandle.start();
    const get = (t: string) => http.get(emu.url + "/api/v2/oauth/scopes", { headers: { Authorization: `Bearer ${t}` } });
    const a = await emu.token(DEMO.clientId, DEMO.clientSecret);
    const b = await emu.token(DEMO.uiClientId, DEMO.uiClientSecret);
    assert.deepEqual(await emu.control("POST", "tokens/revoke", { clientId: DEMO.clientId }), { revoked: 1 });
    assert.equal((await get(a)).status, 401);
    assert.equal((await get(b)).status, 200);
    assert.deepEqual(await emu.control("POST", "tokens/revoke"), { revoked: 1 });
    assert.equal((await get(b)).status, 401);
  });
});

import * as assert from "node:assert/strict";
import axios from "axios";
import { DEMO, EmulatorHandle } from "../../support/emulator";

const http = axios.create({ validateStatus: () => true });

describe("emulator: the vendor's request budgets (--rate-limit, --app-rate-limit)", () => {
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
});

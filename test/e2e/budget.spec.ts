import * as assert from "node:assert/strict";
import { Stack } from "@pulumi/pulumi/automation";
import { bigOrgSeed } from "../../scripts/lib/big-org";
import { tempWorkspace, withShippedDefaults, Workspace } from "../../scripts/lib/pulumi-cli";
import { DEMO, EmulatorHandle } from "../support/emulator";
import { reportedChanges, syntheticStack, withoutReadBack } from "../support/engine";

const BUDGET = 30;
const GRANTS = 20;

/**
 * The vendor's budget, through the real engine: the emulator refuses a token's requests past
 * BUDGET a minute, as the vendor does past 300, and the provider, told the same budget
 * (genesyscloud:requestsPerMinute), paces itself: an up that needs more requests than one
 * minute's budget waits for its slots instead of being refused.
 */
describe("within the vendor's budget: the provider paces itself (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  let stack: Stack;

  before(async () => {
    emu = await EmulatorHandle.start({ seed: bigOrgSeed(GRANTS), rateLimitPerMinute: BUDGET });
    ws = tempWorkspace("grants-budget-");
    stack = await syntheticStack(ws, "budget", GRANTS, emu.url, {
      "genesyscloud:requestsPerMinute": { value: String(BUDGET) },
      // One token: how one token's budget is kept, as with a pool of 1; the pool is the next suite's.
      "genesyscloud:tokenPoolSize": { value: "1" },
    });
  });
  after(async () => {
    ws?.remove();
    await emu?.close();
  });

  it(`an up that needs more than a minute's budget (${BUDGET} requests) converges with no request refused, never past the budget in any minute`, async () => {
    const up = await withoutReadBack(stack).up({ parallel: 8 });
    assert.deepEqual(reportedChanges(up.stdout), { create: GRANTS + 1 }, up.stdout);
    const api = (await emu.requests()).filter((e) => e.path.startsWith("/api/"));
    assert.ok(api.length > BUDGET, `the up needed ${api.length} API requests, more than a minute's budget`);
    assert.deepEqual(
      api.filter((e) => e.status === 429),
      [],
      "no request was refused",
    );
    for (const e of api) {
      const inWindow = api.filter((x) => x.timeMs >= e.timeMs && x.timeMs < e.timeMs + 60_000).length;
      assert.ok(inWindow <= BUDGET, `${inWindow} requests in the minute from ${e.time}`);
    }
    const live = (await emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"));
    assert.equal(live.length, GRANTS);
  });
});

/**
 * The token pool, through the real engine, with the emulator enforcing all three of the vendor's
 * limits: per token, per app, and at the token endpoint (5 logins per client per 10 s). The
 * vendor's 300 a minute per token is scaled down to TOKEN (and the provider told the same), so
 * that an up needing four tokens takes seconds, not minutes; the app's budget, APP, leaves the
 * up and the destroy room within one minute. The pool size is the one under test; the login
 * spacing and the retries are the shipped ones.
 */
describe("a token pool within all three of the vendor's limits (real engine)", function () {
  this.timeout(600_000);
  const TOKEN = 10;
  const APP = 100;
  const POOL = 4;
  const N = 17;
  let emu: EmulatorHandle;
  let ws: Workspace;
  let stack: Stack;

  before(async () => {
    emu = await EmulatorHandle.start({ seed: bigOrgSeed(N), rateLimitPerMinute: TOKEN, appRateLimitPerMinute: APP, loginRateLimit: 5 });
    ws = withShippedDefaults(tempWorkspace("grants-pool-"));
    stack = await syntheticStack(ws, "pool", N, emu.url, {
      "genesyscloud:requestsPerMinute": { value: String(TOKEN) },
      "genesyscloud:appRequestsPerMinute": { value: String(APP) },
      "genesyscloud:tokenPoolSize": { value: String(POOL) },
    });
  });
  after(async () => {
    ws?.remove();
    await emu?.close();
  });

  type Entry = Awaited<ReturnType<EmulatorHandle["requests"]>>[number];
  const busiest = (entries: Entry[]) =>
    Math.max(0, ...entries.map((e) => entries.filter((x) => x.timeMs >= e.timeMs && x.timeMs < e.timeMs + 60_000).length));
  /** The log's logins and API requests, each login accepted and no request refused by a budget. */
  async function withinLimits() {
    const log = await emu.requests();
    const api = log.filter((e) => e.path.startsWith("/api/"));
    const logins = log.filter((e) => e.path === "/oauth/token");
    assert.deepEqual(
      logins.map((e) => e.status),
      logins.map(() => 200),
      "the token endpoint refused no login",
    );
    assert.deepEqual(
      api.filter((e) => e.status === 429),
      [],
      "no budget refused a request",
    );
    for (const t of new Set(api.map((e) => e.token))) assert.ok(busiest(api.filter((e) => e.token === t)) <= TOKEN, `token ${t}`);
    assert.ok(busiest(api) <= APP, "the app's budget");
    return { api, logins };
  }

  it(`spreads one up over ${POOL} tokens, past no budget, with no login refused`, async () => {
    const up = await withoutReadBack(stack).up({ parallel: 8 });
    assert.deepEqual(reportedChanges(up.stdout), { create: N + 1 }, up.stdout);
    const { api, logins } = await withinLimits();
    assert.ok(api.length > (POOL - 1) * TOKEN, `the up needed ${api.length} API requests, more than ${POOL - 1} tokens' budgets`);
    assert.equal(logins.length, POOL);
    assert.deepEqual([...new Set(api.map((e) => e.token))].sort(), [1, 2, 3, 4], "every request made with one of the pool's four tokens");
    const live = (await emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"));
    assert.equal(live.length, N);
  });

  it("replaces the tokens revoked mid-run, within the token endpoint's limit, and the run completes", async () => {
    await emu.control("DELETE", "requests");
    // Each revoke takes a little while, so that the run is still writing when its tokens go.
    await emu.fault({ method: "DELETE", path: "/api/v2/oauth/authorizations", delayMs: 150 });
    let revokedAt = 0;
    const revoked = emu
      .waitForRequests((e) => e.method === "DELETE" && e.status === 204, 1)
      .then(async () => {
        revokedAt = Date.now();
        return emu.control<{ revoked: number }>("POST", "tokens/revoke", {});
      });
    const destroy = await withoutReadBack(stack).destroy({ parallel: 8 });
    assert.deepEqual(reportedChanges(destroy.stdout), { delete: N + 1 }, destroy.stdout);
    assert.ok((await revoked).revoked >= 1, "tokens were live, and revoked, mid-run");
    const { api, logins } = await withinLimits();
    const before = new Set(api.filter((e) => e.timeMs < revokedAt && e.token !== undefined).map((e) => e.token));
    const after = api.filter((e) => e.timeMs > revokedAt + 50 && e.status !== 401);
    assert.ok(after.length > 0, "the run went on after its tokens were revoked");
    assert.ok(
      api.some((e) => e.status === 401),
      "a revoked token was refused",
    );
    assert.ok(
      after.every((e) => e.token !== undefined && !before.has(e.token)),
      "after the revoke, every request carries a token minted since",
    );
    assert.ok(
      logins.some((e) => e.timeMs > revokedAt),
      "a login replaced them",
    );
    assert.deepEqual(
      (await emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed")),
      [],
    );
  });

  it("a preview of a small stack, at the shipped settings (a pool of 10), logs in once", async () => {
    await emu.control("DELETE", "requests");
    // As another OAuth client, whose logins the token endpoint counts apart from the deployer's.
    const small = await syntheticStack(ws, "pool-small", 3, emu.url, {
      "genesyscloud:oauthclientId": { value: DEMO.uiClientId },
      "genesyscloud:oauthclientSecret": { value: DEMO.uiClientSecret, secret: true },
    });
    await small.preview();
    const logins = (await emu.requests()).filter((e) => e.path === "/oauth/token");
    assert.equal(logins.length, 1, "one token minted");
    assert.ok((await emu.requests()).filter((e) => e.path.startsWith("/api/")).length >= 3, "the preview read the org");
  });
});

import * as assert from "node:assert/strict";
import fc from "fast-check";
import { PACER_MARGIN_MS, PACER_WINDOW_MS, TokenPool } from "../../../genesys/token-pool";

const SLOT = PACER_WINDOW_MS + PACER_MARGIN_MS;

/** A pool on an injected clock: sleeping moves the clock; nothing really waits. Each login takes `loginMs`. */
function pooled(o: {
  size: number;
  perToken: number;
  app: number;
  spacing?: number;
  loginMs?: number;
  failLogin?: (n: number) => boolean;
}) {
  let now = 0;
  const sent: { at: number; token: string }[] = [];
  const logins: number[] = [];
  const pool = new TokenPool({
    size: o.size,
    perTokenPerMinute: o.perToken,
    appPerMinute: o.app,
    mintSpacingMs: o.spacing ?? 2500,
    renewMarginMs: 60_000,
    now: () => now,
    sleep: async (ms) => void (now += ms),
    mint: async () => {
      logins.push(now);
      now += o.loginMs ?? 0;
      if (o.failLogin?.(logins.length)) throw new Error(`login ${logins.length} refused`);
      return { value: `token-${logins.length}`, expiresAt: now + 86_400_000 };
    },
  });
  return {
    pool,
    sent,
    logins,
    at: (t: number) => (now = Math.max(now, t)),
    send: async () => {
      const token = await pool.acquire();
      sent.push({ at: now, token });
      return token;
    },
  };
}

/** A pool of one fixed access token ("given"), `perToken` a minute, on an injected clock. */
function fixedPool(perToken: number) {
  let now = 0;
  const pool = new TokenPool({
    size: 10,
    perTokenPerMinute: perToken,
    appPerMinute: 100,
    mintSpacingMs: 0,
    renewMarginMs: 0,
    now: () => now,
    sleep: async (ms) => void (now += ms),
    mint: () => assert.fail("no login with an access token"),
    fixed: { value: "given", expiresAt: Number.POSITIVE_INFINITY },
  });
  return { pool, now: () => now };
}

/** The most requests of `sent` (those `which` keeps) that fall in any one window. */
function busiestWindow(sent: { at: number; token: string }[], which: (s: { token: string }) => boolean = () => true): number {
  const times = sent.filter(which).map((s) => s.at);
  return Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + SLOT).length));
}

describe("the token pool: within each token's budget and the app's, tokens minted as the work needs them", () => {
  it("with one token, sends a budget's worth at once, then each next request when the oldest leaves the window", async () => {
    const p = pooled({ size: 1, perToken: 3, app: 3000 });
    await Promise.all(Array.from({ length: 7 }, () => p.send()));
    assert.deepEqual(
      p.sent.map((s) => s.at),
      [0, 0, 0, SLOT, SLOT, SLOT, 2 * SLOT],
    );
    assert.equal(p.logins.length, 1);
  });

  it("mints no second token while the first has room: a small run logs in once", async () => {
    const p = pooled({ size: 10, perToken: 300, app: 3000 });
    await Promise.all(Array.from({ length: 300 }, () => p.send()));
    assert.deepEqual(p.logins, [0]);
    assert.equal(p.pool.minted(), 1);
  });

  it("spreads a large run over the pool, its logins one at a time and spaced, and keeps to the app's budget", async () => {
    const p = pooled({ size: 10, perToken: 300, app: 3000, spacing: 2500, loginMs: 400 });
    await Promise.all(Array.from({ length: 2004 }, () => p.send()));
    assert.equal(p.logins.length, 7, "2,004 requests need 7 tokens of 300");
    for (let i = 1; i < p.logins.length; i++) assert.ok(p.logins[i] - p.logins[i - 1] >= 2500 + 400, `logins at ${p.logins.join(", ")}`);
    const tokens = new Set(p.sent.map((s) => s.token));
    assert.equal(tokens.size, 7);
    for (const t of tokens) assert.ok(busiestWindow(p.sent, (s) => s.token === t) <= 300);
    assert.ok(busiestWindow(p.sent) <= 3000);
    // Within a minute's budget of the app, the run is not held back by a window.
    assert.ok(p.sent[p.sent.length - 1].at < 7 * 2900, `last request at ${p.sent[p.sent.length - 1].at} ms`);
  });

  it("never exceeds a token's budget nor the app's in any window, whatever the arrivals and the sizes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.nat(200_000), { maxLength: 60 }),
        async (size, perToken, app, arrivals) => {
          const p = pooled({ size, perToken, app, spacing: 1000 });
          const pending: Promise<string>[] = [];
          for (const t of [...arrivals].sort((a, b) => a - b)) {
            p.at(t);
            pending.push(p.send());
          }
          await Promise.all(pending);
          assert.equal(p.sent.length, arrivals.length);
          assert.ok(busiestWindow(p.sent) <= app, "the app's budget");
          for (const t of new Set(p.sent.map((s) => s.token))) assert.ok(busiestWindow(p.sent, (s) => s.token === t) <= perToken, t);
          assert.ok(p.logins.length <= size);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("replaces a token the API refused, when the work needs one", async () => {
    const p = pooled({ size: 2, perToken: 2, app: 100 });
    const first = await p.send();
    p.pool.invalidate(first);
    const next = await p.send();
    assert.notEqual(next, first);
    assert.equal(p.logins.length, 2);
  });

  it("goes on with the tokens it has when a further login is refused; fails only with none", async () => {
    const p = pooled({ size: 5, perToken: 2, app: 100, failLogin: (n) => n === 2 });
    await Promise.all(Array.from({ length: 6 }, () => p.send()));
    assert.equal(p.sent.length, 6);
    assert.deepEqual([...new Set(p.sent.map((s) => s.token))], ["token-1"], "the pool stays at the one token it has");
    assert.equal(p.logins.length, 2);

    const none = pooled({ size: 5, perToken: 2, app: 100, failLogin: () => true });
    await assert.rejects(none.send(), /login 1 refused/);
  });

  it("uses a fixed access token as is, and never logs in", async () => {
    const { pool, now } = fixedPool(2);
    const got = await Promise.all([pool.acquire(), pool.acquire(), pool.acquire()]);
    assert.deepEqual(got, ["given", "given", "given"]);
    assert.equal(now(), SLOT, "the third waits for the window, as one token must");
  });

  it("sends each request by the least-used token with room, the first of equals", async () => {
    const p = pooled({ size: 2, perToken: 3, app: 100, spacing: 0 });
    await Promise.all([p.send(), p.send(), p.send()]);
    p.at(30_000);
    await p.send(); // the first token is full: a second is minted
    p.at(SLOT + 100); // the first token's three have left its window; the second holds one
    const after = [await p.send(), await p.send(), await p.send()];
    assert.deepEqual(after, ["token-1", "token-1", "token-2"]);
  });

  it("renews a token before it expires, as its renewal margin says, and says when the first expires", async () => {
    const p = pooled({ size: 1, perToken: 100, app: 100 });
    assert.equal(p.pool.firstExpiry(), undefined, "no token before the first request");
    await p.send();
    const expiry = p.pool.firstExpiry()!;
    p.at(expiry - 60_000 - 1);
    assert.equal(await p.send(), "token-1");
    p.at(expiry - 60_000);
    assert.equal(await p.send(), "token-2", "renewed once within the margin");
  });

  it("keeps its tokens when told of one it does not hold, and keeps a fixed token whatever it is told", async () => {
    const p = pooled({ size: 2, perToken: 5, app: 100 });
    const t = await p.send();
    p.pool.invalidate("not-a-token-of-this-pool");
    assert.equal(await p.send(), t);
    assert.equal(p.logins.length, 1);
    const { pool: fixed } = fixedPool(5);
    fixed.invalidate("given");
    assert.equal(await fixed.acquire(), "given");
  });

  it("fails the requests waiting for a login that failed with that login's error, without a login each; a later request tries again", async () => {
    const p = pooled({ size: 3, perToken: 5, app: 100, failLogin: (n) => n === 1 });
    const waiting = await Promise.allSettled([p.send(), p.send(), p.send()]);
    assert.deepEqual(
      waiting.map((w) => (w.status === "rejected" ? (w.reason as Error).message : w.status)),
      ["login 1 refused", "login 1 refused", "login 1 refused"],
    );
    assert.equal(p.logins.length, 1);
    assert.equal(await p.send(), "token-2");
  });
});

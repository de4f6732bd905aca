import * as assert from "node:assert/strict";
import { GenesysApiError, GenesysRateLimitError, networkError } from "../../../genesys";
import { normalizeOptions } from "../../../genesys/options";
import { describeRetry, refusedWait, retryDecision } from "../../../genesys/retry";

/** The retry policy's table (genesys/retry.ts), decision by decision, with the jitter drawn at its ends. */
const options = (random: number, extra: Partial<Parameters<typeof normalizeOptions>[0]> = {}) =>
  normalizeOptions({ retryBaseMs: 500, ...extra, apiBase: "http://x", loginBase: "http://x", accessToken: "t", random: () => random });
const fields = { code: "x", vendorMessage: "m", method: "GET", path: "/api/v2/a" };
const rateLimited = (retryAfterMs?: number) =>
  new GenesysRateLimitError({ ...fields, status: 429, code: "too.many.requests", retryAfterMs });
const server = (status: number, retryAfterMs?: number) => new GenesysApiError({ ...fields, status, retryAfterMs });
const noAnswer = (code: string) => networkError({ method: "GET", path: "/api/v2/a", url: "http://x/api/v2/a", code }, []);

describe("the retry policy", () => {
  it("backs off exponentially, with its jitter between half and all of the step, capped per step", () => {
    const step = (attempt: number, random: number, maxBackoffMs = 16_000) =>
      retryDecision(server(503), attempt, 0, options(random, { maxBackoffMs }));
    assert.deepEqual(step(1, 0), { retry: true, delayMs: 250, reason: "server error 503" });
    assert.deepEqual(step(1, 1), { retry: true, delayMs: 500, reason: "server error 503" });
    assert.deepEqual(step(3, 1), { retry: true, delayMs: 2000, reason: "server error 503" });
    assert.deepEqual(step(3, 1, 1500), { retry: true, delayMs: 1500, reason: "server error 503" });
  });

  it("waits a Retry-After, never less, with at most min(250 ms, the base step) on top", () => {
    assert.deepEqual(retryDecision(rateLimited(2000), 1, 0, options(0)), {
      retry: true,
      delayMs: 2000,
      reason: "rate limited (429 too.many.requests)",
    });
    assert.deepEqual(retryDecision(rateLimited(2000), 1, 0, options(1)), {
      retry: true,
      delayMs: 2250,
      reason: "rate limited (429 too.many.requests)",
    });
    assert.equal((retryDecision(rateLimited(2000), 1, 0, options(1, { retryBaseMs: 100 })) as { delayMs: number }).delayMs, 2100);
    assert.equal((retryDecision(rateLimited(), 2, 0, options(1)) as { delayMs: number }).delayMs, 1000, "no Retry-After: back off");
    assert.equal((retryDecision(server(503, 3000), 1, 0, options(1)) as { delayMs: number }).delayMs, 3000, "a 5xx's Retry-After as is");
  });

  it("retries a connection refused or a name not found twice only, and names what did not answer", () => {
    for (const code of ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]) {
      assert.deepEqual(retryDecision(noAnswer(code), 2, 0, options(1)), { retry: true, delayMs: 1000, reason: `no response (${code})` });
      assert.deepEqual(retryDecision(noAnswer(code), 3, 0, options(1)), { retry: false }, code);
    }
    assert.equal(retryDecision(noAnswer("ECONNRESET"), 3, 0, options(1)).retry, true, "a reset is a passing fault");
  });

  it("stops at the total time budget: a wait that would end exactly at it still goes", () => {
    const o = options(1, { maxRetryElapsedMs: 10_000 });
    assert.equal(retryDecision(server(503), 1, 9_500, o).retry, true, "9.5 s + 0.5 s = the budget");
    assert.equal(retryDecision(server(503), 1, 9_501, o).retry, false);
  });

  it("refuses a Retry-After past the ceiling, naming the wait and the setting (a default name without one)", () => {
    const o = options(1, { maxRetryAfterMs: 60_000 });
    assert.deepEqual(retryDecision(rateLimited(61_000), 1, 0, o), { retry: false, refusedWaitMs: 61_000 });
    const e = refusedWait(rateLimited(61_000), 61_000, o);
    assert.match(
      e.message,
      /^Genesys Cloud asked to retry GET \/api\/v2\/a after 61 s \(429 too\.many\.requests\), longer than the 60 s this run waits \(set by maxRetryAfterMs\); nothing was retried\. Run again later, or raise maxRetryAfterMs to wait that long$/,
    );
  });

  it("says a retry in one line: what, when, which retry and why", () => {
    assert.equal(
      describeRetry({ method: "PUT", path: "/api/v2/b", attempt: 2, delayMs: 1500, reason: "server error 503" }),
      "retrying PUT /api/v2/b in 1.5 s (retry 2): server error 503",
    );
  });
});

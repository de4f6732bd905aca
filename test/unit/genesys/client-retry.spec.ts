import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  appendingRequestLog,
  GenesysClient,
  GenesysApiError,
  GenesysAuthError,
  GenesysClientOptions,
  networkError,
  readRequestLog,
  RequestEvent,
} from "../../../genesys";
import type { RawRequest, RawResponse } from "../../../genesys/transport";

type Step = RawResponse | "reset" | "refused" | "untrusted";

/** A scripted transport: answers the token endpoint itself, API calls from `steps`. */
class ScriptedTransport {
  readonly calls: RawRequest[] = [];
  logins = 0;
  constructor(
    private readonly steps: Step[],
    private readonly tokenLifetimeS = 3600,
    /** The token endpoint refuses every connection. */
    private readonly loginRefused = false,
  ) {}

  async send(r: RawRequest): Promise<RawResponse> {
    this.calls.push(r);
    if (r.path === "/oauth/token") {
      this.logins++;
      if (this.loginRefused) throw networkError({ method: r.method, path: r.path, url: r.url, code: "ECONNREFUSED" }, r.secrets);
      return {
        status: 200,
        body: { access_token: `token-${this.logins}`, token_type: "bearer", expires_in: this.tokenLifetimeS },
        headers: {},
      };
    }
    const step = this.steps.shift() ?? { status: 200, body: { ok: true }, headers: {} };
    if (step === "reset") throw networkError({ method: r.method, path: r.path, url: r.url, code: "ECONNRESET" }, r.secrets);
    if (step === "untrusted")
      throw networkError({ method: r.method, path: r.path, url: r.url, code: "SELF_SIGNED_CERT_IN_CHAIN" }, r.secrets);
    if (step === "refused") throw networkError({ method: r.method, path: r.path, url: r.url, code: "ECONNREFUSED" }, r.secrets);
    return step;
  }

  apiCalls(): RawRequest[] {
    return this.calls.filter((c) => c.path !== "/oauth/token");
  }
}

const err = (status: number, headers: Record<string, string> = {}, code = "x"): RawResponse => ({
  status,
  body: { code, message: `status ${status}`, status },
  headers,
});

function harness(steps: Step[], extra: Partial<GenesysClientOptions> = {}, tokenLifetimeS?: number, loginRefused = false) {
  let now = 1_000_000;
  const sleeps: number[] = [];
  const transport = new ScriptedTransport(steps, tokenLifetimeS, loginRefused);
  const client = new GenesysClient(
    {
      apiBase: "https://api.example.test",
      loginBase: "https://login.example.test",
      clientId: "id",
      clientSecret: "secret",
      random: () => 0,
      // Every sleep here is a retry's: the spacing of logins is token-pool.spec.ts's.
      loginSpacingMs: 0,
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms; // the injected clock moves; nothing really waits
      },
      ...extra,
    },
    transport,
  );
  return { client, transport, sleeps, advance: (ms: number) => (now += ms) };
}

describe("GenesysClient retries (injected clock)", () => {
  it("waits Retry-After on 429, backs off on 5xx and dropped connections, then succeeds", async () => {
    const h = harness([err(429, { "retry-after": "2" }), err(503), "reset", { status: 200, body: { done: 1 }, headers: {} }]);
    assert.deepEqual(await h.client.request("GET", "/api/v2/x"), { done: 1 });
    // 429: exactly Retry-After (jitter 0); then 500 ms * 2^(n-1) with random() = 0 halving it.
    assert.deepEqual(h.sleeps, [2000, 500, 1000]);
    assert.equal(h.transport.apiCalls().length, 4);
  });

  for (const status of [400, 401, 403, 404, 409, 501]) {
    it(`never retries ${status}`, async () => {
      const h = harness([err(status), err(status)]);
      await assert.rejects(h.client.request("PUT", "/api/v2/x", {}), (e: GenesysApiError) => e.status === status);
      assert.deepEqual(h.sleeps, []);
    });
  }

  it("never retries an untrusted certificate, and says how to trust an intercepting proxy's CA", async () => {
    const h = harness(["untrusted", "untrusted"]);
    await assert.rejects(h.client.request("GET", "/api/v2/x"), (e: Error) => {
      assert.equal(
        e.message,
        "the TLS certificate of https://api.example.test:443 was not trusted for GET /api/v2/x: SELF_SIGNED_CERT_IN_CHAIN. A TLS-intercepting proxy or gateway presents its own certificate: trust its CA with NODE_EXTRA_CA_CERTS=<CA file (PEM)> in the environment of genesys-grants or of pulumi",
      );
      return true;
    });
    assert.deepEqual(h.sleeps, []);
    assert.equal(h.transport.apiCalls().length, 1);
  });

  it("does not wait a Retry-After longer than the cap: it fails at once, naming the wait refused and the setting", async () => {
    const labels = { credentials: "c", origin: "o", retryAfterCeiling: "genesyscloud:maxRetryAfterSeconds" };
    const h = harness([err(429, { "retry-after": "600" }, "too.many.requests.retry.after")], { maxRetryAfterMs: 60_000, labels });
    await assert.rejects(h.client.request("PUT", "/api/v2/x"), (e: Error) => {
      assert.match(
        e.message,
        /asked to retry PUT \/api\/v2\/x after 600 s \(429 too\.many\.requests\.retry\.after\), longer than the 60 s this run waits \(set by genesyscloud:maxRetryAfterSeconds\)/,
      );
      assert.match(e.message, /raise genesyscloud:maxRetryAfterSeconds/);
      return true;
    });
    assert.deepEqual(h.sleeps, []);
    assert.equal(h.transport.apiCalls().length, 1);
  });

  it("waits a Retry-After at the cap", async () => {
    const h = harness([err(429, { "retry-after": "60" })], { maxRetryAfterMs: 60_000 });
    await h.client.request("GET", "/api/v2/x");
    assert.deepEqual(h.sleeps, [60_000]);
  });

  it("stops after maxRetries", async () => {
    const h = harness([err(500), err(500), err(500), err(500)], { maxRetries: 2 });
    await assert.rejects(h.client.request("GET", "/api/v2/x"), /500/);
    assert.equal(h.transport.apiCalls().length, 3);
  });

  it("bounds the total time spent retrying", async () => {
    const h = harness(Array(20).fill(err(503)), { maxRetries: 50, maxRetryElapsedMs: 5_000 });
    await assert.rejects(h.client.request("GET", "/api/v2/x"), /503/);
    assert.ok(h.sleeps.reduce((a, b) => a + b, 0) <= 5_000, `slept ${h.sleeps}`);
  });

  it("gives up on connection refused after two retries", async () => {
    const h = harness(["refused", "refused", "refused", "refused"]);
    await assert.rejects(h.client.request("GET", "/api/v2/x"), /ECONNREFUSED/);
    assert.equal(h.transport.apiCalls().length, 3);
  });

  it("retries the login host's rate limit (400 invalid_request)", async () => {
    let logins = 0;
    const transport = {
      async send(r: RawRequest): Promise<RawResponse> {
        if (r.path === "/oauth/token") {
          logins++;
          if (logins === 1)
            return {
              status: 400,
              body: {
                error: "invalid_request",
                description: "rate limit exceeded; retry",
                error_description: "rate limit exceeded; retry",
              },
              headers: {},
            };
          return { status: 200, body: { access_token: "t", expires_in: 60 }, headers: {} };
        }
        return { status: 200, body: {}, headers: {} };
      },
    };
    const sleeps: number[] = [];
    const client = new GenesysClient(
      {
        apiBase: "http://x",
        loginBase: "http://x",
        clientId: "a",
        clientSecret: "b",
        random: () => 0,
        sleep: async (ms) => void sleeps.push(ms),
      },
      transport,
    );
    await client.request("GET", "/api/v2/x");
    assert.equal(logins, 2);
    assert.deepEqual(sleeps, [250]);
  });
});

describe("GenesysClient tokens", () => {
  it("logs in once for concurrent calls and reuses the token", async () => {
    const h = harness([]);
    await Promise.all([h.client.request("GET", "/a"), h.client.request("GET", "/b"), h.client.request("GET", "/c")]);
    await h.client.request("GET", "/d");
    assert.equal(h.transport.logins, 1);
    assert.ok(h.transport.apiCalls().every((c) => c.headers.Authorization === "Bearer token-1"));
  });

  it("renews the token before it expires", async () => {
    const h = harness([], {}, 300);
    await h.client.request("GET", "/a");
    h.advance(250_000); // 50 s left: inside the 60 s renewal margin
    await h.client.request("GET", "/b");
    assert.equal(h.transport.logins, 2);
    assert.equal(h.transport.apiCalls()[1].headers.Authorization, "Bearer token-2");
  });

  it("logs in again once after a 401, then gives up", async () => {
    const h = harness([err(401, {}, "bad.credentials"), { status: 200, body: { ok: 1 }, headers: {} }]);
    assert.deepEqual(await h.client.request("GET", "/a"), { ok: 1 });
    assert.equal(h.transport.logins, 2);
    const h2 = harness([err(401, {}, "bad.credentials"), err(401, {}, "bad.credentials")]);
    await assert.rejects(h2.client.request("GET", "/a"), (e) => e instanceof GenesysAuthError);
    assert.equal(h2.transport.logins, 2);
  });

  it("uses a given access token as is and never logs in", async () => {
    const calls: RawRequest[] = [];
    const client = new GenesysClient(
      { apiBase: "http://x", loginBase: "http://x", accessToken: "given-token" },
      { send: async (r) => (calls.push(r), { status: 200, body: {}, headers: {} }) },
    );
    await client.request("GET", "/a");
    assert.deepEqual(
      calls.map((c) => [c.path, c.headers.Authorization]),
      [["/a", "Bearer given-token"]],
    );
  });

  it("refuses to start without credentials, in its own terms (the settings module names the user's)", () => {
    assert.throws(
      () => new GenesysClient({ apiBase: "http://x", loginBase: "http://x" }),
      /clientId and clientSecret, or accessToken, are required/,
    );
  });
});

describe("GenesysClient's request log", () => {
  it("records each request as it leaves and each answer as it comes, logins included, and never a token", async () => {
    const events: RequestEvent[] = [];
    const h = harness([err(429, { "retry-after": "1" }), "reset", { status: 200, body: { ok: 1 }, headers: {} }], {
      onRequest: (e) => events.push(e),
    });
    await h.client.request("PUT", "/api/v2/x", { scope: [] });
    assert.deepEqual(
      events.map((e) => [e.event, e.method, e.path, e.status]),
      [
        ["send", "POST", "/oauth/token", undefined],
        ["answer", "POST", "/oauth/token", 200],
        ["send", "PUT", "/api/v2/x", undefined],
        ["answer", "PUT", "/api/v2/x", 429],
        ["send", "PUT", "/api/v2/x", undefined],
        ["answer", "PUT", "/api/v2/x", 0],
        ["send", "PUT", "/api/v2/x", undefined],
        ["answer", "PUT", "/api/v2/x", 200],
      ],
    );
    // Each send is recorded no later than the request leaves: its time is the clock's as it was sent.
    assert.ok(events.every((e, i) => i === 0 || e.timeMs >= events[i - 1].timeMs));
  });

  it("appends JSON lines to the file, with no token, secret or body", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "grants-request-log-"));
    try {
      const file = path.join(dir, "requests.jsonl");
      const log = appendingRequestLog(file);
      log({ event: "send", timeMs: 1, method: "PUT", path: "/api/v2/oauth/authorizations/a" });
      log({ event: "answer", timeMs: 2, method: "PUT", path: "/api/v2/oauth/authorizations/a", status: 200 });
      const lines = readRequestLog(fs.readFileSync(file, "utf8"));
      assert.deepEqual(
        lines.map((l) => [l.event, l.status, l.pid]),
        [
          ["send", undefined, process.pid],
          ["answer", 200, process.pid],
        ],
      );
      assert.deepEqual(Object.keys(lines[1]).sort(), ["event", "method", "path", "pid", "status", "timeMs"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("GenesysClient's check before a write", () => {
  it("sends a write only once beforeWrite passed, recording when the check began; a rejection stops it unsent", async () => {
    const events: RequestEvent[] = [];
    let engineRuns = true;
    const h = harness([], {
      onRequest: (e) => events.push(e),
      beforeWrite: async () => {
        if (!engineRuns) throw new Error("the engine is gone");
      },
    });
    await h.client.request("GET", "/api/v2/a");
    await h.client.request("PUT", "/api/v2/b", {});
    engineRuns = false;
    await assert.rejects(h.client.request("DELETE", "/api/v2/c"), /the engine is gone/);
    assert.deepEqual(
      h.transport.apiCalls().map((c) => `${c.method} ${c.path}`),
      ["GET /api/v2/a", "PUT /api/v2/b"],
    );
    const sends = events.filter((e) => e.event === "send" && e.path.startsWith("/api/"));
    assert.deepEqual(
      sends.map((e) => [e.method, typeof e.checkedMs]),
      [
        ["GET", "undefined"],
        ["PUT", "number"],
      ],
    );
  });
});

describe("GenesysClient's login inside a call", () => {
  it("retries a failed login as a login only: the call it was for is not retried again on top", async () => {
    const retried: string[] = [];
    const h = harness([], { onRetry: (i) => retried.push(`${i.method} ${i.path}`) }, undefined, true);
    await assert.rejects(h.client.request("GET", "/api/v2/organizations/me"), /ECONNREFUSED/);
    assert.deepEqual(retried, ["POST /oauth/token", "POST /oauth/token"]);
    assert.equal(h.transport.logins, 3);
    assert.deepEqual(h.transport.apiCalls(), []);
  });
});

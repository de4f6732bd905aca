import * as assert from "node:assert/strict";
import {
  GenesysAuthError,
  GenesysNotFoundError,
  GenesysRateLimitError,
  errorFromResponse,
  isGenesysApiError,
  networkError,
  parseRetryAfter,
  redact,
} from "../../../genesys";

const TOKEN = "tok_9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c";
const SECRET = "s3cr3t-value-of-the-client";

describe("Genesys error family", () => {
  it("builds a 404 with the vendor's code, message, contextId, method and path", () => {
    const e = errorFromResponse(
      "GET",
      "/api/v2/oauth/authorizations/x",
      404,
      { message: "The requested resource was not found.", code: "not.found", status: 404, contextId: "ctx-1" },
      {},
      [],
      0,
    );
    assert.ok(e instanceof GenesysNotFoundError);
    assert.equal(
      e.message,
      "Genesys Cloud rejected GET /api/v2/oauth/authorizations/x: 404 not.found: The requested resource was not found. (contextId ctx-1)",
    );
    assert.equal(e.contextId, "ctx-1");
    assert.ok(isGenesysApiError(e));
  });

  it("a login answered 404 or 405, or with a page that is not the vendor's, names the URL it called and the setting that chose it", () => {
    const context = {
      labels: { credentials: "GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET", origin: "GENESYSCLOUD_API_URL" },
      url: "http://127.0.0.1:9999/gateway/oauth/token",
    };
    for (const [status, body] of [
      [404, { message: "Route POST:/gateway/oauth/token not found", error: undefined }],
      [405, "<html>Method Not Allowed</html>"],
      [400, "<html>Bad Request</html>"],
    ] as const) {
      const e = errorFromResponse("POST", "/oauth/token", status, body, {}, [SECRET], 0, context);
      assert.ok(e instanceof GenesysAuthError, String(status));
      assert.match(
        e.message,
        new RegExp(
          `^the login at http://127\\.0\\.0\\.1:9999/gateway/oauth/token \\(chosen by GENESYSCLOUD_API_URL\\) answered ${status} .*so no Genesys Cloud login is there: check GENESYSCLOUD_API_URL: a region, or a base URL`,
        ),
      );
    }
    // The vendor's own refusal keeps its message.
    const bad = errorFromResponse(
      "POST",
      "/oauth/token",
      401,
      { error: "invalid_client", description: "authentication failed" },
      {},
      [],
      0,
      context,
    );
    assert.match(bad.message, /^Genesys Cloud login failed at http:\/\/127\.0\.0\.1:9999/);
  });

  it("tells the admin which permission is missing, in the vendor's words", () => {
    const e = errorFromResponse(
      "PUT",
      "/api/v2/oauth/authorizations/x",
      403,
      {
        code: "missing.any.permissions",
        message: "You must have at least one of the following permissions assigned: [oauth:client:authorize]",
      },
      {},
      [],
      0,
    );
    assert.ok(e instanceof GenesysAuthError);
    assert.match(e.message, /needs a role with the permission OAuth > Client > Authorize \(oauth:client:authorize\)/);
  });

  it("reads Retry-After on a 429 and the login host's rate limit", () => {
    const e = errorFromResponse("PUT", "/p", 429, { code: "too.many.requests.retry.after" }, { "retry-after": "2" }, [], 0);
    assert.ok(e instanceof GenesysRateLimitError);
    assert.equal(e.retryAfterMs, 2000);
    const t = errorFromResponse(
      "POST",
      "/oauth/token",
      400,
      { error: "invalid_request", description: "rate limit exceeded; try later" },
      {},
      [],
      0,
    );
    assert.ok(t instanceof GenesysRateLimitError);
  });

  it("explains a login failure without the secret", () => {
    const labels = { credentials: "GENESYSCLOUD_OAUTHCLIENT_ID / genesyscloud:oauthclientSecret", origin: "--region" };
    const e = errorFromResponse(
      "POST",
      "/oauth/token",
      401,
      { error: "invalid_client", error_description: `authentication failed for ${SECRET}` },
      {},
      [SECRET],
      0,
      {
        labels,
        url: "https://login.mypurecloud.de/oauth/token",
      },
    );
    assert.ok(e instanceof GenesysAuthError);
    assert.equal(
      e.message,
      "Genesys Cloud login failed at https://login.mypurecloud.de:443 (401 invalid_client: authentication failed for [REDACTED]): check GENESYSCLOUD_OAUTHCLIENT_ID / genesyscloud:oauthclientSecret: they must be an OAuth client of the org at that address (set by --region)",
    );
    assert.ok(!e.message.includes(SECRET));
  });

  it("never serializes a token or a secret", () => {
    const e = errorFromResponse(
      "GET",
      "/p",
      500,
      { message: `boom Bearer ${TOKEN} and ${SECRET}` },
      { authorization: `Bearer ${TOKEN}` },
      [TOKEN, SECRET],
      0,
    );
    const text = JSON.stringify(e) + e.message + String(e.stack);
    assert.ok(!text.includes(TOKEN), text);
    assert.ok(!text.includes(SECRET), text);
    const n = networkError({ method: "GET", path: "/p", url: `http://127.0.0.1:1/p?${TOKEN}`, code: "ECONNRESET" }, [TOKEN]);
    assert.ok(!JSON.stringify(n).includes(TOKEN));
  });

  it("redacts bearer and basic credentials even when not listed", () => {
    assert.equal(redact("Authorization: Bearer abcdefghijklmnop", []), "Authorization: Bearer [REDACTED]");
    assert.equal(redact("Basic dXNlcjpwYXNzd29yZA==", []), "Basic [REDACTED]");
  });

  it("parses Retry-After as seconds or an HTTP date", () => {
    assert.equal(parseRetryAfter("3", 0), 3000);
    assert.equal(parseRetryAfter(new Date(10_000).toUTCString(), 4_000), 6000);
    assert.equal(parseRetryAfter("soon", 0), undefined);
  });
});

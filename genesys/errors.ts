/**
 * One error family for everything the Genesys Cloud HTTP layer reports. Errors are built in one
 * place (errorFromResponse / networkError) and carry no request headers, so neither a token nor
 * a secret can travel into Pulumi's output with them.
 */

import { terminalText } from "../common/text";
import { originOf, ProxyRoute, SettingLabels } from "./options";

const BRAND = Symbol.for("pulumi-genesys-grants.GenesysApiError");

export interface GenesysErrorFields {
  /** HTTP status; 0 when no response arrived. */
  status: number;
  /** The vendor's code (`not.found`, `missing.any.permissions`, token `invalid_client`, …) or a network code. */
  code: string;
  /** The vendor's message, verbatim (redacted). */
  vendorMessage: string;
  contextId?: string;
  method: string;
  path: string;
  /** For 429 and token rate limits: how long the server asked us to wait. */
  retryAfterMs?: number;
}

export class GenesysApiError extends Error {
  readonly [BRAND] = true;
  readonly status: number;
  readonly code: string;
  readonly vendorMessage: string;
  readonly contextId?: string;
  readonly method: string;
  readonly path: string;
  readonly retryAfterMs?: number;

  constructor(fields: GenesysErrorFields, message?: string) {
    super(message ?? describe(fields));
    this.name = new.target.name;
    this.status = fields.status;
    this.code = fields.code;
    this.vendorMessage = fields.vendorMessage;
    this.contextId = fields.contextId;
    this.method = fields.method;
    this.path = fields.path;
    this.retryAfterMs = fields.retryAfterMs;
  }

  /** Only these fields are ever serialized. */
  toJSON() {
    return {
      name: this.name,
      message: this.message,
      status: this.status,
      code: this.code,
      contextId: this.contextId,
      method: this.method,
      path: this.path,
    };
  }
}

export class GenesysNotFoundError extends GenesysApiError {}
export class GenesysRateLimitError extends GenesysApiError {}
/** 401/403 from the API, and login failures. */
export class GenesysAuthError extends GenesysApiError {}
export class GenesysConflictError extends GenesysApiError {}
/** No response: connection refused or dropped, timeout, DNS failure; at the origin or at the proxy. */
export class GenesysNetworkError extends GenesysApiError {}
/** The origin's TLS certificate was not trusted: never retried. */
export class GenesysTlsError extends GenesysApiError {}
/** The forward proxy refused the request (407): its user or password. */
export class GenesysProxyError extends GenesysApiError {}

export function isGenesysApiError(e: unknown): e is GenesysApiError {
  return typeof e === "object" && e !== null && (e as Record<symbol, unknown>)[BRAND] === true;
}

/** Whether a refusal is a missing permission (403 missing.any.permissions or missing.permissions). */
export function isMissingPermission(e: unknown): e is GenesysApiError {
  return isGenesysApiError(e) && e.status === 403 && (e.code === "missing.any.permissions" || e.code === "missing.permissions");
}

function describe(f: GenesysErrorFields): string {
  const where = `${f.method} ${f.path}`;
  if (f.status === 0) return `Genesys Cloud did not answer ${where}: ${f.vendorMessage}`;
  const ctx = f.contextId ? ` (contextId ${f.contextId})` : "";
  return `Genesys Cloud rejected ${where}: ${f.status} ${f.code}: ${f.vendorMessage}${ctx}`;
}

/** Seconds or an HTTP date, as Retry-After allows; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const PERMISSION_HINTS: Record<string, string> = {
  "oauth:client:authorize": "OAuth > Client > Authorize (oauth:client:authorize)",
  "authorization:role:view": "Authorization > Role > View (authorization:role:view)",
  "oauth:client:view": "OAuth > Client > View (oauth:client:view)",
};

/** Where a request went, and the settings that sent it there, for messages. */
export interface RequestContext {
  labels?: SettingLabels;
  /** The proxy the request went through, if any. */
  proxy?: ProxyRoute;
  /** The request's absolute URL. */
  url?: string;
}

/** Builds the error for a non-2xx response. `secrets` are scrubbed from every message. */
export function errorFromResponse(
  method: string,
  path: string,
  status: number,
  body: unknown,
  headers: Record<string, unknown>,
  given: string[],
  now: number,
  context: RequestContext = {},
): GenesysApiError {
  const secrets = withProxySecrets(given, context.proxy);
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const retryAfterMs = parseRetryAfter(headers["retry-after"], now);
  const rawContextId = str(b.contextId) ?? str(headers["inin-correlation-id"]);
  const contextId = rawContextId === undefined ? undefined : terminalText(rawContextId);
  // The login host answers {error, description, error_description}; the API answers an ErrorBody.
  const tokenError = str(b.error);
  // The vendor's code is its text too: one line, every control shown as an escape.
  const code = terminalText(str(b.code) ?? tokenError ?? `http.${status}`);
  const vendorMessage = redact(
    str(b.message) ??
      str(b.error_description) ??
      str(b.description) ??
      (typeof body === "string" && body ? body.slice(0, 300) : `HTTP ${status}`),
    secrets,
  );
  const fields: GenesysErrorFields = { status, code, vendorMessage, contextId, method, path, retryAfterMs };
  const labels = context.labels ?? { credentials: "the client ID and secret", origin: "the region" };

  if (status === 407 && context.proxy) {
    const target = context.url ? `${method} ${originOf(context.url)}${path}` : `${method} ${path}`;
    return new GenesysProxyError(
      fields,
      `the proxy ${context.proxy.display} (set by ${context.proxy.setting}) refused ${target}: 407 Proxy Authentication Required; check ${context.proxy.authSettings}`,
    );
  }
  if (path.startsWith("/oauth/token")) {
    if (status === 400 && /^rate limit exceeded;/i.test(vendorMessage)) return new GenesysRateLimitError(fields);
    if (tokenError === "invalid_client" || status === 401) {
      const at = context.url ? ` at ${originOf(context.url)}` : "";
      return new GenesysAuthError(
        fields,
        `Genesys Cloud login failed${at} (${status} ${code}: ${vendorMessage}): check ${labels.credentials}: they must be an OAuth client of the org at that address (set by ${labels.origin})`,
      );
    }
    if (tokenError === "unauthorized_client") {
      return new GenesysAuthError(
        fields,
        `Genesys Cloud login failed (${status} ${code}: ${vendorMessage}): the OAuth client must use the Client Credentials grant`,
      );
    }
    // No login there at all: a URL with a path, or a server that is not Genesys Cloud.
    if (
      status === 404 ||
      status === 405 ||
      (status >= 400 && status < 500 && status !== 429 && tokenError === undefined && str(b.code) === undefined)
    ) {
      const url = context.url ?? path;
      return new GenesysAuthError(
        fields,
        `the login at ${url} (chosen by ${labels.origin}) answered ${status} ${code}: ${vendorMessage}, so no Genesys Cloud login is there: ` +
          `check ${labels.origin}: a region, or a base URL such as https://api.mypurecloud.com or the emulator's http://127.0.0.1:8787, without a path`,
      );
    }
  }
  if (status === 401) {
    return new GenesysAuthError(fields, `Genesys Cloud rejected the credentials for ${method} ${path}: ${code}: ${vendorMessage}`);
  }
  if (status === 403) {
    const missing = Object.keys(PERMISSION_HINTS).find((p) => vendorMessage.includes(p));
    const hint = missing ? ` The provider's OAuth client needs a role with the permission ${PERMISSION_HINTS[missing]}.` : "";
    return new GenesysAuthError(fields, `${describe(fields)}.${hint}`);
  }
  if (status === 404) return new GenesysNotFoundError(fields);
  if (status === 409) return new GenesysConflictError(fields);
  if (status === 429) return new GenesysRateLimitError(fields);
  return new GenesysApiError(fields);
}

/** A request that got no response. */
export interface NetworkFailure {
  method: string;
  path: string;
  url: string;
  /** ECONNREFUSED, ETIMEDOUT, ENOTFOUND, … */
  code: string;
  timeoutMs?: number;
  /** The proxy it went through, if any: then the proxy is what did not answer. */
  proxy?: ProxyRoute;
  /** The setting that chose the URL's origin, in the user's words. */
  originSetting?: string;
}

const TLS_CODES =
  /^(ERR_TLS_|ERR_SSL_|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|UNABLE_TO_(VERIFY|GET)_|HOSTNAME_MISMATCH$)/;

/** The error for a request without a response: it names the origin or the proxy, and the setting that chose it. */
export function networkError(f: NetworkFailure, given: string[]): GenesysApiError {
  // The route's own password is scrubbed whatever the caller passed.
  const secrets = withProxySecrets(given, f.proxy);
  if (TLS_CODES.test(f.code)) {
    const origin = originOf(f.url);
    const via = f.proxy
      ? `, reached through the proxy ${f.proxy.display} (set by ${f.proxy.setting})`
      : f.originSetting
        ? ` (chosen by ${f.originSetting})`
        : "";
    const message =
      `the TLS certificate of ${origin}${via} was not trusted for ${f.method} ${f.path}: ${f.code}. ` +
      "A TLS-intercepting proxy or gateway presents its own certificate: trust its CA with NODE_EXTRA_CA_CERTS=<CA file (PEM)> in the environment of genesys-grants or of pulumi";
    return new GenesysTlsError(
      { status: 0, code: f.code, vendorMessage: f.code, method: f.method, path: f.path },
      redact(message, secrets),
    );
  }
  const what = f.code === "ETIMEDOUT" && f.timeoutMs !== undefined ? `no answer within ${f.timeoutMs} ms (ETIMEDOUT)` : f.code;
  const origin = originOf(f.url);
  const message = f.proxy
    ? `no answer through the proxy ${f.proxy.display} (set by ${f.proxy.setting}) for ${f.method} ${origin}${f.path}: ${what}; check that the proxy is up and reachable, or change ${f.proxy.setting}`
    : `Genesys Cloud did not answer ${f.method} ${f.path} at ${origin}${f.originSetting ? ` (chosen by ${f.originSetting})` : ""}: ${what}`;
  return new GenesysNetworkError(
    { status: 0, code: f.code, vendorMessage: redact(what, secrets), method: f.method, path: f.path },
    redact(message, secrets),
  );
}

/** The secrets to scrub, with a proxy route's password in its raw, percent-encoded and form-encoded spellings. */
function withProxySecrets(secrets: string[], proxy: ProxyRoute | undefined): string[] {
  const password = proxy?.login?.password;
  if (!password) return secrets;
  return [...secrets, password, encodeURIComponent(password), encodeURIComponent(password).replace(/%20/g, "+")];
}

/** Replaces every occurrence of each secret (tokens, client secrets) with [REDACTED]. */
export function redact(text: string, secrets: string[]): string {
  // The vendor's text is shown on a terminal: one line, no control or bidi characters.
  let out = terminalText(text);
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[REDACTED]");
  return out.replace(/(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, "$1 [REDACTED]");
}

/**
 * A forward proxy between this process and one origin. The HTTP layer tunnels HTTPS through it
 * with CONNECT and sends plain HTTP to it as absolute URLs.
 */
export interface ProxyRoute {
  /** The proxy's URL, scheme://host:port, never with credentials. */
  url: string;
  /** scheme://host:port: what messages show. */
  display: string;
  /** The proxy's login, kept apart from its URL and sent as Proxy-Authorization: Basic. Never shown. */
  login?: { username: string; password: string };
  /** The setting that chose the proxy, in the user's words, e.g. `HTTPS_PROXY`. */
  setting: string;
  /** The settings holding the proxy's user and password, for a refused login at the proxy. */
  authSettings: string;
}

/**
 * The names, in the user's words (a flag, a stack-config key, an environment variable), of the
 * settings behind these options. Messages use them; the HTTP layer knows no other names.
 */
export interface SettingLabels {
  /** The setting(s) holding the credentials, e.g. `GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET`. */
  credentials: string;
  /** The setting that chose the API and login origins, e.g. `--api-url` or `GENESYSCLOUD_REGION`. */
  origin: string;
  /** The setting that sets the longest Retry-After waited for, e.g. `genesyscloud:maxRetryAfterSeconds`. */
  retryAfterCeiling?: string;
}

/** Every knob of the HTTP layer, with its default. Only this module applies HTTP defaults. */
export interface GenesysClientOptions {
  /** Platform API base, e.g. https://api.mypurecloud.com or the emulator's URL. */
  apiBase: string;
  /** Login base serving /oauth/token. */
  loginBase: string;
  /** Client-credentials pair (ignored when accessToken is given). */
  clientId?: string;
  clientSecret?: string;
  /** A ready access token, used as is. */
  accessToken?: string;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** Retries after the first attempt. @default 8 */
  maxRetries?: number;
  /** Longest total time spent retrying one call. @default 120000 */
  maxRetryElapsedMs?: number;
  /** First backoff step; doubles per attempt. @default 500 */
  retryBaseMs?: number;
  /** Longest single backoff step. @default 16000 */
  maxBackoffMs?: number;
  /** A Retry-After longer than this is not waited for: the call fails instead. @default 60000 */
  maxRetryAfterMs?: number;
  /** API requests per rolling minute and token, at most (the vendor's per-token budget). @default 300 */
  requestsPerMinute?: number;
  /** Tokens at most, each with its own budget, minted as the work needs them (1 to 50). @default 10 */
  tokenPoolSize?: number;
  /** API requests per rolling minute over all the tokens, at most (the vendor's per-app budget). @default 3000 */
  appRequestsPerMinute?: number;
  /** The least time between two logins, so that the token endpoint never sees a burst. @default 2500 */
  loginSpacingMs?: number;
  /** Renew the token when less than this remains. @default 60000 */
  tokenRenewMarginMs?: number;
  /** Forward proxies by origin (scheme://host:port); an origin not listed is reached directly. */
  proxies?: Record<string, ProxyRoute>;
  /** The settings' names for messages. @default generic words */
  labels?: SettingLabels;
  /** Sent as User-Agent. */
  userAgent?: string;
  /** Called before each retry (tests and logs). */
  onRetry?: (info: RetryInfo) => void;
  /** Called as each request leaves (before it is handed to the network) and as its answer comes (request-log.ts). */
  onRequest?: (event: RequestEvent) => void;
  /**
   * Awaited before each write (PUT, DELETE) is sent, after its turn in the budget: a rejection
   * stops the write unsent. The provider checks there that its engine still runs.
   */
  beforeWrite?: () => Promise<void>;
  /** Time base: injected by tests so no test sleeps. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  random?: () => number;
}

/** One line of the request log: a request sent, or its answer (status 0: none came). No header, body or token. */
export interface RequestEvent {
  event: "send" | "answer";
  /** Milliseconds since the epoch, by the client's clock. */
  timeMs: number;
  /** A write's: when the check before it (beforeWrite) began; the write is sent only once it passed. */
  checkedMs?: number;
  method: string;
  path: string;
  status?: number;
}

export interface RetryInfo {
  method: string;
  path: string;
  attempt: number;
  delayMs: number;
  reason: string;
}

export type NormalizedOptions = Required<
  Omit<GenesysClientOptions, "clientId" | "clientSecret" | "accessToken" | "onRetry" | "onRequest" | "beforeWrite">
> &
  Pick<GenesysClientOptions, "clientId" | "clientSecret" | "accessToken" | "onRetry" | "onRequest" | "beforeWrite">;

/** The origin (scheme://host:port, the port always written) of an absolute URL. */
export function originOf(url: string): string {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return `${u.protocol}//${u.hostname}:${port}`;
}

export class OptionsError extends Error {}

/** The vendor's range for a token pool, as its Terraform provider takes it (token_pool_size). */
export const TOKEN_POOL_MAX = 50;

function poolSize(v: number | undefined): number {
  const n = v ?? 10;
  if (!Number.isInteger(n) || n < 1 || n > TOKEN_POOL_MAX)
    throw new OptionsError(`tokenPoolSize must be a whole number from 1 to ${TOKEN_POOL_MAX}, got ${JSON.stringify(v)}`);
  return n;
}

export function normalizeOptions(o: GenesysClientOptions): NormalizedOptions {
  const positive = (name: string, v: number | undefined, def: number, allowZero = false): number => {
    const value = v ?? def;
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
      throw new OptionsError(`${name} must be a ${allowZero ? "non-negative" : "positive"} number, got ${JSON.stringify(v)}`);
    }
    return value;
  };
  // The caller validated what the user set (provider/settings.ts); these are programming errors.
  if (!o.apiBase) throw new OptionsError("apiBase is required");
  if (!o.accessToken && !(o.clientId && o.clientSecret)) throw new OptionsError("clientId and clientSecret, or accessToken, are required");
  return {
    apiBase: o.apiBase.replace(/\/+$/, ""),
    loginBase: (o.loginBase || o.apiBase).replace(/\/+$/, ""),
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    accessToken: o.accessToken,
    timeoutMs: positive("timeoutMs", o.timeoutMs, 30_000),
    maxRetries: positive("maxRetries", o.maxRetries, 8, true),
    maxRetryElapsedMs: positive("maxRetryElapsedMs", o.maxRetryElapsedMs, 120_000, true),
    retryBaseMs: positive("retryBaseMs", o.retryBaseMs, 500),
    maxBackoffMs: positive("maxBackoffMs", o.maxBackoffMs, 16_000),
    maxRetryAfterMs: positive("maxRetryAfterMs", o.maxRetryAfterMs, 60_000),
    requestsPerMinute: positive("requestsPerMinute", o.requestsPerMinute, 300),
    tokenPoolSize: poolSize(o.tokenPoolSize),
    appRequestsPerMinute: positive("appRequestsPerMinute", o.appRequestsPerMinute, 3000),
    loginSpacingMs: positive("loginSpacingMs", o.loginSpacingMs, 2500, true),
    tokenRenewMarginMs: positive("tokenRenewMarginMs", o.tokenRenewMarginMs, 60_000, true),
    proxies: o.proxies ?? {},
    labels: o.labels ?? { credentials: "the client ID and secret", origin: "apiBase" },
    userAgent: o.userAgent ?? "pulumi-genesys-grants",
    onRetry: o.onRetry,
    onRequest: o.onRequest,
    beforeWrite: o.beforeWrite,
    sleep: o.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms))),
    now: o.now ?? Date.now,
    random: o.random ?? Math.random,
  };
}

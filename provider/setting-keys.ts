/**
 * The one definition of the settings: each key (as in stack config, under \`genesyscloud:\`), its
 * environment variable and its genesys-grants flag. Pure data, so that a program can check its
 * stack config against it without loading the HTTP layer.
 */

export interface Spec {
  env: string;
  /** The genesys-grants flag, where there is one. */
  flag?: string;
  /**
   * What it means, for docs/configuration.md's table (Markdown; generated from here, with each
   * default read from the code that applies it: `{default}` stands for it).
   */
  meaning: string;
}

export const SPECS = {
  oauthclientId: {
    env: "GENESYSCLOUD_OAUTHCLIENT_ID",
    meaning:
      "a client-credentials OAuth client of the org whose roles hold **OAuth > Client > Authorize** (`oauth:client:authorize`), and **Authorization > Role > View** (`authorization:role:view`) if you name roles; a view-only client (no authorize) is enough to preview, see [CI with two credentials](ci.md)",
  },
  oauthclientSecret: { env: "GENESYSCLOUD_OAUTHCLIENT_SECRET", meaning: "its secret" },
  accessToken: { env: "GENESYSCLOUD_ACCESS_TOKEN", meaning: "a ready access token instead of the pair (used as is, never renewed)" },
  region: {
    env: "GENESYSCLOUD_REGION",
    flag: "--region",
    meaning: "the org's region: {regions} (case-insensitive; `_` works for `-`)",
  },
  apiUrl: {
    env: "GENESYSCLOUD_API_URL",
    flag: "--api-url",
    meaning:
      "a base URL overriding the region, e.g. the emulator's `http://127.0.0.1:8787`; login is served from the same base, except for an `https://api.<domain>` URL, whose login host is `https://login.<domain>`",
  },
  timeoutMs: { env: "GENESYSCLOUD_TIMEOUT_MS", meaning: "per-request timeout, in milliseconds ({default})" },
  maxRetries: { env: "GENESYSCLOUD_MAX_RETRIES", meaning: "retries per call ({default})" },
  maxRetryElapsedMs: {
    env: "GENESYSCLOUD_MAX_RETRY_ELAPSED_MS",
    meaning: "longest time spent retrying one call, in milliseconds ({default})",
  },
  maxRetryAfterSeconds: {
    env: "GENESYSCLOUD_MAX_RETRY_AFTER_SECONDS",
    meaning:
      "longest `Retry-After` waited for ({default}); a longer one fails the call at once, naming the wait it refused and this setting",
  },
  requestsPerMinute: {
    env: "GENESYSCLOUD_REQUESTS_PER_MINUTE",
    meaning:
      "API requests per rolling minute and token, at most ({default}, the vendor's budget per client-credentials token); raise it when support raised your org's, see [operations](operations.md#within-the-vendors-budget)",
  },
  tokenPoolSize: {
    env: "GENESYSCLOUD_TOKEN_POOL_SIZE",
    meaning:
      "tokens at most, from 1 to 50 ({default}, as the vendor's Terraform provider): each has its own budget of `requestsPerMinute`, and a token is minted only when every one minted is at its budget, so a small run logs in once; see [operations](operations.md#the-token-pool)",
  },
  appRequestsPerMinute: {
    env: "GENESYSCLOUD_APP_REQUESTS_PER_MINUTE",
    meaning:
      "API requests per rolling minute over all the tokens, at most ({default}, the vendor's budget per app in an org, `org.app.user.rate.per.minute`); lower it when several runs share one OAuth client, see [operations](operations.md#the-token-pool)",
  },
  requestLogFile: {
    env: "GENESYSCLOUD_REQUEST_LOG_FILE",
    meaning:
      "a file to append one JSON line to per API request as it leaves and per answer as it comes (time, method, path, status, process ID; never a header, body or token), {default}: for debugging, and to know after a killed run what it had sent, see [operations](operations.md#after-a-killed-run)",
  },
  orgId: {
    env: "GENESYSCLOUD_ORG_ID",
    meaning:
      "optional pin: the ID of the org this stack lives in (Admin > Account Settings, or `GET /api/v2/organizations/me`). With it, credentials for any other org are refused before anything is read or written, even on a stack's first run: the only requests are the login and the org's own identity (`GET /api/v2/organizations/me`)",
  },
  applyMode: {
    env: "GENESYSCLOUD_APPLY_MODE",
    meaning:
      "`api` ({default}): the provider writes; `manual`: it never writes, and tells a person what to change in the admin UI (see [Using it against a real org](real-org.md))",
  },
  manualWaitSeconds: {
    env: "GENESYSCLOUD_MANUAL_WAIT_SECONDS",
    meaning:
      "in manual mode, how long to wait for that change, reading the org every `manualPollSeconds` ({default}; 0 stops at once with the steps)",
  },
  manualPollSeconds: {
    env: "GENESYSCLOUD_MANUAL_POLL_SECONDS",
    meaning: "in manual mode, the time between two reads of the org while waiting ({default})",
  },
  proxyHost: {
    env: "GENESYSCLOUD_PROXY_HOST",
    meaning:
      "a forward proxy for every call to the org, by host name or address; see [Behind a corporate proxy](#behind-a-corporate-proxy)",
  },
  proxyPort: { env: "GENESYSCLOUD_PROXY_PORT", meaning: "the proxy's port" },
  proxyProtocol: { env: "GENESYSCLOUD_PROXY_PROTOCOL", meaning: "how the proxy is reached: `http` ({default}) or `https`" },
  proxyUsername: { env: "GENESYSCLOUD_PROXY_AUTH_USERNAME", meaning: "the proxy's login, sent as `Proxy-Authorization: Basic`" },
  proxyPassword: { env: "GENESYSCLOUD_PROXY_AUTH_PASSWORD", meaning: "its password" },
} satisfies Record<string, Spec>;

/** A setting's key: the stack-config key without its `genesyscloud:` namespace. */
export type SettingKey = keyof typeof SPECS;
export const SETTING_KEYS = Object.keys(SPECS) as SettingKey[];
/** Settings never shown, only said to be set or unset. */
export const SECRET_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(["oauthclientSecret", "accessToken", "proxyPassword"]);

export const CONFIG_NAMESPACE = "genesyscloud";

/** The settings that keep a safeguard: a misspelt one fails, where another only warns. */
export const SAFEGUARD_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(["orgId", "applyMode"]);

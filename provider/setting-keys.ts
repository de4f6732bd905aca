/**
 * The one definition of the settings: each key (as in stack config, under \`genesyscloud:\`), its
 * environment variable and its genesys-grants flag. Pure data, so that a program can check its
 * stack config against it without loading the HTTP layer.
 */

export interface Spec {
  env: string;
  /** The genesys-grants flag, where there is one. */
  flag?: string;
}

export const SPECS = {
  oauthclientId: { env: "GENESYSCLOUD_OAUTHCLIENT_ID" },
  oauthclientSecret: { env: "GENESYSCLOUD_OAUTHCLIENT_SECRET" },
  accessToken: { env: "GENESYSCLOUD_ACCESS_TOKEN" },
  region: { env: "GENESYSCLOUD_REGION", flag: "--region" },
  apiUrl: { env: "GENESYSCLOUD_API_URL", flag: "--api-url" },
  timeoutMs: { env: "GENESYSCLOUD_TIMEOUT_MS" },
  maxRetries: { env: "GENESYSCLOUD_MAX_RETRIES" },
  maxRetryElapsedMs: { env: "GENESYSCLOUD_MAX_RETRY_ELAPSED_MS" },
  maxRetryAfterSeconds: { env: "GENESYSCLOUD_MAX_RETRY_AFTER_SECONDS" },
  requestsPerMinute: { env: "GENESYSCLOUD_REQUESTS_PER_MINUTE" },
  orgId: { env: "GENESYSCLOUD_ORG_ID" },
  applyMode: { env: "GENESYSCLOUD_APPLY_MODE" },
  manualWaitSeconds: { env: "GENESYSCLOUD_MANUAL_WAIT_SECONDS" },
  manualPollSeconds: { env: "GENESYSCLOUD_MANUAL_POLL_SECONDS" },
  proxyHost: { env: "GENESYSCLOUD_PROXY_HOST" },
  proxyPort: { env: "GENESYSCLOUD_PROXY_PORT" },
  proxyProtocol: { env: "GENESYSCLOUD_PROXY_PROTOCOL" },
  proxyUsername: { env: "GENESYSCLOUD_PROXY_AUTH_USERNAME" },
  proxyPassword: { env: "GENESYSCLOUD_PROXY_AUTH_PASSWORD" },
} satisfies Record<string, Spec>;

/** A setting's key: the stack-config key without its `genesyscloud:` namespace. */
export type SettingKey = keyof typeof SPECS;
export const SETTING_KEYS = Object.keys(SPECS) as SettingKey[];
/** Settings never shown, only said to be set or unset. */
export const SECRET_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(["oauthclientSecret", "accessToken", "proxyPassword"]);

export const CONFIG_NAMESPACE = "genesyscloud";

/** The settings that keep a safeguard: a misspelt one fails, where another only warns. */
export const SAFEGUARD_SETTINGS: ReadonlySet<SettingKey> = new Set<SettingKey>(["orgId", "applyMode"]);

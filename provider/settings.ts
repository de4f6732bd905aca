import { isUuid } from "./authorized-client/client-id";
import { OrgPin, orgIdOf } from "./authorized-client/org";
import { DEFAULT_REGION, GenesysClientOptions, isKnownRegion, normalizeRegion, resolveEndpoints, REGION_DOMAINS } from "./genesys";

/**
 * Provider settings: stack config first (`genesyscloud:*`), then the GENESYSCLOUD_* variables the
 * vendor's Terraform provider uses, so existing CI secrets work. Only this module reads either.
 */
export interface ProviderSettings {
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  region: string;
  apiUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  maxRetryElapsedMs?: number;
  /** The org this stack must live in, with the setting that pins it. */
  orgPin?: OrgPin;
}

/** Config key (without the `genesyscloud:` namespace) → environment variable, less its GENESYSCLOUD_ prefix. */
const ENV_SUFFIXES: Record<string, string> = {
  oauthclientId: "OAUTHCLIENT_ID",
  oauthclientSecret: "OAUTHCLIENT_SECRET",
  accessToken: "ACCESS_TOKEN",
  region: "REGION",
  apiUrl: "API_URL",
  timeoutMs: "TIMEOUT_MS",
  maxRetries: "MAX_RETRIES",
  maxRetryElapsedMs: "MAX_RETRY_ELAPSED_MS",
  orgId: "ORG_ID",
};
const KEYS: Record<string, string> = Object.fromEntries(Object.entries(ENV_SUFFIXES).map(([k, v]) => [k, `GENESYSCLOUD_${v}`]));

export const CONFIG_NAMESPACE = "genesyscloud";

export class SettingsError extends Error {}

/** The raw `genesyscloud:*` values from a config getter (Pulumi's configure request or stack config). */
export function readConfigValues(get: (key: string) => string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of Object.keys(KEYS)) {
    const v = get(`${CONFIG_NAMESPACE}:${key}`);
    if (v !== undefined && v !== "") values[key] = v;
  }
  return values;
}

export function resolveSettings(config: Record<string, string> | undefined, env: NodeJS.ProcessEnv): ProviderSettings {
  const value = (key: string): string | undefined => {
    const v = config?.[key] ?? env[KEYS[key]];
    return v === undefined || v.trim() === "" ? undefined : v.trim();
  };
  const number = (key: string): number | undefined => {
    const v = value(key);
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new SettingsError(`${CONFIG_NAMESPACE}:${key} (${KEYS[key]}) must be a non-negative number, got "${v}"`);
    return n;
  };
  /** The setting a value came from, in that source's words. */
  const source = (key: string): string => (config?.[key] !== undefined ? `${CONFIG_NAMESPACE}:${key}` : KEYS[key]);
  const orgId = value("orgId");
  if (orgId !== undefined && !isUuid(orgId)) {
    throw new SettingsError(`${source("orgId")} must be an org ID (a UUID, as GET /api/v2/organizations/me or Admin > Account Settings shows it), got "${orgId}"`);
  }
  const region = value("region") ?? DEFAULT_REGION;
  if (!isKnownRegion(region)) {
    throw new SettingsError(`${CONFIG_NAMESPACE}:region (GENESYSCLOUD_REGION) "${region}" is not a Genesys Cloud region; use one of: ${Object.keys(REGION_DOMAINS).join(", ")}`);
  }
  const apiUrl = value("apiUrl");
  if (apiUrl && !/^https?:\/\/[^/\s]+/i.test(apiUrl)) {
    throw new SettingsError(`${CONFIG_NAMESPACE}:apiUrl (GENESYSCLOUD_API_URL) must be an http(s) URL, got "${apiUrl}"`);
  }
  return {
    clientId: value("oauthclientId"),
    clientSecret: value("oauthclientSecret"),
    accessToken: value("accessToken"),
    region: normalizeRegion(region),
    apiUrl,
    timeoutMs: number("timeoutMs"),
    maxRetries: number("maxRetries"),
    maxRetryElapsedMs: number("maxRetryElapsedMs"),
    orgPin: orgId !== undefined ? { id: orgIdOf(orgId), setting: source("orgId") } : undefined,
  };
}

export function clientOptions(s: ProviderSettings): GenesysClientOptions {
  const endpoints = resolveEndpoints(s.region, s.apiUrl);
  return {
    apiBase: endpoints.apiBase,
    loginBase: endpoints.loginBase,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    accessToken: s.accessToken,
    timeoutMs: s.timeoutMs,
    maxRetries: s.maxRetries,
    maxRetryElapsedMs: s.maxRetryElapsedMs,
  };
}

/**
 * The domain authorization URLs must use: from apiUrl when it is https://api.<domain>, else the
 * configured region's (also behind the emulator or a gateway, which have no domain of their own).
 */
export function expectedDomain(s: ProviderSettings): string {
  return resolveEndpoints(s.region, s.apiUrl).domain ?? REGION_DOMAINS[s.region];
}

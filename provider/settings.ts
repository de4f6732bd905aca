import { didYouMean } from "../common/suggest";
import { isUuid } from "./authorized-client/client-id";
import { OrgPin, orgIdOf, OrgWords } from "./authorized-client/org";
import {
  DEFAULT_REGION,
  Endpoints,
  GenesysClientOptions,
  isKnownRegion,
  normalizeRegion,
  originOf,
  ProxyRoute,
  resolveEndpoints,
  REGION_DOMAINS,
} from "./genesys";

/**
 * Every setting of the provider and of genesys-grants, validated once, here. A value comes from a
 * flag of genesys-grants, the stack config (`genesyscloud:*`, the provider only) or the
 * environment, in that order. The GENESYSCLOUD_* variables are the vendor's Terraform provider's,
 * so existing CI secrets work; proxies also come from HTTPS_PROXY, HTTP_PROXY and NO_PROXY. Every
 * error names the setting in the words of its source, and the HTTP layer gets those words as
 * labels. Nothing else reads the stack config or these variables.
 */

interface Spec {
  env: string;
  /** The genesys-grants flag, where there is one. */
  flag?: string;
}

const SPECS = {
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

/** Where the values come from. `config` is the provider's stack config; `flags` are genesys-grants's. */
export interface SettingSources {
  flags?: Partial<Record<SettingKey, string>>;
  config?: Partial<Record<string, string>>;
  env: NodeJS.ProcessEnv;
}

/** A value as the user set it, and the setting that holds it, in its source's words. */
export interface SetValue {
  value: string;
  /** `--region`, `genesyscloud:region` or `GENESYSCLOUD_REGION`. */
  setting: string;
}

export interface ProviderSettings {
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
  region: string;
  apiUrl?: string;
  timeoutMs?: number;
  maxRetries?: number;
  maxRetryElapsedMs?: number;
  /** The longest Retry-After waited for; a longer one fails the call (default 60). */
  maxRetryAfterSeconds?: number;
  /** API requests per rolling minute, at most (default 300, the vendor's per-token budget). */
  requestsPerMinute?: number;
  /** The org this stack must live in, with the setting that pins it. */
  orgPin?: OrgPin;
  /** `api` (the default): the provider writes; `manual`: a person does, and the provider checks. */
  applyMode: "api" | "manual";
  /** In manual mode, how long to poll the org for a person's change; 0 fails at once with the instructions. */
  manualWaitSeconds: number;
  /** In manual mode, the time between two reads of the org while waiting (default 5 s). */
  manualPollSeconds: number;
  /** Every value that was set, with its setting. */
  set: Partial<Record<SettingKey, SetValue>>;
  /** The setting that chose the API and login origins, in the user's words. */
  originSetting: string;
  /** The API and login bases and the domain, resolved once from the region and apiUrl. */
  endpoints: Endpoints;
  /** Forward proxies by origin (scheme://host:port) of the API and login hosts. */
  proxies: Record<string, ProxyRoute>;
  /** How to set the credentials, in the words of the sources at hand, for when none are set. */
  credentialsHelp: string;
  /** The credential settings in the words of the sources at hand: `GENESYSCLOUD_OAUTHCLIENT_ID and …`. */
  credentialSettings: string;
  /**
   * Each setting named as the user set it (`GENESYSCLOUD_API_URL`), or, when unset, the ways to
   * set it here (`genesyscloud:applyMode or GENESYSCLOUD_APPLY_MODE`): messages take their words from it.
   */
  names: Record<SettingKey, string>;
}

/** A setting the user must correct; `settings` names each one it is about, as the user set it. */
export class SettingsError extends Error {
  constructor(
    message: string,
    readonly settings: string[] = [],
  ) {
    super(message);
  }
}

/** The raw `genesyscloud:*` values from a config getter (Pulumi's configure request or stack config). */
export function readConfigValues(get: (key: string) => string | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of SETTING_KEYS) {
    const v = get(`${CONFIG_NAMESPACE}:${key}`);
    if (v !== undefined && v !== "") values[key] = v;
  }
  return values;
}

export function resolveSettings(sources: SettingSources): ProviderSettings {
  const { flags, config, env } = sources;
  const set: Partial<Record<SettingKey, SetValue>> = {};
  for (const key of SETTING_KEYS) {
    const spec: Spec = SPECS[key];
    const candidates: [string | undefined, string | undefined][] = [
      [flags?.[key], spec.flag],
      [config?.[key], `${CONFIG_NAMESPACE}:${key}`],
      [env[spec.env], spec.env],
    ];
    for (const [raw, setting] of candidates) {
      if (raw !== undefined && setting !== undefined && raw.trim() !== "") {
        set[key] = { value: raw.trim(), setting };
        break;
      }
    }
  }
  /** The ways to set `key` in this context: its flag, its stack-config key, its variable. */
  const ways = (key: SettingKey): string => {
    const spec: Spec = SPECS[key];
    const names = [flags && spec.flag, config && `${CONFIG_NAMESPACE}:${key}`, spec.env].filter((n): n is string => !!n);
    return names.join(" or ");
  };
  const fail: (key: SettingKey, rule: string) => never = (key, rule) => {
    const v = set[key]!;
    // A URL's user and password are credentials too.
    const shown = SECRET_SETTINGS.has(key) ? "" : `, got "${redactUserinfo(v.value)}"`;
    throw new SettingsError(`${v.setting} ${rule}${shown}`, [v.setting]);
  };
  const whole = (key: SettingKey, min: number): number | undefined => {
    const v = set[key];
    if (v === undefined) return undefined;
    const n = Number(v.value);
    if (!/^\d+$/.test(v.value) || !Number.isSafeInteger(n) || n < min)
      fail(key, min > 0 ? "must be a whole number above 0" : "must be a whole number, 0 or more");
    return n;
  };

  const orgId = set.orgId;
  if (orgId && !isUuid(orgId.value))
    fail("orgId", "must be an org ID (a UUID, as GET /api/v2/organizations/me or Admin > Account Settings shows it)");

  const region = set.region ? normalizeRegion(set.region.value) : DEFAULT_REGION;
  if (set.region && !isKnownRegion(region)) {
    const regions = Object.keys(REGION_DOMAINS);
    throw new SettingsError(
      `${set.region.setting} "${set.region.value}" is not a public Genesys Cloud region${didYouMean(region, regions)}; use one of: ${regions.join(", ")}`,
      [set.region.setting],
    );
  }

  const apiUrl = set.apiUrl?.value.replace(/\/+$/, "");
  if (apiUrl !== undefined) {
    const url = parseUrl(apiUrl);
    if (!url || !/^https?:$/.test(url.protocol) || !url.hostname)
      fail("apiUrl", "must be an http(s) URL such as https://api.mypurecloud.de");
    if (url.username || url.password || url.search || url.hash)
      fail("apiUrl", "must be a base URL, without credentials, query or fragment");
    if (/^\/(api|oauth)(\/|$)/i.test(url.pathname))
      fail(
        "apiUrl",
        `must be the base URL, without the path ${url.pathname} (the provider adds /api/v2/… and /oauth/token itself): use ${url.origin}`,
      );
  }

  const applyMode = (set.applyMode?.value ?? "api").toLowerCase();
  if (applyMode !== "api" && applyMode !== "manual")
    fail("applyMode", 'must be "api" (the provider writes) or "manual" (a person does, in the admin UI)');

  const originSetting =
    set.apiUrl?.setting ?? set.region?.setting ?? `the default region ${DEFAULT_REGION} (set ${ways("region")} to change it)`;
  const endpoints = resolveEndpoints(region, apiUrl);
  const proxies: Record<string, ProxyRoute> = {};
  for (const base of new Set([endpoints.apiBase, endpoints.loginBase])) {
    const route = proxyFor(base, set, env, fail);
    if (route) proxies[originOf(base)] = route;
  }

  const credentialsHelp =
    `set ${ways("oauthclientId")}, and ${ways("oauthclientSecret")}; or an access token in ${ways("accessToken")}. ` +
    (config
      ? `In this stack: pulumi config set ${CONFIG_NAMESPACE}:oauthclientId <client ID> && pulumi config set --secret ${CONFIG_NAMESPACE}:oauthclientSecret <secret>`
      : `In this shell: export ${SPECS.oauthclientId.env}=<client ID> ${SPECS.oauthclientSecret.env}=<secret>`);
  if (!set.accessToken && !!set.oauthclientId !== !!set.oauthclientSecret) {
    const [has, lacks] = set.oauthclientId
      ? (["oauthclientId", "oauthclientSecret"] as const)
      : (["oauthclientSecret", "oauthclientId"] as const);
    throw new SettingsError(
      `${set[has]!.setting} is set but not ${ways(lacks)}: the client ID and secret go together; ${howToSet(set[has]!.setting, lacks)}`,
      [ways(lacks)],
    );
  }

  return {
    clientId: set.oauthclientId?.value,
    clientSecret: set.oauthclientSecret?.value,
    accessToken: set.accessToken?.value,
    region,
    apiUrl,
    timeoutMs: whole("timeoutMs", 1),
    maxRetries: whole("maxRetries", 0),
    maxRetryElapsedMs: whole("maxRetryElapsedMs", 0),
    maxRetryAfterSeconds: whole("maxRetryAfterSeconds", 1),
    requestsPerMinute: whole("requestsPerMinute", 1),
    orgPin: orgId ? { id: orgIdOf(orgId.value), setting: orgId.setting } : undefined,
    applyMode: applyMode as "api" | "manual",
    manualWaitSeconds: whole("manualWaitSeconds", 0) ?? 0,
    manualPollSeconds: whole("manualPollSeconds", 1) ?? 5,
    set,
    originSetting,
    endpoints,
    proxies,
    credentialsHelp,
    credentialSettings: `${ways("oauthclientId")} and ${ways("oauthclientSecret")} (or ${ways("accessToken")})`,
    names: Object.fromEntries(SETTING_KEYS.map((key) => [key, set[key]?.setting ?? ways(key)])) as Record<SettingKey, string>,
  };
}

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/**
 * The proxy for requests to `base`: GENESYSCLOUD_PROXY_* (or the stack config) for every request
 * when set; else the standard variables as curl reads them: `https_proxy` / `HTTPS_PROXY` for
 * https, `http_proxy` / `HTTP_PROXY` for http, then `all_proxy` / `ALL_PROXY`, the lower-case name
 * first; `no_proxy` / `NO_PROXY` lists hosts to reach directly. Loopback is proxied unless
 * NO_PROXY names it.
 */
function proxyFor(
  base: string,
  set: Partial<Record<SettingKey, SetValue>>,
  env: NodeJS.ProcessEnv,
  fail: (key: SettingKey, rule: string) => never,
): ProxyRoute | undefined {
  const { proxyHost: host, proxyPort: port, proxyProtocol: protocol, proxyUsername: user, proxyPassword: password } = set;
  if (host) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/i.test(host.value))
      fail("proxyHost", "must be a host name or IP address, without scheme or port (they have settings of their own)");
    if (!port)
      throw new SettingsError(`${host.setting} is set but not the proxy's port: set ${sameSource(host.setting, "proxyPort")}`, [
        sameSource(host.setting, "proxyPort"),
      ]);
    const portNumber = Number(port.value);
    if (!/^\d+$/.test(port.value) || portNumber < 1 || portNumber > 65535) fail("proxyPort", "must be a port number, 1 to 65535");
    const scheme = (protocol?.value ?? "http").toLowerCase();
    if (scheme !== "http" && scheme !== "https") fail("proxyProtocol", 'must be "http" or "https"');
    if (!!user !== !!password) {
      const has = (user ?? password)!;
      throw new SettingsError(
        `${has.setting} is set but not ${sameSource(has.setting, user ? "proxyPassword" : "proxyUsername")}: the proxy's user and password go together`,
        [sameSource(has.setting, user ? "proxyPassword" : "proxyUsername")],
      );
    }
    const display = `${scheme}://${host.value}:${portNumber}`;
    const authSettings =
      user && password
        ? `${user.setting} and ${password.setting}`
        : `${sameSource(host.setting, "proxyUsername")} and ${sameSource(host.setting, "proxyPassword")}`;
    const route: ProxyRoute = { url: display, display, setting: host.setting, authSettings };
    if (user && password) route.login = { username: user.value, password: password.value };
    return route;
  }
  for (const key of ["proxyPort", "proxyProtocol", "proxyUsername", "proxyPassword"] as const) {
    const v = set[key];
    if (v)
      throw new SettingsError(
        `${v.setting} is set but not the proxy's host: set ${sameSource(v.setting, "proxyHost")} too, or unset ${v.setting}`,
        [v.setting],
      );
  }

  const target = new URL(base);
  const scheme = target.protocol.replace(":", "");
  const names = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, "all_proxy", "ALL_PROXY"];
  const name = names.find((n) => (env[n] ?? "").trim() !== "");
  if (!name) return undefined;
  if (bypassed(target, env)) return undefined;
  const raw = env[name]!.trim();
  const proxy = parseUrl(raw.includes("://") ? raw : `http://${raw}`);
  if (!proxy || !proxy.hostname)
    throw new SettingsError(`${name} must be a proxy URL such as http://proxy.example.com:3128, got "${redactUserinfo(raw)}"`, [name]);
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
    throw new SettingsError(`${name} names a ${proxy.protocol.replace(":", "")} proxy; only http:// and https:// proxies are supported`, [
      name,
    ]);
  }
  const display = `${proxy.protocol}//${proxy.hostname}:${proxy.port || (proxy.protocol === "https:" ? "443" : "80")}`;
  const route: ProxyRoute = { url: display, display, setting: name, authSettings: `the user and password in ${name}` };
  // The login in the variable's URL is taken out of it, once, here.
  if (proxy.username || proxy.password)
    route.login = { username: decodeURIComponent(proxy.username), password: decodeURIComponent(proxy.password) };
  return route;
}

/** The command that sets `key` in the same source as `setting`: a stack-config key (a secret as one), or a variable. */
function howToSet(setting: string, key: SettingKey): string {
  const value = key === "oauthclientId" ? "<client ID>" : "<secret>";
  if (setting.startsWith(`${CONFIG_NAMESPACE}:`))
    return `set it with: pulumi config set ${SECRET_SETTINGS.has(key) ? "--secret " : ""}${CONFIG_NAMESPACE}:${key} ${value}`;
  return `set it with: export ${SPECS[key].env}=${value}`;
}

/** The name of `key` in the same source as `setting` (a stack-config key or a variable). */
function sameSource(setting: string, key: SettingKey): string {
  return setting.startsWith(`${CONFIG_NAMESPACE}:`) ? `${CONFIG_NAMESPACE}:${key}` : SPECS[key].env;
}

function redactUserinfo(raw: string): string {
  return raw.replace(/\/\/[^@/]*@/, "//***@");
}

/** Whether NO_PROXY names the target: `*`, the host, a parent domain (with or without a leading `.` or `*.`), optionally with its port. */
function bypassed(target: URL, env: NodeJS.ProcessEnv): boolean {
  const list = (env.no_proxy ?? env.NO_PROXY ?? "").toLowerCase();
  const host = target.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const port = target.port || (target.protocol === "https:" ? "443" : "80");
  return list
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === "*") return true;
      const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
      const name = m[1].replace(/^\[|\]$/g, "").replace(/^\*?\./, "");
      if (m[2] && m[2] !== port) return false;
      return host === name || host.endsWith(`.${name}`);
    });
}

/** The words the provider's org checks and refusals name settings with, from the settings in use. */
export function orgWords(s: ProviderSettings): OrgWords {
  const n = s.names;
  return {
    credentials: `${n.oauthclientId} and ${n.oauthclientSecret} (or an access token in ${n.accessToken}), and the org's address (${s.originSetting})`,
    accessToken: n.accessToken,
    applyMode: n.applyMode,
  };
}

/** The HTTP client's options: where to go, how to log in, and the settings' names for its messages. */
export function clientOptions(s: ProviderSettings): GenesysClientOptions {
  if (!s.accessToken && !(s.clientId && s.clientSecret))
    throw new SettingsError(`no Genesys Cloud credentials: ${s.credentialsHelp}`, [s.credentialSettings]);
  const { endpoints } = s;
  const credentials = s.set.accessToken?.setting ?? `${s.set.oauthclientId?.setting} / ${s.set.oauthclientSecret?.setting}`;
  return {
    apiBase: endpoints.apiBase,
    loginBase: endpoints.loginBase,
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    accessToken: s.accessToken,
    timeoutMs: s.timeoutMs,
    maxRetries: s.maxRetries,
    maxRetryElapsedMs: s.maxRetryElapsedMs,
    maxRetryAfterMs: s.maxRetryAfterSeconds === undefined ? undefined : s.maxRetryAfterSeconds * 1000,
    requestsPerMinute: s.requestsPerMinute,
    proxies: s.proxies,
    labels: { credentials, origin: s.originSetting, retryAfterCeiling: s.names.maxRetryAfterSeconds },
  };
}

/**
 * The domain authorization URLs must use: from apiUrl when it is https://api.<domain>, else the
 * configured region's (also behind the emulator or a gateway, which have no domain of their own).
 */
export function expectedDomain(s: ProviderSettings): string {
  return s.endpoints.domain ?? REGION_DOMAINS[s.region];
}

import { didYouMean } from "../common/suggest";
import { noProxyMatches } from "../genesys/no-proxy";
import { isUuid } from "./authorized-client/client-id";
import { OrgPin, orgIdOf } from "./authorized-client/org";
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
  TOKEN_POOL_MAX,
  appendingRequestLog,
} from "../genesys";
import { CONFIG_NAMESPACE, SECRET_SETTINGS, SetValue, SettingKey, SettingNames, SETTING_KEYS, SPECS } from "./setting-names";

export { CONFIG_NAMESPACE, SECRET_SETTINGS, SETTING_KEYS, SettingKey, SettingNames, SetValue } from "./setting-names";

/**
 * Every setting of the provider and of genesys-grants, resolved and validated once, here. A value
 * comes from a flag of genesys-grants, the stack config (`genesyscloud:*`, the provider only) or
 * the environment, in that order; proxies also come from HTTPS_PROXY, HTTP_PROXY and NO_PROXY.
 * Every error names the setting in the words of setting-names.ts. Nothing else reads the stack
 * config or these variables.
 */

/** Where the values come from. `config` is the provider's stack config; `flags` are genesys-grants's. */
export interface SettingSources {
  flags?: Partial<Record<SettingKey, string>>;
  config?: Partial<Record<string, string>>;
  env: NodeJS.ProcessEnv;
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
  /** API requests per rolling minute and token, at most (default 300, the vendor's per-token budget). */
  requestsPerMinute?: number;
  /** The request log's file (genesys/request-log.ts), if any. */
  requestLogFile?: string;
  /** Tokens at most, 1 to 50 (default 10). */
  tokenPoolSize?: number;
  /** API requests per rolling minute over all the tokens (default 3000, the vendor's per-app budget). */
  appRequestsPerMinute?: number;
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
  /** The API and login bases and the domain, resolved once from the region and apiUrl. */
  endpoints: Endpoints;
  /** Forward proxies by origin (scheme://host:port) of the API and login hosts. */
  proxies: Record<string, ProxyRoute>;
  /** Each setting's name, as the user set it or as it can be set here: messages take their words from it. */
  names: SettingNames;
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
  const set = collect(sources);
  const names = new SettingNames({ flags: !!flags, config: !!config }, set);
  const fail = failing(set);
  const whole = (key: SettingKey, min: number): number | undefined => {
    const v = set[key];
    if (v === undefined) return undefined;
    const n = Number(v.value);
    if (!/^\d+$/.test(v.value) || !Number.isSafeInteger(n) || n < min)
      fail(key, min > 0 ? "must be a whole number above 0" : "must be a whole number, 0 or more");
    return n;
  };

  const poolSize = (): number | undefined => {
    const n = whole("tokenPoolSize", 1);
    if (n !== undefined && n > TOKEN_POOL_MAX)
      fail("tokenPoolSize", `must be a whole number from 1 to ${TOKEN_POOL_MAX}, as the vendor's own pool takes it`);
    return n;
  };

  const orgId = set.orgId;
  if (orgId && !isUuid(orgId.value))
    fail("orgId", "must be an org ID (a UUID, as GET /api/v2/organizations/me or Admin > Account Settings shows it)");
  const region = regionOf(set.region);
  const apiUrl = set.apiUrl && apiUrlOf(set.apiUrl.value, (rule) => fail("apiUrl", rule));
  const applyMode = (set.applyMode?.value ?? "api").toLowerCase();
  if (applyMode !== "api" && applyMode !== "manual")
    fail("applyMode", 'must be "api" (the provider writes) or "manual" (a person does, in the admin UI)');

  const endpoints = resolveEndpoints(region, apiUrl);
  const proxies: Record<string, ProxyRoute> = {};
  for (const base of new Set([endpoints.apiBase, endpoints.loginBase])) {
    const route = proxyFor(base, set, names, env, fail);
    if (route) proxies[originOf(base)] = route;
  }

  if (!set.accessToken && !!set.oauthclientId !== !!set.oauthclientSecret) {
    const [has, lacks] = set.oauthclientId
      ? (["oauthclientId", "oauthclientSecret"] as const)
      : (["oauthclientSecret", "oauthclientId"] as const);
    throw new SettingsError(
      `${set[has]!.setting} is set but not ${names.ways(lacks)}: the client ID and secret go together; ${names.howToSet(set[has]!.setting, lacks)}`,
      [names.ways(lacks)],
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
    tokenPoolSize: poolSize(),
    requestLogFile: set.requestLogFile?.value,
    appRequestsPerMinute: whole("appRequestsPerMinute", 1),
    orgPin: orgId ? { id: orgIdOf(orgId.value), setting: orgId.setting } : undefined,
    applyMode: applyMode as "api" | "manual",
    manualWaitSeconds: whole("manualWaitSeconds", 0) ?? 0,
    manualPollSeconds: whole("manualPollSeconds", 1) ?? 5,
    set,
    endpoints,
    proxies,
    names,
  };
}

/** Each setting's value from the first source that sets it: a flag, the stack config, the environment. */
function collect({ flags, config, env }: SettingSources): Partial<Record<SettingKey, SetValue>> {
  const set: Partial<Record<SettingKey, SetValue>> = {};
  for (const key of SETTING_KEYS) {
    const spec: { env: string; flag?: string } = SPECS[key];
    const candidates: [string | undefined, string | undefined][] = [
      [flags?.[key], spec.flag],
      [config?.[key], `${CONFIG_NAMESPACE}:${key}`],
      [env[spec.env], spec.env],
    ];
    const found = candidates.find(([raw, setting]) => raw !== undefined && setting !== undefined && raw.trim() !== "");
    if (found) set[key] = { value: found[0]!.trim(), setting: found[1]! };
  }
  return set;
}

/** Fails on a set value, naming its setting and showing the value unless it is a secret. */
function failing(set: Partial<Record<SettingKey, SetValue>>): (key: SettingKey, rule: string) => never {
  return (key, rule) => {
    const v = set[key]!;
    // A URL's user and password are credentials too.
    const shown = SECRET_SETTINGS.has(key) ? "" : `, got "${redactUserinfo(v.value)}"`;
    throw new SettingsError(`${v.setting} ${rule}${shown}`, [v.setting]);
  };
}

function regionOf(v: SetValue | undefined): string {
  if (!v) return DEFAULT_REGION;
  const region = normalizeRegion(v.value);
  if (!isKnownRegion(region)) {
    const regions = Object.keys(REGION_DOMAINS);
    throw new SettingsError(
      `${v.setting} "${v.value}" is not a public Genesys Cloud region${didYouMean(region, regions) ? `${didYouMean(region, regions)} Use` : "; use"} one of: ${regions.join(", ")}`,
      [v.setting],
    );
  }
  return region;
}

/** The API's base URL, without a trailing slash; `fail` names the setting. */
function apiUrlOf(raw: string, fail: (rule: string) => never): string {
  const apiUrl = raw.replace(/\/+$/, "");
  const url = parseUrl(apiUrl);
  if (!url || !/^https?:$/.test(url.protocol) || !url.hostname) fail("must be an http(s) URL such as https://api.mypurecloud.de");
  if (url.username || url.password || url.search || url.hash) fail("must be a base URL, without credentials, query or fragment");
  if (/^\/(api|oauth)(\/|$)/i.test(url.pathname))
    fail(`must be the base URL, without the path ${url.pathname} (the provider adds /api/v2/… and /oauth/token itself): use ${url.origin}`);
  return apiUrl;
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
  names: SettingNames,
  env: NodeJS.ProcessEnv,
  fail: (key: SettingKey, rule: string) => never,
): ProxyRoute | undefined {
  const { proxyHost: host, proxyPort: port, proxyProtocol: protocol, proxyUsername: user, proxyPassword: password } = set;
  if (host) {
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9]([a-z0-9.-]*[a-z0-9])?)$/i.test(host.value))
      fail("proxyHost", "must be a host name or IP address, without scheme or port (they have settings of their own)");
    if (!port)
      throw new SettingsError(`${host.setting} is set but not the proxy's port: set ${names.sameSource(host.setting, "proxyPort")}`, [
        names.sameSource(host.setting, "proxyPort"),
      ]);
    const portNumber = Number(port.value);
    if (!/^\d+$/.test(port.value) || portNumber < 1 || portNumber > 65535) fail("proxyPort", "must be a port number, 1 to 65535");
    const scheme = (protocol?.value ?? "http").toLowerCase();
    if (scheme !== "http" && scheme !== "https") fail("proxyProtocol", 'must be "http" or "https"');
    if (!!user !== !!password) {
      const has = (user ?? password)!;
      throw new SettingsError(
        `${has.setting} is set but not ${names.sameSource(has.setting, user ? "proxyPassword" : "proxyUsername")}: the proxy's user and password go together`,
        [names.sameSource(has.setting, user ? "proxyPassword" : "proxyUsername")],
      );
    }
    const display = `${scheme}://${host.value}:${portNumber}`;
    const authSettings =
      user && password
        ? `${user.setting} and ${password.setting}`
        : `${names.sameSource(host.setting, "proxyUsername")} and ${names.sameSource(host.setting, "proxyPassword")}`;
    const route: ProxyRoute = { url: display, display, setting: host.setting, authSettings };
    if (user && password) route.login = { username: user.value, password: password.value };
    return route;
  }
  for (const key of ["proxyPort", "proxyProtocol", "proxyUsername", "proxyPassword"] as const) {
    const v = set[key];
    if (v)
      throw new SettingsError(
        `${v.setting} is set but not the proxy's host: set ${names.sameSource(v.setting, "proxyHost")} too, or unset ${v.setting}`,
        [v.setting],
      );
  }

  const target = new URL(base);
  const scheme = target.protocol.replace(":", "");
  const variables = [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`, "all_proxy", "ALL_PROXY"];
  const name = variables.find((n) => (env[n] ?? "").trim() !== "");
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
    route.login = { username: decodedUserinfo(proxy.username), password: decodedUserinfo(proxy.password) };
  return route;
}

/** A URL's user or password as the proxy expects it: percent-decoded, or as written where it is not valid percent-encoding (`%zz`). */
function decodedUserinfo(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * A URL value as messages show it: a user and password never shown, whatever they hold. Everything
 * up to the last `@` of the value is the login when there is one (a password may hold `@`, `/` or
 * `:`, raw or percent-encoded, and a value without a scheme has no `//` to find), so it is replaced,
 * and only the scheme and what follows that `@` are shown.
 */
export function redactUserinfo(raw: string): string {
  const at = raw.lastIndexOf("@");
  if (at < 0) return raw;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw)?.[0] ?? "";
  return `${scheme}***@${raw.slice(at + 1)}`;
}

/** Whether NO_PROXY (`no_proxy` first) names the target, by curl's rules (genesys/no-proxy.ts). */
function bypassed(target: URL, env: NodeJS.ProcessEnv): boolean {
  return noProxyMatches(env.no_proxy ?? env.NO_PROXY ?? "", target);
}

/** The HTTP client's options: where to go, how to log in, and the settings' names for its messages. */
export function clientOptions(s: ProviderSettings): GenesysClientOptions {
  if (!s.accessToken && !(s.clientId && s.clientSecret))
    throw new SettingsError(`no Genesys Cloud credentials: ${s.names.credentialsHelp}`, [s.names.credentials]);
  const { endpoints } = s;
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
    tokenPoolSize: s.tokenPoolSize,
    appRequestsPerMinute: s.appRequestsPerMinute,
    onRequest: s.requestLogFile ? appendingRequestLog(s.requestLogFile) : undefined,
    proxies: s.proxies,
    labels: s.names.labels,
  };
}

/**
 * The domain authorization URLs must use: from apiUrl when it is https://api.<domain>, else the
 * configured region's (also behind the emulator or a gateway, which have no domain of their own).
 */
export function expectedDomain(s: ProviderSettings): string {
  return s.endpoints.domain ?? REGION_DOMAINS[s.region];
}
export { unknownConfigKeys } from "./config-keys";

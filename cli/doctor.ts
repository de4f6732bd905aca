import { quoted, terminalText } from "../common/text";
import { GenesysApiError, GenesysClient, isGenesysApiError, Organization } from "../genesys";
import { ProviderSettings, SECRET_SETTINGS, SETTING_KEYS, SettingsError } from "../provider/settings";
import { cliSettings, clientFor, OrgFlags, StackConfigError } from "./org";
import { checkPin, orgIdOf } from "../provider/state";

/** One line of `genesys-grants doctor`: ✔ passed, ✘ failed (with how to fix it), or · for information. */
export interface Check {
  check: string;
  status: "pass" | "fail" | "info";
  detail: string;
  fix?: string;
}

const PERMISSION_FIX = {
  authorize:
    "give a role of the OAuth client the permission OAuth > Client > Authorize (oauth:client:authorize): Admin > People & Permissions > Roles",
  roles:
    "give a role of the OAuth client the permission Authorization > Role > View (authorization:role:view), needed when a resource names roles",
};
const AUTHORIZE = "oauth:client:authorize";
/** A clock this far from the org's is reported: token lifetimes and Retry-After depend on it. */
const MAX_SKEW_MS = 60_000;

/**
 * Checks, in order and without writing anything: the settings and where each came from, the
 * login, the org, the permissions the provider needs (each probed through the call that needs
 * it), reachability and latency of each endpoint, the clock, and the proxy. No secret is shown.
 */
export async function doctor(
  flags: OrgFlags & { withRoles?: boolean; preview?: boolean },
  env: NodeJS.ProcessEnv,
  now: () => number = Date.now,
): Promise<Check[]> {
  const checks: Check[] = [];
  const pass = (check: string, detail: string) => checks.push({ check, status: "pass", detail });
  const fail = (check: string, detail: string, fix: string) => checks.push({ check, status: "fail", detail, fix });
  const info = (check: string, detail: string) => checks.push({ check, status: "info", detail });

  let settings: ProviderSettings;
  let api: GenesysClient;
  try {
    settings = cliSettings(flags, env);
    api = clientFor(settings, undefined, "genesys-grants doctor");
  } catch (e) {
    if (e instanceof StackConfigError) {
      fail("settings", e.message, `check --stack ${flags.stack}`);
      return checks;
    }
    if (!(e instanceof SettingsError)) throw e;
    fail("settings", e.message, e.settings.length > 0 ? `set or correct ${e.settings.join(" and ")}` : "set or correct the settings above");
    return checks;
  }
  for (const key of SETTING_KEYS) {
    const v = settings.set[key];
    if (v) pass(`setting ${v.setting}`, SECRET_SETTINGS.has(key) ? "set (secret, not shown)" : v.value);
  }
  if (!settings.set.region && !settings.set.apiUrl) info("setting region", `${settings.region} (the default)`);
  info(
    "apply mode",
    settings.applyMode === "manual"
      ? `manual: the provider never writes; it waits up to ${settings.manualWaitSeconds} s for a person's change`
      : "api: the provider writes through the authorization API",
  );

  const { apiBase, loginBase } = api.options;
  const origin = settings.names.origin;
  let org: Organization;
  let serverDate: string | undefined;
  try {
    const me = await api.timedGet<Organization>("/api/v2/organizations/me");
    org = me.body;
    serverDate = me.serverDate;
    const login = api.loginState();
    const expiry =
      login.expiresAt !== undefined
        ? `, token good for ${Math.round((login.expiresAt - now()) / 60_000)} min`
        : " (used as given, never renewed)";
    pass("login", `${login.kind} at ${login.kind === "access token" ? apiBase : loginBase} (chosen by ${origin})${expiry}`);
    pass("reach GET /api/v2/organizations/me", `${me.ms} ms`);
  } catch (e) {
    const err = e as Error;
    const atLogin = isGenesysApiError(e) && e.path === "/oauth/token";
    const credentials =
      settings.set.accessToken?.setting ?? `${settings.set.oauthclientId?.setting} and ${settings.set.oauthclientSecret?.setting}`;
    fail(
      atLogin ? "login" : "reach GET /api/v2/organizations/me",
      err.message,
      atLogin ? `correct ${credentials}, or ${origin} if the org is elsewhere` : `check ${origin}, the network${proxyNames(settings)}`,
    );
    return checks;
  }
  const mismatch = settings.orgPin && checkPin({ id: orgIdOf(org.id), name: org.name }, settings.orgPin, settings.names.orgWords);
  if (mismatch) {
    fail("org", mismatch.message, `use the credentials of the pinned org, or change ${settings.orgPin!.setting}`);
    // Nothing more of another org is read: its permissions, clients and roles are not this stack's business.
    return checks;
  } else {
    pass("org", `${quoted(org.name)} (${org.id})`);
  }

  const probe = async (path: string, permission?: { name: string; fix: string; required: boolean }) => {
    const route = path.split("?")[0];
    try {
      const r = await api.timedGet(path);
      if (permission) pass(`permission ${permission.name}`, `GET ${route} answered in ${r.ms} ms`);
      else pass(`reach GET ${route}`, `${r.ms} ms`);
    } catch (e) {
      const denied = isGenesysApiError(e) && (e as GenesysApiError).status === 403;
      if (permission?.name === AUTHORIZE && denied) {
        const detail = `view-only: enough to preview, not to apply (GET ${route} answered 403: ${(e as GenesysApiError).vendorMessage})`;
        if (flags.preview) info(`permission ${permission.name}`, detail);
        else fail(`permission ${permission.name}`, detail, permission.fix);
      } else if (permission && denied && !permission.required)
        info(`permission ${permission.name}`, `not held (GET ${route} answered 403); needed only when a resource names roles`);
      else if (permission && denied) fail(`permission ${permission.name}`, (e as Error).message, permission.fix);
      else fail(`reach GET ${route}`, (e as Error).message, `check ${origin}, the network${proxyNames(settings)}`);
    }
  };
  await probe("/api/v2/oauth/authorizations", { name: AUTHORIZE, fix: PERMISSION_FIX.authorize, required: !flags.preview });
  await probe("/api/v2/authorization/roles?pageSize=1&pageNumber=1&userCount=false", {
    name: "authorization:role:view",
    fix: PERMISSION_FIX.roles,
    required: flags.withRoles ?? false,
  });
  await probe("/api/v2/oauth/scopes");

  const serverMs = serverDate ? Date.parse(serverDate) : NaN;
  if (Number.isNaN(serverMs)) {
    info("clock", "the org sent no Date header to compare with");
  } else {
    const skew = now() - serverMs;
    const text = `${Math.abs(Math.round(skew / 1000))} s ${skew >= 0 ? "ahead of" : "behind"} the org's`;
    if (Math.abs(skew) > MAX_SKEW_MS)
      fail("clock", text, "synchronise this machine's clock (NTP): token lifetimes and Retry-After waits depend on it");
    else pass("clock", text);
  }

  const proxies = [...new Map(Object.values(settings.proxies).map((p) => [p.display, p])).values()];
  if (proxies.length === 0) info("proxy", "none: the org is reached directly");
  for (const p of proxies) pass("proxy", `${p.display} (set by ${p.setting}) carried the calls above`);
  return checks;
}

/** The settings that chose the proxies in use, for a fix: ` and the proxy (HTTPS_PROXY)`. */
function proxyNames(settings: ProviderSettings): string {
  const names = [...new Set(Object.values(settings.proxies).map((p) => p.setting))];
  return names.length > 0 ? ` and the proxy (${names.join(", ")})` : "";
}

const MARK = { pass: "✔", fail: "✘", info: "·" } as const;

/** One line per check; a failed one says how to fix it. Org strings stay terminal text. */
export function renderChecks(checks: Check[]): string {
  return checks.map((c) => terminalText(`${MARK[c.status]} ${c.check}: ${c.detail}${c.fix ? ` — to fix: ${c.fix}` : ""}`) + "\n").join("");
}

import { normalizeOptions } from "../../genesys/options";
import { DEFAULT_REGION, REGION_DOMAINS } from "../../genesys/regions";
import { resolveSettings } from "../../provider/settings";
import { CONFIG_NAMESPACE, SECRET_SETTINGS, SETTING_KEYS, SettingKey, SPECS } from "../../provider/setting-keys";
import { CLI_MAX_RETRY_ELAPSED_MS } from "../../cli/org";
import { markdownTable } from "../../common/text";

/** The markers around the generated table in docs/configuration.md. */
export const TABLE_START =
  "<!-- settings table: generated from provider/setting-keys.ts by `npm run -s docs:settings`; do not edit by hand -->";
export const TABLE_END = "<!-- end of the settings table -->";

/** Each default as the code that applies it has it: the HTTP layer's options, the settings' own, genesys-grants's. */
function defaults(): Partial<Record<SettingKey, string>> {
  const http = normalizeOptions({ apiBase: "http://127.0.0.1", loginBase: "http://127.0.0.1", accessToken: "t" });
  const settings = resolveSettings({ config: {}, env: {} });
  const proxied = resolveSettings({ config: { proxyHost: "proxy", proxyPort: "1" }, env: {} });
  const scheme = new URL(Object.values(proxied.proxies)[0].url).protocol.replace(":", "");
  return {
    timeoutMs: `default ${http.timeoutMs}`,
    maxRetries: `default ${http.maxRetries}`,
    maxRetryElapsedMs: `default ${http.maxRetryElapsedMs} for the provider, ${CLI_MAX_RETRY_ELAPSED_MS} for genesys-grants, where a person waits`,
    maxRetryAfterSeconds: `default ${http.maxRetryAfterMs / 1000}`,
    requestsPerMinute: `default ${http.requestsPerMinute}`,
    tokenPoolSize: `default ${http.tokenPoolSize}`,
    requestLogFile: "none by default",
    appRequestsPerMinute: `default ${http.appRequestsPerMinute}`,
    applyMode: `the default is \`${settings.applyMode}\``.replace("the default is `api`", "the default"),
    manualWaitSeconds: `default ${settings.manualWaitSeconds}`,
    manualPollSeconds: `default ${settings.manualPollSeconds}`,
    proxyProtocol: scheme === "http" ? "the default" : `default ${scheme}`,
  };
}

/** docs/configuration.md's settings table, from the one definition of the settings. */
export function settingsTable(): string {
  const defaultOf = defaults();
  const regions = Object.keys(REGION_DOMAINS)
    .map((r) => `\`${r}\`${r === DEFAULT_REGION ? " (default)" : ""}`)
    .join(", ");
  const rows = SETTING_KEYS.map((key) => {
    const spec: { env: string; flag?: string; meaning: string } = SPECS[key];
    const meaning = spec.meaning.replace("{default}", defaultOf[key] ?? "no default").replace("{regions}", regions);
    return [
      `\`${CONFIG_NAMESPACE}:${key}\`${SECRET_SETTINGS.has(key) ? " (secret)" : ""}`,
      `\`${spec.env}\``,
      spec.flag ? `\`${spec.flag}\`` : "",
      meaning,
    ];
  });
  return [TABLE_START, ...markdownTable(["stack config", "environment", "genesys-grants flag", "meaning"], rows), TABLE_END].join("\n");
}

/** The text of docs/configuration.md with its table replaced by the generated one. */
export function withSettingsTable(doc: string): string {
  const start = doc.indexOf(TABLE_START);
  const end = doc.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error("docs/configuration.md has no settings-table markers");
  return doc.slice(0, start) + settingsTable() + doc.slice(end + TABLE_END.length);
}

import { closest } from "../common/suggest";
import { CONFIG_NAMESPACE, SAFEGUARD_SETTINGS, SETTING_KEYS, SettingKey } from "./setting-keys";

/** A stack-config key under `genesyscloud:` that is no setting. */
export interface UnknownKey {
  key: string;
  /** The nearest real setting, as a stack-config key, if one is close. */
  nearest?: string;
  /** The nearest setting keeps a safeguard (the org pin, manual apply): the typo fails, not warns. */
  fails: boolean;
  message: string;
}

/**
 * The `genesyscloud:*` keys among `keys` (full stack-config keys) that name no setting, each with
 * the nearest real one. A misspelt key changes nothing, so the user would believe a setting set
 * that is not: Pulumi's own providers name an unknown key of their namespace, and so does this.
 */
export function unknownConfigKeys(keys: Iterable<string>): UnknownKey[] {
  const found: UnknownKey[] = [];
  for (const full of keys) {
    if (!full.startsWith(`${CONFIG_NAMESPACE}:`)) continue;
    const key = full.slice(CONFIG_NAMESPACE.length + 1);
    if ((SETTING_KEYS as string[]).includes(key)) continue;
    const near = (closest(key, SETTING_KEYS, 1)[0] ?? SETTING_KEYS.find((k) => k.toLowerCase() === key.toLowerCase())) as
      SettingKey | undefined;
    const nearest = near ? `${CONFIG_NAMESPACE}:${near}` : undefined;
    const fails = near !== undefined && SAFEGUARD_SETTINGS.has(near);
    const message =
      `stack config ${full} is not a setting of pulumi-genesys-grants, so it changes nothing` +
      (nearest
        ? `: did you mean ${nearest}? Rename it with \`pulumi config rm ${full}\` and \`pulumi config set ${nearest} <value>\``
        : "") +
      (fails ? ` (${nearest} keeps a safeguard, so this stops the run)` : "");
    found.push({ key: full, nearest, fails, message });
  }
  return found;
}

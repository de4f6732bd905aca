import { OrgWords } from "./authorized-client/org";
import { DEFAULT_REGION, SettingLabels } from "../genesys";

/**
 * The settings' names, and the one vocabulary every message takes its words from. A setting is
 * named as the user set it (`--region`, `genesyscloud:region` or `GENESYSCLOUD_REGION`); an unset
 * one by the ways to set it in the context at hand (a flag for genesys-grants, the stack config
 * for the provider, the variable for both). The GENESYSCLOUD_* variables are the vendor's
 * Terraform provider's, so existing CI secrets work.
 */

export { SPECS, SETTING_KEYS, SECRET_SETTINGS, CONFIG_NAMESPACE } from "./setting-keys";
export type { SettingKey } from "./setting-keys";
import { CONFIG_NAMESPACE, SECRET_SETTINGS, SPECS, SettingKey, Spec } from "./setting-keys";

/** A value as the user set it, and the setting that holds it, in its source's words. */
export interface SetValue {
  value: string;
  /** `--region`, `genesyscloud:region` or `GENESYSCLOUD_REGION`. */
  setting: string;
}

/** Which sources the context has besides the environment: genesys-grants's flags, the stack config. */
export interface SourceKinds {
  flags: boolean;
  config: boolean;
}

/** How this context names its settings, for every message that names one. */
export class SettingNames {
  constructor(
    private readonly kinds: SourceKinds,
    private readonly set: Partial<Record<SettingKey, SetValue>>,
  ) {}

  /** The ways to set `key` here: its flag, its stack-config key, its variable (`genesyscloud:applyMode or GENESYSCLOUD_APPLY_MODE`). */
  ways(key: SettingKey): string {
    const spec: Spec = SPECS[key];
    const names = [this.kinds.flags && spec.flag, this.kinds.config && `${CONFIG_NAMESPACE}:${key}`, spec.env];
    return names.filter((n): n is string => !!n).join(" or ");
  }

  /** `key` as the user set it, else the ways to set it here. */
  of(key: SettingKey): string {
    return this.set[key]?.setting ?? this.ways(key);
  }

  /** The setting that chose the API and login origins. */
  get origin(): string {
    return (
      this.set.apiUrl?.setting ??
      this.set.region?.setting ??
      `the default region ${DEFAULT_REGION} (set ${this.ways("region")} to change it)`
    );
  }

  /** The credential settings, as a list of ways: `GENESYSCLOUD_OAUTHCLIENT_ID and … (or GENESYSCLOUD_ACCESS_TOKEN)`. */
  get credentials(): string {
    return `${this.ways("oauthclientId")} and ${this.ways("oauthclientSecret")} (or ${this.ways("accessToken")})`;
  }

  /** How to set the credentials, for when none are set. */
  get credentialsHelp(): string {
    return (
      `set ${this.ways("oauthclientId")}, and ${this.ways("oauthclientSecret")}; or an access token in ${this.ways("accessToken")}. ` +
      (this.kinds.config
        ? `In this stack: pulumi config set ${CONFIG_NAMESPACE}:oauthclientId <client ID> && pulumi config set --secret ${CONFIG_NAMESPACE}:oauthclientSecret <secret>`
        : `In this shell: export ${SPECS.oauthclientId.env}=<client ID> ${SPECS.oauthclientSecret.env}=<secret>`)
    );
  }

  /** The name of `key` in the same source as `setting` (a stack-config key or a variable). */
  sameSource(setting: string, key: SettingKey): string {
    return setting.startsWith(`${CONFIG_NAMESPACE}:`) ? `${CONFIG_NAMESPACE}:${key}` : SPECS[key].env;
  }

  /** The command that sets `key` in the same source as `setting`: a stack-config key (a secret as one), or a variable. */
  howToSet(setting: string, key: SettingKey): string {
    const value = key === "oauthclientId" ? "<client ID>" : "<secret>";
    if (setting.startsWith(`${CONFIG_NAMESPACE}:`))
      return `set it with: pulumi config set ${SECRET_SETTINGS.has(key) ? "--secret " : ""}${CONFIG_NAMESPACE}:${key} ${value}`;
    return `set it with: export ${SPECS[key].env}=${value}`;
  }

  /** The words of the org checks and refusals (authorized-client/ takes them without loading settings). */
  get orgWords(): OrgWords {
    return {
      credentials: `${this.of("oauthclientId")} and ${this.of("oauthclientSecret")} (or an access token in ${this.of("accessToken")}), and the org's address (${this.origin})`,
      accessToken: this.of("accessToken"),
      applyMode: this.of("applyMode"),
    };
  }

  /** The words of the HTTP layer's messages (genesys/ takes them without loading settings). */
  get labels(): SettingLabels {
    const s = this.set;
    return {
      credentials: s.accessToken?.setting ?? `${s.oauthclientId?.setting} / ${s.oauthclientSecret?.setting}`,
      origin: this.origin,
      retryAfterCeiling: this.of("maxRetryAfterSeconds"),
    };
  }
}

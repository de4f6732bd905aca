import { GenesysClient, RetryInfo } from "../provider/genesys";
import { clientOptions, ProviderSettings, resolveSettings } from "../provider/settings";

export interface OrgFlags {
  region?: string;
  apiUrl?: string;
}

/** genesys-grants's settings: its flags, then the same GENESYSCLOUD_* variables as the provider. */
export function cliSettings(flags: OrgFlags, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  return resolveSettings({ flags: { region: flags.region, apiUrl: flags.apiUrl }, env });
}

/** A client for the org the settings name. Throws a SettingsError when credentials are missing. */
export function orgClient(flags: OrgFlags, env: NodeJS.ProcessEnv = process.env, onRetry?: (info: RetryInfo) => void): GenesysClient {
  const options = clientOptions(cliSettings(flags, env));
  // A person waits at the terminal: retry for 30 s at most unless the setting says otherwise.
  return new GenesysClient({ ...options, userAgent: "genesys-grants (CLI)", maxRetryElapsedMs: options.maxRetryElapsedMs ?? 30_000, onRetry });
}

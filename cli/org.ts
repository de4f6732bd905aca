import { GenesysClient, RetryInfo } from "../provider/genesys";
import { clientOptions, resolveSettings } from "../provider/settings";

export interface OrgFlags {
  region?: string;
  apiUrl?: string;
}

/**
 * A client for the org named by the GENESYSCLOUD_* variables (the same settings as the
 * provider), with --region and --api-url taking precedence. Throws when credentials are missing.
 */
export function orgClient(flags: OrgFlags, env: NodeJS.ProcessEnv = process.env, onRetry?: (info: RetryInfo) => void): GenesysClient {
  const config: Record<string, string> = {};
  if (flags.region) config.region = flags.region;
  if (flags.apiUrl) config.apiUrl = flags.apiUrl;
  return new GenesysClient({ ...clientOptions(resolveSettings(config, env)), userAgent: "genesys-grants (CLI)", maxRetryElapsedMs: 30_000, onRetry });
}

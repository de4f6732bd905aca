// The Genesys Cloud HTTP layer. It knows nothing of Pulumi.
export { GenesysClient } from "./client";
export * from "./errors";
export { GenesysClientOptions, RetryInfo, OptionsError, ProxyRoute, SettingLabels, originOf, TOKEN_POOL_MAX } from "./options";
export { describeRetry } from "./retry";
export { REGION_DOMAINS, DEFAULT_REGION, Endpoints, resolveEndpoints, normalizeRegion, isKnownRegion } from "./regions";
export * from "./types";

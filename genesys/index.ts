// The Genesys Cloud HTTP layer. It knows nothing of Pulumi.
export { GenesysClient } from "./client";
export * from "./errors";
export {
  GenesysClientOptions,
  RequestEvent,
  RetryInfo,
  OptionsError,
  ProxyRoute,
  SettingLabels,
  originOf,
  TOKEN_POOL_MAX,
} from "./options";
export { describeRetry } from "./retry";
export { appendingRequestLog, readRequestLog } from "./request-log";
export { REGION_DOMAINS, DEFAULT_REGION, Endpoints, resolveEndpoints, normalizeRegion, isKnownRegion } from "./regions";
export * from "./types";

/**
 * The rules of the policy pack (policy/index.ts), as plain functions of one AuthorizedClient's
 * inputs and the pack's config: no Pulumi here, so they are tested directly.
 *
 * The analyzer sees the inputs as check stored them (scopes and roles as sets keyed by member)
 * or, for inputs not yet checked, as the program's arrays: both shapes are read alike.
 */
import { asciiLiteral, quoted } from "../common/text";
import { didYouMean } from "../common/suggest";
import { ClientId, clientIdOf, isUuid, isWriteScope, parseAuthorizationUrl, setMembers } from "../provider/state";

export const POLICY = {
  writeScopes: "write-scopes-reviewed",
  builtInRoles: "built-in-clients-name-roles",
  forbidden: "forbidden-scopes",
  maxScopes: "max-scopes-per-client",
} as const;

/** The largest number of scopes one client may hold when the pack config does not say. */
export const DEFAULT_MAX_SCOPES = 20;

export interface Grant {
  /** The resource name in the program. */
  resource: string;
  clientId?: ClientId;
  scopes?: string[];
  roles?: string[];
}

/** The grant one resource declares, from its inputs in either shape; absent parts stay undefined. */
export function grantOf(resource: string, props: Record<string, unknown>): Grant {
  let clientId: ClientId | undefined =
    typeof props.clientId === "string" && isUuid(props.clientId) ? clientIdOf(props.clientId) : undefined;
  if (clientId === undefined && typeof props.authorizationUrl === "string") {
    const parsed = parseAuthorizationUrl(props.authorizationUrl);
    if (typeof parsed !== "string") clientId = parsed.clientId;
  }
  return { resource, clientId, scopes: setMembers(props.scopes), roles: setMembers(props.roles ?? []) };
}

const who = (g: Grant) => `AuthorizedClient ${quoted(g.resource)} (client ${g.clientId ?? "not known yet"})`;

/** A client ID from the pack config, in normal form; undefined when it is not a UUID. */
const configId = (id: string): ClientId | undefined => (isUuid(id) ? clientIdOf(id) : undefined);

export interface WriteScopesConfig {
  allowedWriteScopes?: Record<string, string[]>;
}

/** Every write scope (not `…:readonly`) is a violation unless the config allows it for this client. */
export function writeScopeViolations(g: Grant, config: WriteScopesConfig): string[] {
  const allowed = new Set(
    Object.entries(config.allowedWriteScopes ?? {})
      .filter(([id]) => g.clientId !== undefined && configId(id) === g.clientId)
      .flatMap(([, scopes]) => scopes),
  );
  return (g.scopes ?? [])
    .filter((s) => isWriteScope(s) && !allowed.has(s))
    .map(
      (s) =>
        `${who(g)} grants the write scope ${quoted(s)}, which no reviewer has allowed. A write scope lets the app change data in the org. ` +
        `Once reviewed, allow it in the policy pack config (--policy-pack-config FILE): ` +
        `{"${POLICY.writeScopes}": {"allowedWriteScopes": {"${g.clientId ?? "<client ID>"}": [${asciiLiteral(s)}]}}}`,
    );
}

export interface BuiltInRolesConfig {
  /** The IDs of the built-in (role-gated) clients, as the org's Authorized Applications page shows them. */
  builtInClients?: string[];
}

/** A built-in client authorized with no roles can be used by nobody. */
export function builtInRoleViolations(g: Grant, config: BuiltInRolesConfig): string[] {
  if (g.clientId === undefined || g.roles === undefined || !(config.builtInClients ?? []).some((id) => configId(id) === g.clientId))
    return [];
  if (g.roles.length > 0) return [];
  return [
    `${who(g)} authorizes a built-in client with no roles, so no user could use it. ` +
      `Name the roles whose users may use it in \`roles\` (the admin UI's "Add Roles"), ` +
      `or, if the client is not built-in, remove ${g.clientId} from ${POLICY.builtInRoles}.builtInClients in the policy pack config`,
  ];
}

export interface ForbiddenConfig {
  forbiddenScopes?: string[];
}

export function forbiddenScopeViolations(g: Grant, config: ForbiddenConfig): string[] {
  const forbidden = new Set(config.forbiddenScopes ?? []);
  return (g.scopes ?? [])
    .filter((s) => forbidden.has(s))
    .map(
      (s) =>
        `${who(g)} grants the scope ${quoted(s)}, which ${POLICY.forbidden}.forbiddenScopes in the policy pack config forbids. Remove it from \`scopes\``,
    );
}

export interface MaxScopesConfig {
  maxScopes?: number;
}

export function maxScopeViolations(g: Grant, config: MaxScopesConfig): string[] {
  const max = config.maxScopes ?? DEFAULT_MAX_SCOPES;
  const n = g.scopes?.length ?? 0;
  if (n <= max) return [];
  return [
    `${who(g)} grants ${n} scopes, more than the ${max} allowed per client. ` +
      `Grant only the scopes the app needs, or raise ${POLICY.maxScopes}.maxScopes in the policy pack config`,
  ];
}

/**
 * The pack's config of one policy must hold only the keys its schema declares: a misspelt key
 * would otherwise be dropped, and the policy would allow, forbid or require less than the team
 * believes. Returns the error for the first unknown keys, naming them; undefined when all are known.
 */
export function unknownConfigKeys(policy: string, config: object, known: readonly string[]): string | undefined {
  const unknown = Object.keys(config).filter((k) => k !== "enforcementLevel" && !known.includes(k));
  if (unknown.length === 0) return undefined;
  const each = unknown.map((k) => `${asciiLiteral(k)}${didYouMean(k, known)}`).join("; ");
  return (
    `the policy pack config of ${asciiLiteral(policy)} has ${unknown.length === 1 ? "an unknown key" : "unknown keys"}: ${each}. ` +
    `Its keys are ${known.map((k) => asciiLiteral(k)).join(", ")} (and "enforcementLevel"); fix the key in the file given to --policy-pack-config`
  );
}

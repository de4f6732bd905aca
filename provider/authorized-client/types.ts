import type { ClientId } from "./client-id";

/** The type token of an AuthorizedClient in the engine's state, preview JSON and policy packs. */
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/genesyscloud:AuthorizedClient";

/** A scope that can change data: anything not ending in `:readonly`. */
export const isWriteScope = (scope: string): boolean => !scope.endsWith(":readonly");

/** Inputs as the provider methods receive them (plain values; see resource.ts for the Pulumi types). */
export interface AuthorizedClientInputs {
  clientId?: string;
  authorizationUrl?: string;
  scopes: string[];
  roles?: string[];
  onExisting?: OnExisting;
}

export type OnExisting = "fail" | "adopt";

/**
 * Inputs after check: clientId always set (taken from authorizationUrl when given), sets sorted.
 * Check also records the org the credentials belong to (orgId, orgName), so that the engine keeps
 * it with the inputs, and the next run can tell when it is pointed at another org.
 */
export interface CheckedInputs {
  clientId: ClientId;
  authorizationUrl?: string;
  scopes: string[];
  roles: string[];
  onExisting: OnExisting;
  orgId?: string;
  orgName?: string;
}

export interface AuthorizedClientOutputs extends CheckedInputs {
  clientName: string;
  grantType: string;
  requestedScopes: string[];
  roleIds: string[];
  state: string;
  dateModified: string;
  modifiedBy: string;
  adopted: boolean;
}

/**
 * A grant already live in the org for a resource about to be created, as check found it: create
 * will take it over (no write) or adopt it (and change it as `change` says). Check passes it
 * with the inputs under EXISTING_GRANT, so that the preview's JSON carries it to a reviewer.
 */
export interface ExistingGrant {
  action: "take-over" | "adopt";
  clientName: string;
  /** The live scopes and role IDs. */
  scopes: string[];
  roleIds: string[];
  modifiedBy: string;
  dateModified: string;
  /** Last written with the provider's own OAuth client. */
  bySelf: boolean;
  /** For an adoption: from what is live to what is declared (roles in their declared form). */
  change?: { scopes: { added: string[]; removed: string[] }; roles: { added: string[]; removed: string[] } };
  /** The one-line warning shown under the stack. */
  message: string;
}

/** The hidden input (Pulumi hides `__` keys in its diffs) under which check passes an ExistingGrant. */
export const EXISTING_GRANT = "__existingGrant";

/**
 * What check could not verify with the credentials in use (a view-only client, which may not read
 * the org's authorizations): said once per grant as a warning, and carried under UNCHECKED so that
 * the PR comment shows it. `pulumi up` makes every check, with its own credentials, before writing.
 */
export interface UncheckedGrant {
  /** Each check not made, in words. */
  checks: string[];
  /** Why: the org's refusal, one line. */
  reason: string;
  /** The one-line warning shown under the stack. */
  message: string;
}

/** What a view-only credential cannot check at preview, per grant, in the words the warning and the PR comment use. */
export const VIEW_ONLY_UNCHECKED = [
  "whether the client exists in the org and requests the declared scopes",
  "whether it is already authorized (a take-over or an adoption)",
];

/** The hidden input under which check passes an UncheckedGrant. */
export const UNCHECKED = "__unchecked";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** What Pulumi passes for a value not yet known during preview, whatever the property's type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;

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

export interface CheckFailure {
  property: string;
  reason: string;
}

/** What Pulumi passes for a value not yet known during preview, whatever the property's type. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export const isUnknown = (v: unknown): boolean => v === UNKNOWN;


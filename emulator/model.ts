// The org as the emulator stores it: the seed format of the README, plus what writes add.

export type ClientOwner = "org" | "third-party" | "built-in";
export type GrantType = "CODE" | "TOKEN" | "SAML2-BEARER" | "PASSWORD" | "CLIENT-CREDENTIALS";
export type AuthorizationState = "Authorized" | "Requested" | "Revoked";

export interface EntityRef {
  id: string;
  name?: string;
}

export interface SeedScope {
  id: string;
  description: string;
}

export interface SeedRole {
  id: string;
  name: string;
  description?: string;
  permissions: string[];
}

export interface SeedClient {
  id: string;
  name: string;
  description?: string;
  owner: ClientOwner;
  authorizedGrantType: GrantType;
  /** What the client requests (user-context clients). */
  scope?: string[];
  /** A seed's plaintext secret (org clients only); the store keeps only its hash. Never returned by the API. */
  secret?: string;
  /** The secret as the store keeps it (secrets.ts: a salted SHA-256); what state files hold. */
  secretHash?: string;
  /** Roles whose permissions a client-credentials token carries. */
  roleIds?: string[];
  accessTokenValiditySeconds?: number;
  registeredRedirectUri?: string[];
  state?: "active" | "disabled" | "inactive";
}

export interface SeedAuthorization {
  clientId: string;
  scope: string[];
  roles?: string[];
  state: AuthorizationState;
  dateCreated?: string;
  dateModified?: string;
  createdBy?: EntityRef;
  modifiedBy?: EntityRef;
}

export interface OrgSeed {
  organization: { id: string; name: string; domain?: string };
  scopes: SeedScope[];
  roles: SeedRole[];
  clients: SeedClient[];
  authorizations: SeedAuthorization[];
}

/** Permissions the emulator's admin client holds (what the provider and the CLI need). */
export const ADMIN_PERMISSIONS = ["oauth:client:authorize", "oauth:client:view", "authorization:role:view"];

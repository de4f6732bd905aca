// The vendor's wire shapes, as far as this project reads them.

export interface EntityRef {
  id: string;
  name?: string;
  selfUri?: string;
}

export interface OAuthClient {
  id: string;
  name: string;
  authorizedGrantType?: string;
  scope?: string[];
  state?: string;
}

export interface OAuthAuthorization {
  client: OAuthClient;
  scope?: string[];
  roles?: string[];
  resourceOwner?: EntityRef;
  dateCreated?: string;
  dateModified?: string;
  createdBy?: EntityRef;
  modifiedBy?: EntityRef;
  pending?: boolean;
  state?: "Unauthorized" | "Requested" | "Authorized" | "Revoked";
  selfUri?: string;
}

export interface OAuthScope {
  id: string;
  description?: string;
}

export interface Role {
  id: string;
  name: string;
  description?: string;
  /** The role's permissions, as the org lists them with the role. */
  permissions?: string[];
}

export interface Organization {
  id: string;
  name: string;
}

export interface Listing<T> {
  total?: number;
  entities: T[];
  selfUri?: string;
}

export interface PagedListing<T> extends Listing<T> {
  pageSize?: number;
  pageNumber?: number;
  pageCount?: number;
  nextUri?: string;
}

export interface TokenInfo {
  organization?: EntityRef;
  OAuthClient?: { id: string; name?: string };
}

/** Who changed an authorization last, as the org names them: the name, else the ID. */
export function modifiedByOf(a: Pick<OAuthAuthorization, "modifiedBy">): string | undefined {
  return a.modifiedBy?.name ?? a.modifiedBy?.id;
}

// Renders stored entities in the vendor's wire shapes (OAuthClient, OAuthAuthorization, …).
import { OrgSeed, SeedAuthorization, SeedClient, SeedRole } from "./model";

export function clientView(c: SeedClient) {
  // The secret is never returned.
  const view: Record<string, unknown> = {
    id: c.id,
    name: c.name,
    accessTokenValiditySeconds: c.accessTokenValiditySeconds ?? 86400,
    authorizedGrantType: c.authorizedGrantType,
    scope: c.scope ?? [],
    state: c.state ?? "active",
    selfUri: `/api/v2/oauth/clients/${c.id}`,
  };
  if (c.description) view.description = c.description;
  if (c.registeredRedirectUri) view.registeredRedirectUri = c.registeredRedirectUri;
  if (c.authorizedGrantType === "CLIENT-CREDENTIALS") {
    view.roleIds = c.roleIds ?? [];
    view.roleDivisions = (c.roleIds ?? []).map((roleId) => ({ roleId, divisionId: "*" }));
  }
  return view;
}

export function authorizationView(org: Pick<OrgSeed, "organization">, client: SeedClient, a: SeedAuthorization | undefined) {
  const view: Record<string, unknown> = {
    client: clientView(client),
    scope: a?.scope ?? [],
    roles: a?.roles ?? [],
    resourceOwner: { id: org.organization.id, name: org.organization.name, selfUri: "/api/v2/organizations/me" },
    pending: a?.state === "Requested",
    state: a?.state ?? "Unauthorized",
    selfUri: `/api/v2/oauth/authorizations/${client.id}`,
  };
  if (a?.dateCreated) view.dateCreated = a.dateCreated;
  if (a?.dateModified) view.dateModified = a.dateModified;
  if (a?.createdBy) view.createdBy = a.createdBy;
  if (a?.modifiedBy) view.modifiedBy = a.modifiedBy;
  return view;
}

export function roleView(r: SeedRole) {
  return {
    id: r.id,
    name: r.name,
    description: r.description ?? "",
    permissions: r.permissions,
    permissionPolicies: [],
    userCount: 0,
    default: false,
    base: false,
    selfUri: `/api/v2/authorization/roles/${r.id}`,
  };
}

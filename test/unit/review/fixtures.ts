import type { OAuthAuthorization } from "../../../genesys/types";
import { clientIdOf } from "../../../provider/state";
import type { ManagedGrant } from "../../../provider/state";
import { buildReview, OrgSnapshot, Review, RoleInfo, StackSnapshot } from "../../../review/model";

export const ORG = { id: "0f0e0d0c-0b0a-4909-8807-060504030201", name: "Org A" };
export const TOOL = { name: "genesys-grants", version: "9.9.9", commit: "0123456789abcdef0123456789abcdef01234567" };
export const AT = "2026-12-01T10:00:00.000Z";

/** The client ID of app `i` (a UUID). */
export const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

export const ROLES: RoleInfo[] = [
  { id: "10000000-0000-4000-8000-000000000001", name: "Reporting", permissions: ["analytics:report:view", "analytics:data:view"] },
  { id: "10000000-0000-4000-8000-000000000002", name: "No permissions", permissions: [] },
];

/** A live authorization of app `i`. */
export function live(
  i: number,
  o: { name?: string; scopes?: string[]; roles?: string[]; state?: OAuthAuthorization["state"]; by?: string } = {},
): OAuthAuthorization {
  return {
    client: { id: idOf(i), name: o.name ?? `App ${i}`, authorizedGrantType: "CODE" },
    scope: o.scopes ?? ["users:readonly"],
    roles: o.roles ?? [],
    state: o.state ?? "Authorized",
    dateCreated: AT,
    createdBy: { id: "u1", name: o.by ?? "Ada Admin" },
    dateModified: AT,
    modifiedBy: { id: "u2", name: "Bob Admin" },
  };
}

/** A grant of app `i` as a stack's state records it. */
export function declared(i: number, o: { scopes?: string[]; roleIds?: string[]; name?: string } = {}): ManagedGrant {
  const name = o.name ?? `app-${i}`;
  return {
    name,
    urn: `urn:pulumi:prod::grants::pulumi-nodejs:dynamic/genesyscloud:AuthorizedClient::${name}`,
    clientId: clientIdOf(idOf(i)),
    scopes: o.scopes ?? ["users:readonly"],
    roleIds: o.roleIds ?? [],
    org: { id: ORG.id, name: ORG.name },
  };
}

export function orgSnapshot(authorizations: OAuthAuthorization[], o: Partial<OrgSnapshot> = {}): OrgSnapshot {
  return {
    name: "a",
    endpoint: "https://api.example",
    readBy: "reader-client",
    org: ORG,
    authorizations,
    reportedTotal: authorizations.length,
    roles: ROLES,
    ...o,
  };
}

/** One org, one stack. */
export function reviewOf(authorizations: OAuthAuthorization[], grants: ManagedGrant[], o: { previous?: Review } = {}): Review {
  const stacks: StackSnapshot[] = [{ org: "a", stack: "grants (prod)", grants }];
  return buildReview({ generatedAt: AT, tool: TOOL, orgs: [orgSnapshot(authorizations)], stacks, previous: o.previous });
}

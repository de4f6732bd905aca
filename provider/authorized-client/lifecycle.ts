import { quoted } from "../../common/text";
import { GenesysNotFoundError, OAuthAuthorization, Role, isGenesysApiError } from "../genesys";
import { OrgView } from "./org-view";
import { declaredRole, resolveRole } from "./roles";
import { normalizeSet } from "./normalize";
import { AuthorizedClientOutputs, CheckedInputs } from "./types";

/** An error the engine turns into "created/updated with errors": state records `properties`. */
export class PartialFailure extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: AuthorizedClientOutputs,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}

export function outputsOf(inputs: CheckedInputs, live: OAuthAuthorization, roles: Role[] | undefined, adopted: boolean): AuthorizedClientOutputs {
  const liveRoles = live.roles ?? [];
  return {
    ...inputs,
    scopes: normalizeSet(live.scope ?? []),
    // Live roles in the form the program declared them, so a drift reads as names.
    roles: roles ? normalizeSet(liveRoles.map((id) => declaredRole(id, inputs.roles, roles))) : inputs.roles,
    clientName: live.client.name,
    grantType: live.client.authorizedGrantType ?? "",
    requestedScopes: normalizeSet(live.client.scope ?? []),
    roleIds: normalizeSet(liveRoles),
    state: live.state ?? "Unauthorized",
    dateModified: live.dateModified ?? "",
    modifiedBy: live.modifiedBy?.name ?? live.modifiedBy?.id ?? "",
    adopted,
  };
}

async function resolveRoleIds(view: OrgView, refs: string[]): Promise<{ ids: string[]; roles?: Role[] }> {
  if (refs.length === 0) return { ids: [] };
  const roles = await view.roles();
  const ids = refs.map((ref) => {
    const r = resolveRole(ref, roles);
    if (!r.ok) throw new Error(`roles: ${r.reason}`);
    return r.id;
  });
  return { ids: normalizeSet(ids), roles };
}

function describeLive(a: OAuthAuthorization): string {
  const by = a.modifiedBy?.name ?? a.modifiedBy?.id;
  // Names come from the org: quoted, on one line, without control or bidi characters.
  const when = a.dateModified ? ` on ${a.dateModified}` : "";
  return `scopes [${(a.scope ?? []).join(", ")}]${(a.roles ?? []).length ? `, ${a.roles!.length} role(s)` : ""}${by ? `, last modified by ${quoted(by)}${when}` : ""}`;
}

/**
 * Authorize. With onExisting "fail", an already-authorized client is an error that shows the
 * grant and how to adopt it, unless the grant is exactly what this provider itself would have
 * written (same scopes and roles, last modified by the provider's own client): that is a create
 * interrupted after the write (a killed `pulumi up`), and it is taken back without a write.
 */
export async function createAuthorization(view: OrgView, inputs: CheckedInputs): Promise<{ id: string; outs: AuthorizedClientOutputs }> {
  const existing = await view.authorization(inputs.clientId);
  if (!existing) throw new Error(`no OAuth client "${inputs.clientId}" is visible to this org`);
  const { ids, roles } = await resolveRoleIds(view, inputs.roles);
  const alreadyAuthorized = existing.state === "Authorized";
  if (alreadyAuthorized && inputs.onExisting !== "adopt") {
    if (await isOwnIdenticalGrant(view, existing, inputs.scopes, ids)) {
      return { id: inputs.clientId, outs: outputsOf(inputs, existing, roles, false) };
    }
    throw new Error(
      `client ${quoted(existing.client.name)} (${inputs.clientId}) is already authorized in this org (${describeLive(existing)}). ` +
        `To take this grant under management, set onExisting: "adopt" on the resource; the next update converges it to the declared scopes and roles.`,
    );
  }
  try {
    const live = await view.api.putAuthorization(inputs.clientId, { scope: inputs.scopes, roles: ids });
    await view.remember(live);
    return { id: inputs.clientId, outs: outputsOf(inputs, live, roles, alreadyAuthorized) };
  } catch (e) {
    // An adopted grant is live whatever happened: record it, so state equals the org.
    if (alreadyAuthorized) {
      throw new PartialFailure(`adopted client ${inputs.clientId} but could not set its scopes: ${(e as Error).message}`, inputs.clientId, outputsOf(inputs, existing, roles, true));
    }
    throw await recordIfLive(view, inputs, e, roles, false);
  }
}

async function isOwnIdenticalGrant(view: OrgView, live: OAuthAuthorization, scopes: string[], roleIds: string[]): Promise<boolean> {
  const self = await view.selfClientId();
  return (
    self !== undefined &&
    live.modifiedBy?.id?.toLowerCase() === self &&
    sameList(normalizeSet(live.scope ?? []), scopes) &&
    sameList(normalizeSet(live.roles ?? []), roleIds)
  );
}

/** Re-scope (or re-authorize a grant revoked since the last refresh). */
export async function updateAuthorization(view: OrgView, olds: AuthorizedClientOutputs, inputs: CheckedInputs): Promise<AuthorizedClientOutputs> {
  const { ids, roles } = await resolveRoleIds(view, inputs.roles);
  const same = olds.state === "Authorized" && sameList(olds.scopes, inputs.scopes) && sameList(olds.roleIds ?? [], ids);
  if (same) return { ...olds, ...inputs, roles: inputs.roles };
  try {
    const live = await view.api.putAuthorization(inputs.clientId, { scope: inputs.scopes, roles: ids });
    await view.remember(live);
    return outputsOf(inputs, live, roles, olds.adopted ?? false);
  } catch (e) {
    throw await recordIfLive(view, { ...olds, onExisting: inputs.onExisting }, e, roles, olds.adopted ?? false);
  }
}

/** Revoke; an already revoked, never authorized or vanished client counts as done. */
export async function deleteAuthorization(view: OrgView, clientId: string): Promise<void> {
  try {
    await view.api.deleteAuthorization(clientId);
  } catch (e) {
    if (!(e instanceof GenesysNotFoundError)) throw e;
  }
  await view.forgetRevoked(clientId);
}

/** Refresh: undefined when the grant is gone (revoked, only requested, or the client vanished). */
export async function readAuthorization(view: OrgView, olds: AuthorizedClientOutputs): Promise<AuthorizedClientOutputs | undefined> {
  const live = await view.authorization(olds.clientId);
  if (!live || live.state !== "Authorized") return undefined;
  const roles = (live.roles ?? []).length > 0 || olds.roles.length > 0 ? await view.roles().catch(() => undefined) : undefined;
  const inputs: CheckedInputs = {
    clientId: olds.clientId,
    scopes: olds.scopes,
    roles: olds.roles ?? [],
    onExisting: olds.onExisting ?? "fail",
  };
  if (olds.authorizationUrl !== undefined) inputs.authorizationUrl = olds.authorizationUrl;
  return outputsOf(inputs, live, roles, olds.adopted ?? false);
}

/** After a failed write, what is live decides: a live grant is recorded in state, with the error. */
async function recordIfLive(view: OrgView, inputs: CheckedInputs, cause: unknown, roles: Role[] | undefined, adopted: boolean): Promise<Error> {
  const message = (cause as Error).message;
  if (isGenesysApiError(cause) && cause.status >= 400 && cause.status < 500 && cause.status !== 408 && cause.status !== 429) {
    return cause; // refused outright: nothing changed
  }
  try {
    const live = await view.api.getAuthorization(inputs.clientId);
    if (live.state === "Authorized") {
      return new PartialFailure(`the write to client ${inputs.clientId} failed (${message}); state now records what is live`, inputs.clientId, outputsOf(inputs, live, roles, adopted));
    }
  } catch {
    // Cannot tell: report the original failure.
  }
  return cause as Error;
}

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

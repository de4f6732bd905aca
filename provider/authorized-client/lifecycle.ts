import { OAuthAuthorization, isGenesysApiError, modifiedByOf } from "../../genesys";
import { ClientId } from "./client-id";
import { ExpectedError } from "./errors";
import { normalizeSet } from "./normalize";
import { sameMembers } from "./stored-set";
import { applyManually, ApplyMode } from "./manual";
import { describeOrg, OrgRef } from "./org";
import { OrgView } from "./org-view";
import { DeclaredRoles } from "./roles";
import { AuthorizedClientOutputs, CheckedInputs } from "./types";
import { planCreate } from "./plan";

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

const grantOf = (id: ClientId) => `client ${id}`;

/** Outputs: the declaration, what is live, and the org it lives in. */
export function outputsOf(
  inputs: CheckedInputs,
  live: OAuthAuthorization,
  roles: DeclaredRoles | undefined,
  adopted: boolean,
  org: OrgRef,
): AuthorizedClientOutputs {
  const liveRoles = live.roles ?? [];
  return {
    ...inputs,
    scopes: normalizeSet(live.scope ?? []),
    // Live roles in the form the program declared them, so a drift reads as names.
    roles: roles ? normalizeSet(liveRoles.map((id) => roles.declaredForm(id))) : inputs.roles,
    orgId: org.id,
    orgName: org.name,
    clientName: live.client.name,
    grantType: live.client.authorizedGrantType ?? "",
    requestedScopes: normalizeSet(live.client.scope ?? []),
    roleIds: normalizeSet(liveRoles),
    state: live.state ?? "Unauthorized",
    dateModified: live.dateModified ?? "",
    modifiedBy: modifiedByOf(live) ?? "",
    adopted,
  };
}

/** Authorize, as planCreate decides. */
export async function createAuthorization(
  view: OrgView,
  inputs: CheckedInputs,
  apply: ApplyMode = { mode: "api" },
): Promise<{ id: string; outs: AuthorizedClientOutputs }> {
  const org = await view.sameOrgAs(inputs, grantOf(inputs.clientId));
  const existing = await view.authorization(inputs.clientId);
  if (!existing) throw new ExpectedError(`no OAuth client "${inputs.clientId}" is visible to the org ${describeOrg(org)}`);
  const roles = await view.declaredRoles(inputs.roles);
  const ids = roles?.ids ?? [];
  if (apply.mode === "manual") {
    const desired = { authorized: true as const, scopes: inputs.scopes, roleIds: ids, authorizationUrl: inputs.authorizationUrl };
    const live = await applyManually(view, inputs.clientId, desired, apply, existing);
    return { id: inputs.clientId, outs: outputsOf(inputs, live!, roles, false, org) };
  }
  const plan = planCreate(inputs, existing, roles, org, apply, await view.createFacts(existing));
  if (plan.kind === "refuse") throw new ExpectedError(plan.message);
  if (plan.kind === "take-over") return { id: inputs.clientId, outs: outputsOf(inputs, existing, roles, false, org) };
  const alreadyAuthorized = plan.kind === "adopt";
  try {
    const live = await view.authorize(inputs.clientId, { scope: inputs.scopes, roles: ids });
    return { id: inputs.clientId, outs: outputsOf(inputs, live, roles, alreadyAuthorized, org) };
  } catch (e) {
    // An adopted grant is live whatever happened: record it, so state equals the org.
    if (alreadyAuthorized) {
      throw new PartialFailure(
        `adopted client ${inputs.clientId} but could not set its scopes: ${(e as Error).message}`,
        inputs.clientId,
        outputsOf(inputs, existing, roles, true, org),
      );
    }
    throw await recordIfLive(view, inputs, e, roles, false, org);
  }
}

/** Re-scope (or re-authorize a grant revoked since the last refresh). */
export async function updateAuthorization(
  view: OrgView,
  olds: AuthorizedClientOutputs,
  inputs: CheckedInputs,
  apply: ApplyMode = { mode: "api" },
): Promise<AuthorizedClientOutputs> {
  const org = await view.sameOrgAs(olds, grantOf(olds.clientId));
  const roles = await view.declaredRoles(inputs.roles);
  const ids = roles?.ids ?? [];
  const same = olds.state === "Authorized" && sameMembers(olds.scopes, inputs.scopes) && sameMembers(olds.roleIds ?? [], ids);
  if (same) return { ...olds, ...inputs, roles: inputs.roles, orgId: org.id, orgName: org.name };
  if (apply.mode === "manual") {
    const desired = { authorized: true as const, scopes: inputs.scopes, roleIds: ids, authorizationUrl: inputs.authorizationUrl };
    const live = await applyManually(view, inputs.clientId, desired, apply);
    return outputsOf(inputs, live!, roles, olds.adopted ?? false, org);
  }
  try {
    const live = await view.authorize(inputs.clientId, { scope: inputs.scopes, roles: ids });
    return outputsOf(inputs, live, roles, olds.adopted ?? false, org);
  } catch (e) {
    throw await recordIfLive(view, { ...olds, onExisting: inputs.onExisting }, e, roles, olds.adopted ?? false, org);
  }
}

/** Revoke; an already revoked, never authorized or vanished client counts as done. */
export async function deleteAuthorization(
  view: OrgView,
  props: Pick<AuthorizedClientOutputs, "clientId" | "orgId" | "orgName">,
  apply: ApplyMode = { mode: "api" },
): Promise<void> {
  await view.sameOrgAs(props, grantOf(props.clientId));
  if (apply.mode === "manual") {
    await applyManually(view, props.clientId, { authorized: false }, apply);
    return;
  }
  await view.revoke(props.clientId);
}

/**
 * Refresh: undefined when the grant is gone (revoked, only requested, or the client vanished).
 * Props that record no org (an import, a hand-edited state) gain it here, with no write.
 */
export async function readAuthorization(view: OrgView, olds: AuthorizedClientOutputs): Promise<AuthorizedClientOutputs | undefined> {
  // Read together (a refresh reads the org and the listing once each, both at its first read);
  // the org decides first, so credentials for another org fail as such.
  const reading = view.authorization(olds.clientId);
  reading.catch(() => undefined);
  const org = await view.sameOrgAs(olds, grantOf(olds.clientId));
  const live = await reading;
  if (!live || live.state !== "Authorized") return undefined;
  const declared = olds.roles ?? [];
  const roles =
    (live.roles ?? []).length > 0 || declared.length > 0
      ? await view
          .roles()
          .then((all) => new DeclaredRoles(declared, all))
          .catch(() => undefined)
      : undefined;
  const inputs: CheckedInputs = {
    clientId: olds.clientId,
    scopes: olds.scopes,
    roles: declared,
    onExisting: olds.onExisting ?? "fail",
    orgId: org.id,
    orgName: org.name,
  };
  if (olds.authorizationUrl !== undefined) inputs.authorizationUrl = olds.authorizationUrl;
  return outputsOf(inputs, live, roles, olds.adopted ?? false, org);
}

/** After a failed write, what is live decides: a live grant is recorded in state, with the error. */
async function recordIfLive(
  view: OrgView,
  inputs: CheckedInputs,
  cause: unknown,
  roles: DeclaredRoles | undefined,
  adopted: boolean,
  org: OrgRef,
): Promise<Error> {
  const message = (cause as Error).message;
  if (isGenesysApiError(cause) && cause.status >= 400 && cause.status < 500 && cause.status !== 408 && cause.status !== 429) {
    return cause; // refused outright: nothing changed
  }
  try {
    const live = await view.fresh(inputs.clientId);
    if (live.state === "Authorized") {
      return new PartialFailure(
        `the write to client ${inputs.clientId} failed (${message}); state now records what is live`,
        inputs.clientId,
        outputsOf(inputs, live, roles, adopted, org),
      );
    }
  } catch {
    // Cannot tell: report the original failure.
  }
  return cause as Error;
}

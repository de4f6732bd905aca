import { quoted, terminalText } from "../../common/text";
import { OAuthAuthorization, isGenesysApiError, modifiedByOf } from "../genesys";
import { ClientId, maybeClientId } from "./client-id";
import { ExpectedError } from "./errors";
import { normalizeSet } from "./normalize";
import { sameMembers, SetChange, setChange } from "./stored-set";
import { applyManually, ApplyMode } from "./manual";
import { describeOrg, OrgRef } from "./org";
import { OrgView } from "./org-view";
import { DeclaredRoles, roleNamer } from "./roles";
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

/** The declared roles, resolved once for the operation; undefined when none are declared. */
export async function declaredRoles(view: OrgView, refs: string[]): Promise<DeclaredRoles | undefined> {
  return refs.length === 0 ? undefined : new DeclaredRoles(refs, await view.roles());
}

/** A live grant on one line: its scopes, its roles (by name where known), who changed it last and when. */
export function describeLive(a: OAuthAuthorization, roleName: (id: string) => string = (id) => id): string {
  const by = modifiedByOf(a);
  // Names come from the org: quoted, on one line, without control or bidi characters.
  const when = a.dateModified ? ` on ${terminalText(a.dateModified)}` : "";
  const roles = (a.roles ?? []).map((id) => quoted(roleName(id)));
  return `scopes [${(a.scope ?? []).map(terminalText).join(", ")}]${roles.length ? `, roles [${roles.join(", ")}]` : ", no roles"}${by ? `, last modified by ${quoted(by)}${when}` : ""}`;
}

/** A role ID's name in the org, for messages; the ID itself when the roles cannot be read. */
async function roleNames(view: OrgView, live: OAuthAuthorization): Promise<(id: string) => string> {
  if ((live.roles ?? []).length === 0) return (id) => id;
  return roleNamer(await view.roles().catch(() => []));
}

/** What happens to a client's live grant when a resource that declares it is created. */
export type CreatePlan =
  /** Not authorized: the grant is written. */
  | { kind: "authorize" }
  /** Authorized with exactly the declared scopes and roles: taken without a write. */
  | { kind: "take-over"; live: OAuthAuthorization; bySelf: boolean }
  /** Authorized otherwise, and the declaration adopts it (onExisting "adopt", or manual apply). */
  | { kind: "adopt"; live: OAuthAuthorization; scopes: SetDelta; roles: SetDelta }
  /** Authorized, and create refuses it: nothing is written. */
  | { kind: "refuse"; message: string };

/** A set's change from what is live to what is declared. */
export type SetDelta = Pick<SetChange, "added" | "removed">;

function delta(live: readonly string[], declared: readonly string[]): SetDelta {
  const { added, removed } = setChange(live, declared);
  return { added, removed };
}

/**
 * The one rule for a client that a resource starts to manage; check applies it at preview so that
 * the preview tells what create will do, and create acts on it.
 *
 * Not authorized: authorize. Authorized with onExisting "fail": refused, unless the grant is
 * exactly what this provider itself would have written (same scopes and roles, last modified by
 * the provider's own client): that is a create interrupted after the write (a killed `pulumi
 * up`), or a client that moved here from another resource or another stack with the same
 * credentials, and it is taken over without a write. With onExisting "adopt" (or under manual
 * apply, which never writes and converges what is live), it is adopted.
 */
export async function planCreate(
  view: OrgView,
  inputs: CheckedInputs,
  existing: OAuthAuthorization,
  roles: DeclaredRoles | undefined,
  org: OrgRef,
  apply: ApplyMode,
): Promise<CreatePlan> {
  if (existing.state !== "Authorized") return { kind: "authorize" };
  const ids = roles?.ids ?? [];
  const liveScopes = normalizeSet(existing.scope ?? []);
  const liveRoles = normalizeSet(existing.roles ?? []);
  const same = sameMembers(liveScopes, inputs.scopes) && sameMembers(liveRoles, ids);
  const self = await view.selfClientId();
  const bySelf = self !== undefined && maybeClientId(existing.modifiedBy?.id) === self;
  if (inputs.onExisting === "adopt" || apply.mode === "manual") {
    if (same && apply.mode === "manual") return { kind: "take-over", live: existing, bySelf };
    const form = (id: string) => roles?.declaredForm(id) ?? id;
    return { kind: "adopt", live: existing, scopes: delta(liveScopes, inputs.scopes), roles: delta(liveRoles.map(form), ids.map(form)) };
  }
  if (bySelf && same) return { kind: "take-over", live: existing, bySelf };
  return { kind: "refuse", message: alreadyAuthorizedMessage(existing, inputs.clientId, org, bySelf, await roleNames(view, existing)) };
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
  const roles = await declaredRoles(view, inputs.roles);
  const ids = roles?.ids ?? [];
  if (apply.mode === "manual") {
    const desired = { authorized: true as const, scopes: inputs.scopes, roleIds: ids, authorizationUrl: inputs.authorizationUrl };
    const live = await applyManually(view, inputs.clientId, desired, apply, existing);
    return { id: inputs.clientId, outs: outputsOf(inputs, live!, roles, false, org) };
  }
  const plan = await planCreate(view, inputs, existing, roles, org, apply);
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

/**
 * Whose grant an existing authorization is cannot be told from the org: it may belong to another
 * stack, another program, or a person. The advice says so instead of offering `adopt` as safe.
 */
function alreadyAuthorizedMessage(
  existing: OAuthAuthorization,
  id: ClientId,
  org: OrgRef,
  bySelf: boolean,
  roleName: (id: string) => string,
): string {
  const head = `client ${quoted(existing.client.name)} (${id}) is already authorized in the org ${describeOrg(org)} (${describeLive(existing, roleName)}), and this stack does not manage that grant; nothing was changed. `;
  const owner = bySelf
    ? "It was last changed with this provider's own OAuth client, so another stack, or another resource, using the same credentials most likely manages it. " +
      "If it is this stack's grant under another resource name, rename with `aliases` (or `pulumi state mv`) instead of declaring it anew; if another stack manages it, declare it in one stack only. "
    : "Another stack, another tool, or an administrator in the UI may manage it. ";
  return (
    head +
    owner +
    `Set onExisting: "adopt" on the resource only when nothing else manages this grant: from then on this stack converges it to the declared scopes and roles, and two owners would overwrite each other's changes on every run. Otherwise remove this declaration and leave the grant to whoever manages it.`
  );
}

/** Re-scope (or re-authorize a grant revoked since the last refresh). */
export async function updateAuthorization(
  view: OrgView,
  olds: AuthorizedClientOutputs,
  inputs: CheckedInputs,
  apply: ApplyMode = { mode: "api" },
): Promise<AuthorizedClientOutputs> {
  const org = await view.sameOrgAs(olds, grantOf(olds.clientId));
  const roles = await declaredRoles(view, inputs.roles);
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
 * A state written before org tracking gains its org here, with no write.
 */
export async function readAuthorization(view: OrgView, olds: AuthorizedClientOutputs): Promise<AuthorizedClientOutputs | undefined> {
  const org = await view.sameOrgAs(olds, grantOf(olds.clientId));
  const live = await view.authorization(olds.clientId);
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

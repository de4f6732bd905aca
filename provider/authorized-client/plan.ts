/**
 * What create will do with a client's live grant, decided from facts the caller read: check
 * applies it at preview, so that the preview tells what create will do, and create acts on it.
 * Decides only: no I/O (org-view.ts reads the facts; lifecycle.ts acts).
 */
import { quoted, terminalText } from "../../common/text";
import type { OAuthAuthorization } from "../../genesys/types";
import { modifiedByOf } from "../../genesys/types";
import { ClientId, maybeClientId } from "./client-id";
import { normalizeSet } from "./normalize";
import { describeOrg, OrgRef } from "./org";
import type { DeclaredRoles } from "./roles";
import { sameMembers, SetChange, setChange } from "./stored-set";
import { CheckedInputs } from "./types";

/** What the plan needs of the org besides the grant: who the provider acts as, and role names for messages. */
export interface CreateFacts {
  /** The provider's own OAuth client, if known. */
  self: ClientId | undefined;
  /** A role ID's name in the org, for messages; the ID itself when unknown. */
  roleName: (id: string) => string;
}

/** A live grant on one line: its scopes, its roles (by name where known), who changed it last and when. */
export function describeLive(a: OAuthAuthorization, roleName: (id: string) => string = (id) => id): string {
  const by = modifiedByOf(a);
  // Names come from the org: quoted, on one line, without control or bidi characters.
  const when = a.dateModified ? ` on ${terminalText(a.dateModified)}` : "";
  const roles = (a.roles ?? []).map((id) => quoted(roleName(id)));
  return `scopes [${(a.scope ?? []).map(terminalText).join(", ")}]${roles.length ? `, roles [${roles.join(", ")}]` : ", no roles"}${by ? `, last modified by ${quoted(by)}${when}` : ""}`;
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
export function planCreate(
  inputs: CheckedInputs,
  existing: OAuthAuthorization,
  roles: DeclaredRoles | undefined,
  org: OrgRef,
  apply: { mode: "api" | "manual" },
  facts: CreateFacts,
): CreatePlan {
  if (existing.state !== "Authorized") return { kind: "authorize" };
  const ids = roles?.ids ?? [];
  const liveScopes = normalizeSet(existing.scope ?? []);
  const liveRoles = normalizeSet(existing.roles ?? []);
  const same = sameMembers(liveScopes, inputs.scopes) && sameMembers(liveRoles, ids);
  const bySelf = facts.self !== undefined && maybeClientId(existing.modifiedBy?.id) === facts.self;
  if (inputs.onExisting === "adopt" || apply.mode === "manual") {
    if (same && apply.mode === "manual") return { kind: "take-over", live: existing, bySelf };
    const form = (id: string) => roles?.declaredForm(id) ?? id;
    return { kind: "adopt", live: existing, scopes: delta(liveScopes, inputs.scopes), roles: delta(liveRoles.map(form), ids.map(form)) };
  }
  if (bySelf && same) return { kind: "take-over", live: existing, bySelf };
  return { kind: "refuse", message: alreadyAuthorizedMessage(existing, inputs.clientId, org, bySelf, facts.roleName) };
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

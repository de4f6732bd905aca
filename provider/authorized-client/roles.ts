import type { Role } from "../../genesys/types";
import { isUuid } from "./client-id";
import { closest, editDistance } from "../../common/suggest";
import { quoted, visibleText } from "../../common/text";
import { ExpectedError } from "./errors";

export type RoleResolution = { ok: true; id: string; name: string } | { ok: false; reason: string };

/**
 * A role given by ID or by name. Names match exactly first, then case-insensitively; a name that
 * matches several roles is ambiguous and fails with the candidates.
 */
export function resolveRole(ref: string, roles: Role[]): RoleResolution {
  if (isUuid(ref)) {
    const byId = roles.find((r) => r.id.toLowerCase() === ref.toLowerCase());
    return byId ? { ok: true, id: byId.id, name: byId.name } : { ok: false, reason: `no role with ID ${quoted(ref)} exists in this org` };
  }
  const exact = roles.filter((r) => r.name === ref);
  const candidates = exact.length > 0 ? exact : roles.filter((r) => r.name.toLowerCase() === ref.toLowerCase());
  if (candidates.length === 1) return { ok: true, id: candidates[0].id, name: candidates[0].name };
  if (candidates.length > 1) {
    const list = candidates.map((r) => `${quoted(r.name)} (${r.id})`).join(", ");
    return {
      ok: false,
      reason: `${quoted(ref)} is ambiguous: it matches ${candidates.length} roles: ${list}; use the exact name or the role ID`,
    };
  }
  const names = roles.map((r) => r.name);
  // Ranked by what a person sees: a name's invisible characters do not push it away.
  const near = closest(ref, names, 3, { key: visibleText });
  const hint = near.length > 0 ? ` — did you mean ${near.map((n) => quoted(n)).join(" or ")}?` : "";
  return { ok: false, reason: `${quoted(ref)} is not a role in this org${hint}${listRoles(ref, names, hint !== "")}` };
}

/** A role ID's name among `roles` (IDs in any letter case); the ID itself for a role not among them. */
export function roleNamer(roles: readonly Role[]): (id: string) => string {
  return (id) => roles.find((r) => r.id.toLowerCase() === id.toLowerCase())?.name ?? id;
}

/** The most role names a message lists. */
const LISTED = 10;

/** The org's roles, closest to `ref` first (then by name), for a name that is not one of them. */
function listRoles(ref: string, names: string[], afterQuestion: boolean): string {
  const lead = afterQuestion ? " The" : "; the";
  if (names.length === 0) return `${lead} org has no roles`;
  const distance = (n: string) => editDistance(ref, visibleText(n));
  const sorted = [...new Set(names)].sort((a, b) => distance(a) - distance(b) || visibleText(a).localeCompare(visibleText(b)));
  const shown = sorted
    .slice(0, LISTED)
    .map((n) => quoted(n))
    .join(", ");
  const more = sorted.length > LISTED ? ` and ${sorted.length - LISTED} more` : "";
  return `${lead} org's roles, closest first: ${shown}${more} (a role's name, as Admin > Roles/Permissions shows it, or its ID)`;
}

/**
 * The declared roles of one resource, each resolved once: their IDs for the write, and the
 * declared form of any live role ID (the entry that resolves to it, else the role's name, else
 * the ID), so a drift reads as names.
 */
export class DeclaredRoles {
  /** Role IDs as the org spells them, sorted, without duplicates. */
  readonly ids: string[];
  private readonly formById = new Map<string, string>();

  /** Throws when a declared role does not resolve (check reports that before any write). */
  constructor(
    declared: readonly string[],
    private readonly roles: Role[],
  ) {
    const ids = new Set<string>();
    for (const ref of declared) {
      const r = resolveRole(ref, roles);
      if (!r.ok) throw new ExpectedError(`roles: ${r.reason}`);
      ids.add(r.id);
      const key = r.id.toLowerCase();
      if (!this.formById.has(key)) this.formById.set(key, ref);
    }
    this.ids = [...ids].sort();
  }

  declaredForm(id: string): string {
    const key = id.toLowerCase();
    return this.formById.get(key) ?? roleNamer(this.roles)(id);
  }
}

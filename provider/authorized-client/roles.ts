import { Role } from "../genesys";
import { isUuid } from "./client-id";
import { closest } from "../../common/suggest";
import { ExpectedError } from "./errors";

export type RoleResolution = { ok: true; id: string; name: string } | { ok: false; reason: string };

/**
 * A role given by ID or by name. Names match exactly first, then case-insensitively; a name that
 * matches several roles is ambiguous and fails with the candidates.
 */
export function resolveRole(ref: string, roles: Role[]): RoleResolution {
  if (isUuid(ref)) {
    const byId = roles.find((r) => r.id.toLowerCase() === ref.toLowerCase());
    return byId ? { ok: true, id: byId.id, name: byId.name } : { ok: false, reason: `no role with ID "${ref}" exists in this org` };
  }
  const exact = roles.filter((r) => r.name === ref);
  const candidates = exact.length > 0 ? exact : roles.filter((r) => r.name.toLowerCase() === ref.toLowerCase());
  if (candidates.length === 1) return { ok: true, id: candidates[0].id, name: candidates[0].name };
  if (candidates.length > 1) {
    const list = candidates.map((r) => `"${r.name}" (${r.id})`).join(", ");
    return { ok: false, reason: `"${ref}" is ambiguous: it matches ${candidates.length} roles: ${list}; use the exact name or the role ID` };
  }
  const near = closest(ref, roles.map((r) => r.name));
  const hint = near.length > 0 ? ` — did you mean ${near.map((n) => `"${n}"`).join(" or ")}?` : "";
  return { ok: false, reason: `"${ref}" is not a role in this org${hint}` };
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
  constructor(declared: readonly string[], private readonly roles: Role[]) {
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
    return this.formById.get(key) ?? this.roles.find((r) => r.id.toLowerCase() === key)?.name ?? id;
  }
}

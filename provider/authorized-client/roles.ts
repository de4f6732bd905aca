import { Role } from "../genesys";
import { isUuid } from "./normalize";
import { closest } from "../../common/suggest";

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

/** The declared form of a live role ID: the entry that resolves to it, else the role's name, else the ID. */
export function declaredRole(id: string, declared: string[], roles: Role[]): string {
  for (const ref of declared) {
    const r = resolveRole(ref, roles);
    if (r.ok && r.id.toLowerCase() === id.toLowerCase()) return ref;
  }
  return roles.find((r) => r.id.toLowerCase() === id.toLowerCase())?.name ?? id;
}

import { markdownCell, markdownCode, markdownTable } from "../common/text";
import { GenesysClient, modifiedByOf, OAuthAuthorization } from "../genesys";
import { clientIdOf, describeOrg, grantInAnotherOrg, ManagedGrant, roleNamer, StackStateError } from "../provider/state";
import type { OrgRef } from "../provider/state";
import { setChange } from "./preview";

export { managedGrants, StackStateError } from "../provider/state";
export type { ManagedGrant } from "../provider/state";

export type Finding =
  | { kind: "unmanaged"; clientId: string; clientName: string; scopes: string[]; modifiedBy: string; dateModified: string }
  | { kind: "drifted"; name: string; clientId: string; clientName: string; what: string[]; modifiedBy: string; dateModified: string };

/**
 * A state whose grants live in another org cannot be audited against this one: every grant would
 * read as missing, and every live grant as unmanaged.
 */
export function assertSameOrg(managed: ManagedGrant[], org: OrgRef, credentials = "the credentials settings"): void {
  const other = grantInAnotherOrg(managed, org.id);
  if (!other) return;
  throw new StackStateError(
    `the stack state's grants live in the org ${describeOrg(other.org)} (resource ${JSON.stringify(other.name)} records it), ` +
      `but the credentials in use belong to the org ${describeOrg(org)}. Set the credentials of ${describeOrg(other.org)} ` +
      `(${credentials}), or pass the state of a stack in ${describeOrg(org)}`,
  );
}

const who = (a: OAuthAuthorization) => modifiedByOf(a) ?? "unknown";

/** Grants live in the org that the stack does not manage, and managed ones that differ. */
export async function audit(api: GenesysClient, managed: ManagedGrant[]): Promise<Finding[]> {
  const live = new Map((await api.listAuthorizations()).entities.map((a) => [clientIdOf(a.client.id), a]));
  const findings: Finding[] = [];
  // Role IDs by name, read once and only when a role changed; the IDs themselves if the roles cannot be read.
  let names: Promise<(id: string) => string> | undefined;
  const roleNames = () => (names ??= api.listAllRoles().then(roleNamer, () => (id: string) => id));
  const managedIds = new Set(managed.map((m) => m.clientId));
  for (const [id, a] of live) {
    if (a.state === "Authorized" && !managedIds.has(id)) {
      findings.push({
        kind: "unmanaged",
        clientId: id,
        clientName: a.client.name,
        scopes: [...(a.scope ?? [])].sort(),
        modifiedBy: who(a),
        dateModified: a.dateModified ?? "",
      });
    }
  }
  for (const m of managed) {
    const a = live.get(m.clientId);
    const what: string[] = [];
    if (!a || a.state !== "Authorized") {
      what.push(a ? `state is ${a.state}` : "not authorized");
    } else {
      const s = setChange(m.scopes, a.scope ?? []);
      if (s.added.length) what.push(`scopes added: ${s.added.join(", ")}`);
      if (s.removed.length) what.push(`scopes removed: ${s.removed.join(", ")}`);
      const r = setChange(m.roleIds, a.roles ?? []);
      if (r.added.length || r.removed.length) {
        const name = await roleNames();
        if (r.added.length) what.push(`roles added: ${r.added.map(name).join(", ")}`);
        if (r.removed.length) what.push(`roles removed: ${r.removed.map(name).join(", ")}`);
      }
    }
    if (what.length > 0) {
      findings.push({
        kind: "drifted",
        name: m.name,
        clientId: m.clientId,
        clientName: a?.client.name ?? m.name,
        what,
        modifiedBy: a ? who(a) : "",
        dateModified: a?.dateModified ?? "",
      });
    }
  }
  return findings;
}

export function renderFindings(findings: Finding[], managedCount: number, org: OrgRef): string {
  const where = `the org ${markdownCode(org.name)} (${markdownCode(org.id)})`;
  if (findings.length === 0)
    return `Audit of ${where}. No findings: the ${managedCount} managed grant(s) match the org, and the org has no unmanaged authorization.\n`;
  const lines = [`Audit of ${where}. ${findings.length} finding(s):`, ""];
  // Names, scopes, who and when come from the org: each is a code span, so none becomes markup.
  const cell = markdownCell;
  const rows = findings.map((f) => [
    f.kind,
    `${cell(f.clientName)} (${cell(f.clientId)})`,
    f.kind === "unmanaged"
      ? `not in the stack; scopes ${f.scopes.map(cell).join(", ")}`
      : `${cell(f.name)}: ${f.what.map(cell).join("; ")}`,
    f.modifiedBy ? cell(f.modifiedBy) : "",
    f.dateModified ? cell(f.dateModified) : "",
  ]);
  lines.push(...markdownTable(["finding", "client", "details", "modified by", "modified"], rows));
  return lines.join("\n") + "\n";
}

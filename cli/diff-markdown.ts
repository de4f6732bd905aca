import { markdownCell, markdownCode, markdownTable } from "../common/text";
import { ClientId, ManualChange, manualSteps } from "../provider/state";
import type { OrgRef } from "../provider/state";
import { GrantChange, isWriteScope, PreviewError } from "./preview";

export interface Catalogue {
  descriptions: Map<string, string>;
  clientNames: Map<string, string>;
  /** The org the descriptions and names were read from. */
  org?: OrgRef;
}

const ICON: Record<GrantChange["action"], string> = {
  authorize: "➕",
  "take-over": "🔗",
  adopt: "📥",
  "re-scope": "✏️",
  revoke: "➖",
  replace: "🔁",
};
const VERB: Record<GrantChange["action"], string> = {
  authorize: "Authorize",
  "take-over": "Take over",
  adopt: "Adopt",
  "re-scope": "Re-scope",
  revoke: "Revoke",
  replace: "Replace",
};

// Every string that comes from the org or the program (client names, scope descriptions, role
// names, resource names, IDs) is rendered as a code span: literal text, never markup.
const code = (s: string) => markdownCode(s);
const cell = markdownCell;

function clientLabel(c: GrantChange, cat?: Catalogue): string {
  const name = c.clientName ?? cat?.clientNames.get(c.clientId);
  return name ? `${code(name)} (${code(c.clientId)})` : code(c.clientId);
}

function scopeRow(mark: string, scope: string, cat?: Catalogue): string[] {
  const desc = cat?.descriptions.get(scope);
  const write = isWriteScope(scope) ? "⚠️ write" : "read-only";
  return [mark, cell(scope), write, desc !== undefined ? cell(desc) : cat ? "_not in the org's catalogue_" : ""];
}

export function addedWriteScopes(changes: GrantChange[]): string[] {
  return changes.flatMap((c) => c.scopes.added.filter(isWriteScope).map((s) => `${c.name}: ${s}`));
}

/** The admin-UI changes a grant change takes under manual apply (a replacement takes two). */
function manualChanges(c: GrantChange, cat?: Catalogue): ManualChange[] {
  const name = c.clientName ?? cat?.clientNames.get(c.clientId);
  const base = { clientId: c.clientId as ClientId, clientName: name, tick: [], untick: [], addRoles: [], removeRoles: [] };
  const authorize: ManualChange = {
    ...base,
    kind: "authorize",
    tick: [...c.scopes.added, ...c.scopes.kept],
    addRoles: [...c.roles.added, ...c.roles.kept],
  };
  switch (c.action) {
    case "revoke":
      return [{ ...base, kind: "revoke" }];
    case "authorize":
      return [authorize];
    case "take-over":
      return [];
    case "replace":
      return [{ ...base, kind: "revoke", clientId: (c.previousClientId ?? c.clientId) as ClientId, clientName: undefined }, authorize];
    default:
      return [
        {
          ...base,
          kind: "re-scope",
          tick: c.scopes.added,
          untick: c.scopes.removed,
          addRoles: c.roles.added,
          removeRoles: c.roles.removed,
        },
      ];
  }
}

/** The steps an administrator follows for one grant change under manual apply, as Markdown. */
function renderManual(c: GrantChange, cat?: Catalogue): string[] {
  const lines = ["", "**For the administrator (manual apply):**"];
  for (const change of manualChanges(c, cat)) {
    const { head, steps, alt } = manualSteps(change, cat?.org, code);
    lines.push("", head, "", ...steps.map((step, i) => `${i + 1}. ${step}`));
    if (alt) lines.push("", alt);
  }
  return lines;
}

/**
 * Markdown for a PR comment on a preview that failed: it says so first, that nothing is a plan,
 * then each error as literal text (it comes from the program and from the org).
 */
export function renderFailedPreview(errors: PreviewError[]): string {
  const lines = [
    "**Genesys Cloud grants: the preview failed.** Nothing below is a plan: no grant change can be reviewed until the preview passes.",
    "",
    ...markdownTable(
      ["resource", "error"],
      errors.map((e) => [e.resource !== undefined ? cell(e.resource) : "_the stack_", cell(e.message)]),
    ),
    "",
    "The preview's text output (`pulumi preview`, without `--json`) has the whole story: a policy violation, for one, reads only `preview failed` in the JSON.",
  ];
  return lines.join("\n") + "\n";
}

/** The one-line summary of a failed preview, for standard error. */
export function failedPreviewLine(errors: PreviewError[]): string {
  const first = errors[0];
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : "";
  return `the preview failed, so there is no grant diff to review: ${first.resource !== undefined ? `${first.resource}: ` : ""}${first.message}${more}`;
}

/** The line under a take-over's or an adoption's heading: whose grant it is, and whether it is written. */
function existingLine(c: GrantChange): string {
  const g = c.existing!;
  const by = g.modifiedBy
    ? `, last written by ${g.bySelf ? "these credentials" : code(g.modifiedBy)}${g.dateModified ? ` at ${code(g.dateModified)}` : ""}`
    : "";
  if (c.action === "take-over") {
    return `Already authorized${by}; it holds the declared scopes and roles, so this stack takes it over with **no write**. If another stack or resource manages this grant, both will from now on, and a destroy of either revokes it.`;
  }
  const changes = c.scopes.added.length + c.scopes.removed.length + c.roles.added.length + c.roles.removed.length;
  return `Already authorized${by}; \`onExisting: "adopt"\` takes it under management${changes > 0 ? " and changes it as below" : " as it is"}.`;
}

/**
 * Markdown for a PR comment: a one-line summary, then one section per changed client; with
 * `manual`, each section ends with the steps an administrator follows in the admin UI.
 */
export function renderDiff(changes: GrantChange[], catalogue?: Catalogue, note?: string, manual = false): string {
  const count = (a: GrantChange["action"]) => changes.filter((c) => c.action === a).length;
  const writes = addedWriteScopes(changes).length;
  const parts = [
    count("authorize") && `${count("authorize")} to authorize`,
    count("take-over") && `${count("take-over")} to take over (already authorized)`,
    count("adopt") && `${count("adopt")} to adopt (already authorized)`,
    count("re-scope") && `${count("re-scope")} to re-scope`,
    count("replace") && `${count("replace")} to replace`,
    count("revoke") && `${count("revoke")} to revoke`,
  ].filter(Boolean);
  const lines: string[] = [];
  lines.push(
    changes.length === 0
      ? "**Genesys Cloud grants:** no changes."
      : `**Genesys Cloud grants:** ${parts.join(", ")}${writes ? ` — ⚠️ ${writes} write scope${writes > 1 ? "s" : ""} added` : ""}.`,
  );
  const unchecked = changes.filter((c) => c.unchecked).length;
  if (unchecked > 0) {
    lines.push(
      "",
      `> [!WARNING]\n> **${unchecked} grant${unchecked > 1 ? "s were" : " was"} not checked against the org's authorizations:** the preview ran with view-only credentials, which the org does not let read them. Whether a client is already authorized (a take-over or an adoption) and what it requests is not known here; \`pulumi up\` checks it before any write.`,
    );
  }
  if (catalogue?.org) lines.push("", `Org: ${code(catalogue.org.name)} (${code(catalogue.org.id)}).`);
  if (note) lines.push("", `_Note:_ ${code(note)}`);
  for (const c of changes) {
    lines.push("", `### ${ICON[c.action]} ${VERB[c.action]} ${clientLabel(c, catalogue)} — ${code(c.name)}`);
    if (c.action === "replace") lines.push("", `Replaces the authorization of ${code(c.previousClientId ?? "")}, which is revoked.`);
    if (c.existing) lines.push("", existingLine(c));
    if (c.unchecked) {
      lines.push("", `⚠️ **Not checked at preview** (${code(c.unchecked.reason)}):`, "", ...c.unchecked.checks.map((x) => `- ${code(x)}`));
    }
    if (c.action === "revoke") {
      lines.push("", `All scopes and roles are withdrawn${c.scopes.removed.length ? `: ${c.scopes.removed.map(code).join(", ")}` : ""}.`);
      if (manual) lines.push(...renderManual(c, catalogue));
      continue;
    }
    const rows = [
      ...c.scopes.added.map((s) => scopeRow("➕ added", s, catalogue)),
      ...c.scopes.removed.map((s) => scopeRow("➖ removed", s, catalogue)),
    ];
    if (rows.length > 0) lines.push("", ...markdownTable(["", "scope", "access", "description"], rows));
    if (c.scopes.kept.length > 0) lines.push("", `Unchanged scopes: ${c.scopes.kept.map(code).join(", ")}.`);
    if (c.roles.added.length || c.roles.removed.length) {
      lines.push(
        "",
        `Roles: ${[...c.roles.added.map((r) => `➕ ${code(r)}`), ...c.roles.removed.map((r) => `➖ ${code(r)}`)].join(", ")}.`,
      );
    }
    if (manual) lines.push(...renderManual(c, catalogue));
  }
  return lines.join("\n") + "\n";
}

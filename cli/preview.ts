/** Reads `pulumi preview --json` and extracts what changes for AuthorizedClient resources. */
import { JsonTextError, parseJsonText } from "../common/json-text";
import {
  EXISTING_GRANT,
  ExistingGrant,
  isWriteScope,
  RESOURCE_TYPE,
  SetChange,
  setChange,
  setMembers,
  UNCHECKED,
  UncheckedGrant,
} from "../provider/state";

export { isWriteScope, RESOURCE_TYPE, setChange };
export type { SetChange };

export type GrantAction = "authorize" | "take-over" | "adopt" | "re-scope" | "revoke" | "replace";

export interface GrantChange {
  action: GrantAction;
  /** The resource name in the program. */
  name: string;
  clientId: string;
  /** The client before a replacement. */
  previousClientId?: string;
  /** From the state when known. */
  clientName?: string;
  scopes: SetChange;
  roles: SetChange;
  /** For a take-over or an adoption: the grant already live, as the provider found it at preview. */
  existing?: ExistingGrant;
  /** What the preview's credentials could not check (view-only). */
  unchecked?: UncheckedGrant;
}

/** An error the preview reported: the resource (when it names one) and the message. */
export interface PreviewError {
  resource?: string;
  message: string;
}

/** What a preview's JSON says: the grant changes, or the errors that make it no plan at all. */
export interface Preview {
  changes: GrantChange[];
  errors: PreviewError[];
}

export class PreviewFormatError extends Error {}

interface StepState {
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

interface Step {
  op: string;
  urn: string;
  oldState?: StepState;
  newState?: StepState;
}

const OPS: Record<string, GrantAction | undefined> = {
  create: "authorize",
  update: "re-scope",
  delete: "revoke",
  replace: "replace",
};

/** The ExistingGrant a create step's inputs carry, when well formed. */
function existingGrantOf(v: unknown): ExistingGrant | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const g = v as ExistingGrant;
  if (g.action !== "take-over" && g.action !== "adopt") return undefined;
  const list = (x: unknown) => (Array.isArray(x) ? x.filter((m): m is string => typeof m === "string") : []);
  const text = (x: unknown) => (typeof x === "string" ? x : "");
  const grant: ExistingGrant = {
    action: g.action,
    clientName: text(g.clientName),
    scopes: list(g.scopes),
    roleIds: list(g.roleIds),
    modifiedBy: text(g.modifiedBy),
    dateModified: text(g.dateModified),
    bySelf: g.bySelf === true,
    message: text(g.message),
  };
  if (g.action === "adopt" && typeof g.change === "object" && g.change !== null) {
    const roles = (g.change as { roles?: { added?: unknown; removed?: unknown } }).roles ?? {};
    grant.change = { scopes: { added: [], removed: [] }, roles: { added: list(roles.added), removed: list(roles.removed) } };
  }
  return grant;
}

/** The UncheckedGrant a step's inputs carry, when well formed. */
function uncheckedOf(v: unknown): UncheckedGrant | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const g = v as Record<string, unknown>;
  const checks = Array.isArray(g.checks) ? g.checks.filter((m): m is string => typeof m === "string") : [];
  if (checks.length === 0) return undefined;
  return { checks, reason: typeof g.reason === "string" ? g.reason : "", message: typeof g.message === "string" ? g.message : "" };
}

/** Scopes or roles as a step holds them: arrays (outputs) or stored sets (inputs). */
function strings(v: unknown): string[] {
  return setMembers(v) ?? (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
}

/** Pulumi's colour markup (`<{%reset%}>`) and ANSI colour sequences, as they may sit in a diagnostic. */
const COLOURS = /<\{%[^%]*%\}>|\u001b\[[0-9;]*m/g;

interface Diagnostic {
  urn?: string;
  message?: string;
  severity?: string;
}

/**
 * Parses the preview JSON text. A preview that reported an error (a failed check, a mandatory
 * policy violation, which reads "preview failed" there, a program that threw) is no plan: its errors are returned with no changes. A text
 * that is not a whole preview throws PreviewFormatError.
 */
export function readPreview(text: string): Preview {
  const doc = previewDocument(text);
  const diagnostics = Array.isArray(doc.diagnostics) ? (doc.diagnostics as Diagnostic[]) : [];
  const errors = diagnostics
    .filter((d) => typeof d === "object" && d !== null && d.severity === "error")
    .map((d) => {
      const name = typeof d.urn === "string" && d.urn.includes("::") ? d.urn.split("::").pop() : undefined;
      const error: PreviewError = {
        message: String(d.message ?? "")
          .replace(COLOURS, "")
          .trim()
          .replace(/^error: /, ""),
      };
      if (name) error.resource = name;
      return error;
    });
  return errors.length > 0 ? { changes: [], errors } : { changes: grantChanges(text), errors };
}

function previewDocument(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = parseJsonText(text, "the input");
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    throw new PreviewFormatError(`${e.message}; run \`pulumi preview --json\` and pass its output`);
  }
  const record = typeof doc === "object" && doc !== null && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  const lacks = [
    ...(record && Array.isArray(record.steps) ? [] : ["`steps` (a list)"]),
    ...(record && "changeSummary" in record ? [] : ["`changeSummary`"]),
  ];
  if (lacks.length > 0) {
    throw new PreviewFormatError(
      `the input is JSON but not a whole \`pulumi preview --json\` result: it has no ${lacks.join(" and no ")}; run \`pulumi preview --json\` and pass all of its output`,
    );
  }
  return record!;
}

/** Parses the preview JSON text; other resource types and unchanged steps are ignored. */
export function grantChanges(text: string): GrantChange[] {
  const steps = previewDocument(text).steps;
  const changes: GrantChange[] = [];
  for (const s of steps as Step[]) {
    const type = s.newState?.type ?? s.oldState?.type ?? s.urn?.split("::")[2];
    if (type !== RESOURCE_TYPE) continue;
    const existing = s.op === "create" ? existingGrantOf(s.newState?.inputs?.[EXISTING_GRANT]) : undefined;
    const action = existing?.action ?? OPS[s.op];
    if (!action) continue;
    const oldIn = s.oldState?.inputs ?? {};
    const oldOut = s.oldState?.outputs ?? {};
    const newIn = action === "revoke" ? {} : (s.newState?.inputs ?? {});
    const declaredRoles = strings(newIn.roles);
    // Taken over or adopted: the change is from what is live (roles as the adoption names them).
    const oldScopes = existing ? existing.scopes : action === "authorize" ? [] : strings(oldOut.scopes ?? oldIn.scopes);
    const oldRoles = existing
      ? existing.change
        ? [...declaredRoles.filter((r) => !existing.change!.roles.added.includes(r)), ...existing.change.roles.removed]
        : declaredRoles
      : action === "authorize"
        ? []
        : strings(oldOut.roles ?? oldIn.roles);
    const clientId = String((action === "revoke" ? (oldOut.clientId ?? oldIn.clientId) : newIn.clientId) ?? "");
    const change: GrantChange = {
      action,
      name: s.urn.split("::").pop() ?? s.urn,
      clientId,
      clientName: existing ? existing.clientName : action === "replace" ? undefined : (oldOut.clientName as string | undefined),
      // A replacement authorizes the new client from scratch and revokes the old one.
      scopes: setChange(action === "replace" ? [] : oldScopes, strings(newIn.scopes)),
      roles: setChange(action === "replace" ? [] : oldRoles, declaredRoles),
    };
    if (existing) change.existing = existing;
    const unchecked = action === "revoke" ? undefined : uncheckedOf(newIn[UNCHECKED]);
    if (unchecked) change.unchecked = unchecked;
    if (action === "replace") change.previousClientId = String(oldOut.clientId ?? oldIn.clientId ?? "");
    changes.push(change);
  }
  return changes;
}

/** Reads `pulumi preview --json` and extracts what changes for AuthorizedClient resources. */
import { setMembers } from "../provider/authorized-client/stored-set";
import { isWriteScope, RESOURCE_TYPE } from "../provider/authorized-client/types";

export { isWriteScope, RESOURCE_TYPE };

export type GrantAction = "authorize" | "re-scope" | "revoke" | "replace";

export interface SetChange {
  added: string[];
  removed: string[];
  kept: string[];
}

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

/** Scopes or roles as a step holds them: arrays (outputs, older states) or stored sets (inputs). */
function strings(v: unknown): string[] {
  return setMembers(v) ?? (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
}

export function setChange(before: string[], after: string[]): SetChange {
  const b = new Set(before);
  const a = new Set(after);
  return {
    added: [...a].filter((x) => !b.has(x)).sort(),
    removed: [...b].filter((x) => !a.has(x)).sort(),
    kept: [...a].filter((x) => b.has(x)).sort(),
  };
}

/** Parses the preview JSON text; other resource types and unchanged steps are ignored. */
export function grantChanges(text: string): GrantChange[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PreviewFormatError(`the input is not JSON (${(e as Error).message}); run \`pulumi preview --json\` and pass its output`);
  }
  const steps = (doc as { steps?: unknown })?.steps;
  if (typeof doc !== "object" || doc === null || !Array.isArray(steps) || !("changeSummary" in doc)) {
    throw new PreviewFormatError("the input is JSON but not a `pulumi preview --json` result (it has no `steps` and `changeSummary`)");
  }
  const changes: GrantChange[] = [];
  for (const s of steps as Step[]) {
    const type = s.newState?.type ?? s.oldState?.type ?? s.urn?.split("::")[2];
    if (type !== RESOURCE_TYPE) continue;
    const action = OPS[s.op];
    if (!action) continue;
    const oldIn = s.oldState?.inputs ?? {};
    const oldOut = s.oldState?.outputs ?? {};
    const newIn = action === "revoke" ? {} : (s.newState?.inputs ?? {});
    const oldScopes = action === "authorize" ? [] : strings(oldOut.scopes ?? oldIn.scopes);
    const oldRoles = action === "authorize" ? [] : strings(oldOut.roles ?? oldIn.roles);
    const clientId = String((action === "revoke" ? oldOut.clientId ?? oldIn.clientId : newIn.clientId) ?? "");
    const change: GrantChange = {
      action,
      name: s.urn.split("::").pop() ?? s.urn,
      clientId,
      clientName: action === "replace" ? undefined : (oldOut.clientName as string | undefined),
      // A replacement authorizes the new client from scratch and revokes the old one.
      scopes: setChange(action === "replace" ? [] : oldScopes, strings(newIn.scopes)),
      roles: setChange(action === "replace" ? [] : oldRoles, strings(newIn.roles)),
    };
    if (action === "replace") change.previousClientId = String(oldOut.clientId ?? oldIn.clientId ?? "");
    changes.push(change);
  }
  return changes;
}

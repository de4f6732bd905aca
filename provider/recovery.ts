/**
 * What a killed run left in a stack's state, resolved against the org: the decisions behind
 * `genesys-grants recover`. A run killed in the middle of `pulumi up` (or destroy) leaves pending
 * operations in the state: the engine had sent a write and never learnt its outcome. Pulumi's own
 * route drops them without asking the org, so a grant that landed is live and held by no state,
 * and a later `destroy` never revokes it. Here each pending operation of an AuthorizedClient is
 * settled by what the org holds now:
 *
 * - a pending create whose grant is live and was last written with the provider's own OAuth
 *   client is the dead run's write: it is recorded in the state, with what is live as outputs;
 * - a pending create whose grant is not live, or was last written by someone else, is cleared
 *   (nothing of the dead run is live; `up` refuses someone else's grant as it always does);
 * - a pending update or delete: the resource keeps what is live as its outputs, or leaves the
 *   state when its grant is gone (as `pulumi refresh` would);
 * - any other pending operation is cleared.
 *
 * Only reads reach the org. The state is changed in memory; writing it back is the caller's.
 */
import { quoted, terminalText } from "../common/text";
import { ClientId, maybeClientId } from "./authorized-client/client-id";
import { readAuthorization } from "./authorized-client/lifecycle";
import type { OrgView } from "./authorized-client/org-view";
import { fromStoredInputs, sameMembers, StoredInputs } from "./authorized-client/stored-set";
import { AuthorizedClientOutputs, RESOURCE_TYPE } from "./authorized-client/types";
import { modifiedByOf } from "../genesys";

/** A resource as `pulumi stack export` writes it; fields this module does not read pass through. */
export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  [field: string]: unknown;
}

export interface PendingOperation {
  resource: StateResource;
  type: string;
  [field: string]: unknown;
}

/** The `deployment` of a `pulumi stack export` document. */
export interface Deployment {
  resources?: StateResource[];
  pending_operations?: PendingOperation[];
  [field: string]: unknown;
}

/** How one pending operation was settled. */
export interface Resolution {
  /** The resource's name (the last part of its URN). */
  name: string;
  urn: string;
  /** What the dead run was doing: creating, updating, deleting, … */
  operation: string;
  clientId?: ClientId;
  outcome: "recorded" | "kept" | "removed" | "cleared";
  /** One line: why, from what the org holds. */
  why: string;
}

/** The serialized provider the engine keeps beside a dynamic resource's inputs and outputs. */
const PROVIDER_KEY = "__provider";

const nameOf = (urn: string) => urn.split("::").pop() ?? urn;

/** The client ID a resource's inputs or outputs hold, if any. */
function clientIdIn(r: StateResource): ClientId | undefined {
  return maybeClientId(r.outputs?.clientId) ?? maybeClientId(r.inputs?.clientId) ?? maybeClientId(r.id);
}

/**
 * The dead run's own time: from its start (its lock's creation time) to the moment its lock was
 * found dead. A grant written outside it is not the run's write.
 */
export interface RunWindow {
  /** Epoch ms; undefined when nothing tells when the run started. */
  since?: number;
  /** What `since` was taken from, for messages. */
  sinceFrom: string;
  until: number;
}

/** The stack and project a URN names (`urn:pulumi:<stack>::<project>::…`). */
export function urnOwner(urn: string): { stack: string; project: string } | undefined {
  const m = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(urn);
  return m ? { stack: m[1], project: m[2] } : undefined;
}

/** The stack and project of a deployment: its Stack resource's URN, else its first resource's. */
export function deploymentOwner(deployment: Deployment): { stack: string; project: string } | undefined {
  const all = [...(deployment.resources ?? []), ...(deployment.pending_operations ?? []).map((p) => p.resource)];
  const stack = all.find((r) => r.type === "pulumi:pulumi:Stack") ?? all[0];
  return stack ? urnOwner(stack.urn) : undefined;
}

/** What a pending create asked for, in the org's terms: its scopes, and its roles as the org's IDs where they resolve. */
async function askedFor(
  inputs: ReturnType<typeof fromStoredInputs>,
  view: OrgView,
): Promise<{ scopes: string[]; roleIds: string[] | undefined }> {
  if (inputs.roles.length === 0) return { scopes: inputs.scopes, roleIds: [] };
  const roles = await view.declaredRoles(inputs.roles).catch(() => undefined);
  return { scopes: inputs.scopes, roleIds: roles?.ids };
}

const lower = (x: string) => x.toLowerCase();
/** The same members, in any letter case. */
const sameSet = (a: readonly string[], b: readonly string[]) => sameMembers(a.map(lower), b.map(lower));

/**
 * Settles every pending operation of `deployment` against the org `view` reads, and returns the
 * deployment to import (no pending operation left) with what was done to each. `stack` and
 * `project` name the stack recovered: a pending operation of another is cleared, never settled
 * as this stack's. A pending create is recorded as the dead run's write only when the live grant
 * is what it asked for (its scopes and roles), was written with the stack's own OAuth client, and
 * within `window`; anything else stays outside the stack, with who wrote it and when.
 */
export async function resolvePending(
  deployment: Deployment,
  view: OrgView,
  window: RunWindow = { sinceFrom: "nothing", until: Date.now() },
  owner: { stack: string; project: string } | undefined = deploymentOwner(deployment),
): Promise<{ deployment: Deployment; resolutions: Resolution[] }> {
  const pending = deployment.pending_operations ?? [];
  let resources = [...(deployment.resources ?? [])];
  const resolutions: Resolution[] = [];
  const self = pending.length > 0 ? await view.selfClientId() : undefined;

  for (const op of pending) {
    const r = op.resource;
    const base = { name: nameOf(r.urn), urn: r.urn, operation: op.type };
    const of = urnOwner(r.urn);
    if (!owner || !of || of.stack !== owner.stack || of.project !== owner.project) {
      resolutions.push({
        ...base,
        outcome: "cleared",
        why: `it belongs to ${of ? `stack ${quoted(of.stack)} of project ${quoted(of.project)}` : "no stack"}, not to ${owner ? `stack ${quoted(owner.stack)} of project ${quoted(owner.project)}` : "this stack"}: nothing of it is settled here`,
      });
      continue;
    }
    const clientId = r.type === RESOURCE_TYPE ? clientIdIn(r) : undefined;
    if (!clientId) {
      resolutions.push({
        ...base,
        outcome: "cleared",
        why: r.type === RESOURCE_TYPE ? "no client ID recorded" : `not an AuthorizedClient (${r.type})`,
      });
      continue;
    }
    if (op.type === "creating") {
      const live = await view.authorization(clientId);
      if (!live || live.state !== "Authorized") {
        resolutions.push({ ...base, clientId, outcome: "cleared", why: "not authorized in the org: the dead run's write did not land" });
        continue;
      }
      const by = modifiedByOf(live) ?? "someone";
      const at = live.dateModified ?? "an unknown time";
      const outside = (reason: string) =>
        resolutions.push({
          ...base,
          clientId,
          outcome: "cleared",
          why: `authorized, last written by ${quoted(by)} at ${terminalText(at)}, but ${reason}: not the dead run's write, so it stays outside the stack`,
        });
      if (self === undefined || maybeClientId(live.modifiedBy?.id) !== self) {
        outside("not with this stack's OAuth client");
        continue;
      }
      const inputs = fromStoredInputs(r.inputs as unknown as StoredInputs);
      const asked = await askedFor(inputs, view);
      if (!sameSet(live.scope ?? [], asked.scopes) || asked.roleIds === undefined || !sameSet(live.roles ?? [], asked.roleIds)) {
        outside(
          `it holds scopes [${terminalText((live.scope ?? []).join(", "))}] and ${(live.roles ?? []).length} role(s), where the pending create asked for [${terminalText(asked.scopes.join(", "))}] and ${inputs.roles.length} role(s)`,
        );
        continue;
      }
      const written = Date.parse(live.dateModified ?? "");
      if (window.since === undefined || Number.isNaN(written) || written < window.since || written > window.until) {
        outside(
          window.since === undefined
            ? "no lock of the dead run was found to tell when it started, so it cannot be proven the run's (`pulumi up` takes over a grant these credentials wrote with the declared scopes and roles, with no write)"
            : `that is outside the dead run's time (from ${new Date(window.since).toISOString()}, ${window.sinceFrom}, to ${new Date(window.until).toISOString()})`,
        );
        continue;
      }
      const outs = await readAuthorization(view, { ...inputs, clientId, adopted: false } as AuthorizedClientOutputs);
      if (!outs) {
        resolutions.push({ ...base, clientId, outcome: "cleared", why: "revoked while this command ran" });
        continue;
      }
      // The engine's own record of a create: the inputs as checked, the outputs as create returns them.
      const { [PROVIDER_KEY]: provider } = r.inputs ?? {};
      resources = resources.filter((x) => x.urn !== r.urn);
      resources.push({ ...r, id: clientId, outputs: { ...outs, ...(provider === undefined ? {} : { [PROVIDER_KEY]: provider }) } });
      resolutions.push({
        ...base,
        clientId,
        outcome: "recorded",
        why: `authorized and last written with this stack's OAuth client (${live.dateModified ?? "no date"}): the dead run's write, now in the state`,
      });
      continue;
    }
    if (op.type === "updating" || op.type === "deleting") {
      const held = resources.find((x) => x.urn === r.urn);
      if (!held) {
        resolutions.push({ ...base, clientId, outcome: "cleared", why: "not in the state" });
        continue;
      }
      const olds = { ...(held.outputs ?? {}), clientId } as unknown as AuthorizedClientOutputs;
      const outs = await readAuthorization(view, olds);
      if (!outs) {
        resources = resources.filter((x) => x.urn !== r.urn);
        resolutions.push({ ...base, clientId, outcome: "removed", why: "no longer authorized in the org: the resource leaves the state" });
        continue;
      }
      const provider = held.outputs?.[PROVIDER_KEY];
      held.outputs = { ...outs, ...(provider === undefined ? {} : { [PROVIDER_KEY]: provider }) };
      resolutions.push({ ...base, clientId, outcome: "kept", why: "authorized: the state now holds what is live" });
      continue;
    }
    resolutions.push({ ...base, clientId, outcome: "cleared", why: "nothing was written by it" });
  }
  return { deployment: { ...deployment, resources, pending_operations: [] }, resolutions };
}

/** The AuthorizedClient resources of a deployment, with their client IDs. */
export function grantsIn(deployment: Deployment): { name: string; urn: string; clientId: ClientId }[] {
  return (deployment.resources ?? [])
    .filter((r) => r.type === RESOURCE_TYPE)
    .flatMap((r) => {
      const id = clientIdIn(r);
      return id ? [{ name: nameOf(r.urn), urn: r.urn, clientId: id }] : [];
    });
}

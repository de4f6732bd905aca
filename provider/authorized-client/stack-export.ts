import { JsonTextError, parseJsonText } from "../../common/json-text";
import { ClientId, clientIdOf } from "./client-id";
import { orgIdOf, recordedOrg } from "./org";
import { setMembers } from "./stored-set";
import { RESOURCE_TYPE } from "./types";

/** One AuthorizedClient as a stack's state records it. */
export interface ManagedGrant {
  /** The resource's name (the URN's last part). */
  name: string;
  urn: string;
  clientId: ClientId;
  scopes: string[];
  roleIds: string[];
  /** The org the state records the grant in (absent in a state that records none, such as a hand-edited one). */
  org?: { id: string; name?: string };
}

/** A document that is not a `pulumi stack export`. */
export class StackStateError extends Error {}

/** The AuthorizedClient resources of a `pulumi stack export` document; `source` names it in errors. */
export function managedGrants(text: string, source = "the stack state"): ManagedGrant[] {
  let doc: { deployment?: { resources?: unknown } };
  try {
    doc = parseJsonText(text, source) as typeof doc;
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    throw new StackStateError(`${e.message}; pass the output of \`pulumi stack export\``);
  }
  const resources = doc?.deployment?.resources;
  if (doc?.deployment === undefined || (resources !== undefined && !Array.isArray(resources))) {
    throw new StackStateError(`the JSON of ${source} is not a \`pulumi stack export\` document (no \`deployment\`)`);
  }
  return (
    (resources as Array<{
      type?: string;
      urn?: string;
      id?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }>) ?? []
  )
    .filter((r) => r.type === RESOURCE_TYPE)
    .map((r) => ({
      name: r.urn?.split("::").pop() ?? "",
      urn: r.urn ?? "",
      clientId: clientIdOf(String(r.outputs?.clientId ?? r.id ?? "")),
      // Outputs hold arrays; the inputs, sets keyed by member.
      scopes: setMembers(r.outputs?.scopes) ?? setMembers(r.inputs?.scopes) ?? [],
      roleIds: setMembers(r.outputs?.roleIds) ?? [],
      org: recordedOrg(r.outputs),
    }));
}

/**
 * A grant the state records in another org than `orgId`, if any: such a state cannot be compared
 * with that org (every grant would read as missing, and every live grant as unmanaged).
 */
export function grantInAnotherOrg(
  managed: ManagedGrant[],
  orgId: string,
): (ManagedGrant & { org: { id: string; name?: string } }) | undefined {
  return managed.find(
    (m): m is ManagedGrant & { org: { id: string; name?: string } } => m.org !== undefined && m.org.id !== orgIdOf(orgId),
  );
}

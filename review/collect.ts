/**
 * What the review reads: each org (its authorizations, its roles, who it is) and each stack's
 * state, into the snapshots the model is a function of. Orgs are read concurrently, each with its
 * own client and so its own budget; an org or a stack that cannot be read becomes a snapshot that
 * says why, so the report names it and nothing is silently dropped.
 */
import type { GenesysClient } from "../genesys";
import { terminalText } from "../common/text";
import { describeOrg, grantInAnotherOrg, managedGrants } from "../provider/state";
import type { FleetOrg, FleetStack } from "./fleet";
import type { OrgSnapshot, StackSnapshot } from "./model";

/** One org to read: its name in the fleet, and how to reach it. */
export interface OrgToRead {
  name: string;
  stacks: FleetStack[];
  /** The client to read it with, its API base URL and the client ID in use; throws when the org's settings are unusable. */
  connect(): { client: GenesysClient; endpoint: string; readBy?: string };
}

export interface CollectDeps {
  /** A stack's `pulumi stack export` text (a project's stack through the pulumi CLI, or a saved file). */
  readStack(stack: FleetStack): string;
}

const reason = (e: unknown) => terminalText(e instanceof Error ? e.message : String(e));

/**
 * The environment an org of the fleet is read with: the process's, with the credential and
 * endpoint variables replaced by the fleet's (named in clientIdEnv and clientSecretEnv), so one
 * org's settings never leak into another's. Throws naming the variable when one is unset.
 */
export function orgEnvironment(org: FleetOrg, env: NodeJS.ProcessEnv, fleetFile: string): NodeJS.ProcessEnv {
  const missing = [org.clientIdEnv, org.clientSecretEnv].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not set: org ${JSON.stringify(org.name)} of ${fleetFile} reads its ` +
        `credentials from ${org.clientIdEnv} and ${org.clientSecretEnv} (clientIdEnv, clientSecretEnv); set them to the org's OAuth client ID and secret`,
    );
  }
  const own: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (!/^GENESYSCLOUD_(OAUTHCLIENT_ID|OAUTHCLIENT_SECRET|ACCESS_TOKEN|REGION|API_URL|ORG_ID)$/.test(k)) own[k] = v;
  }
  own.GENESYSCLOUD_OAUTHCLIENT_ID = env[org.clientIdEnv];
  own.GENESYSCLOUD_OAUTHCLIENT_SECRET = env[org.clientSecretEnv];
  if (org.region !== undefined) own.GENESYSCLOUD_REGION = org.region;
  if (org.apiUrl !== undefined) own.GENESYSCLOUD_API_URL = org.apiUrl;
  return own;
}

/** One org, read: who it is, every authorization with the count the API reported, and its roles if readable. */
export async function readOrg(name: string, client: GenesysClient, endpoint: string, readBy?: string): Promise<OrgSnapshot> {
  const [me, listing, roles] = await Promise.all([
    client.getOrganization(),
    client.listAuthorizations(),
    // Without authorization:role:view the report names role IDs, and counts no permission.
    client.listAllRoles().catch(() => undefined),
  ]);
  return {
    name,
    endpoint,
    readBy,
    org: { id: me.id, name: me.name },
    authorizations: listing.entities ?? [],
    reportedTotal: typeof listing.total === "number" ? listing.total : undefined,
    roles: roles?.map((r) => ({ id: r.id, name: r.name, permissions: Array.isArray(r.permissions) ? r.permissions : undefined })),
  };
}

function readStack(org: OrgSnapshot, stack: FleetStack, deps: CollectDeps): StackSnapshot {
  const base = { org: org.name, stack: stack.label };
  try {
    const grants = managedGrants(deps.readStack(stack), `the state of ${stack.label}`);
    // A stack whose grants live in another org would read as all missing, and the org's as unmanaged.
    const other = org.org && grantInAnotherOrg(grants, org.org.id);
    if (other && org.org) {
      return {
        ...base,
        error: `its grants live in the org ${describeOrg(other.org)} (resource ${JSON.stringify(other.name)} records it), not in ${describeOrg(org.org)}; list the stack under the org it manages`,
      };
    }
    return { ...base, grants };
  } catch (e) {
    return { ...base, error: reason(e) };
  }
}

/** Every org of the fleet concurrently, then each org's stacks. */
export async function collect(orgs: OrgToRead[], deps: CollectDeps): Promise<{ orgs: OrgSnapshot[]; stacks: StackSnapshot[] }> {
  const snapshots = await Promise.all(
    orgs.map(async (o): Promise<OrgSnapshot> => {
      let endpoint = "";
      try {
        const c = o.connect();
        endpoint = c.endpoint;
        return await readOrg(o.name, c.client, c.endpoint, c.readBy);
      } catch (e) {
        return { name: o.name, endpoint, error: reason(e) };
      }
    }),
  );
  const stacks = orgs.flatMap((o, i) => o.stacks.map((s) => readStack(snapshots[i], s, deps)));
  return { orgs: snapshots, stacks };
}

/**
 * The change a person makes in the admin UI for one client, and its steps: what manual apply
 * (manual.ts) asks for, and what genesys-grants diff --manual shows a reviewer. Decides only: no
 * I/O, and no HTTP client loaded (the state-format module, which cli/ and policy/ read, exports it).
 */
import { quoted, terminalText } from "../../common/text";
import type { OAuthAuthorization, Role } from "../../genesys/types";
import type { ClientId } from "./client-id";
import { normalizeSet } from "./normalize";
import type { OrgRef } from "./org";
import { roleNamer } from "./roles";

/** What the org should hold for one client: authorized with these scopes and roles, or not authorized. */
export type Desired = { authorized: true; scopes: string[]; roleIds: string[]; authorizationUrl?: string } | { authorized: false };

/** The change a person makes in the admin UI, if any. */
export interface ManualChange {
  kind: "authorize" | "re-scope" | "revoke";
  clientId: ClientId;
  clientName?: string;
  tick: string[];
  untick: string[];
  addRoles: string[];
  removeRoles: string[];
  authorizationUrl?: string;
}

export function manualChange(
  clientId: ClientId,
  live: OAuthAuthorization | undefined,
  desired: Desired,
  roles: Role[],
): ManualChange | undefined {
  const authorized = live?.state === "Authorized";
  const name = live?.client.name;
  if (!desired.authorized)
    return authorized ? { kind: "revoke", clientId, clientName: name, tick: [], untick: [], addRoles: [], removeRoles: [] } : undefined;
  const liveScopes = authorized ? normalizeSet(live!.scope ?? []) : [];
  const liveRoles = authorized ? normalizeSet(live!.roles ?? []).map((r) => r.toLowerCase()) : [];
  const wantRoles = desired.roleIds.map((r) => r.toLowerCase());
  const roleName = roleNamer(roles);
  const change: ManualChange = {
    kind: authorized ? "re-scope" : "authorize",
    clientId,
    clientName: name,
    tick: desired.scopes.filter((s) => !liveScopes.includes(s)),
    untick: liveScopes.filter((s) => !desired.scopes.includes(s)),
    addRoles: wantRoles.filter((r) => !liveRoles.includes(r)).map(roleName),
    removeRoles: liveRoles.filter((r) => !wantRoles.includes(r)).map(roleName),
    authorizationUrl: desired.authorizationUrl,
  };
  const none = change.tick.length + change.untick.length + change.addRoles.length + change.removeRoles.length === 0;
  return authorized && none ? undefined : change;
}

/** How the instructions show a datum (a name, an ID, a scope): quoted on a terminal, a code span in Markdown. */
export type Datum = (s: string) => string;

/**
 * The steps of one change, following the vendor's help page "Authorize an OAuth client"
 * (Admin > Integrations > Authorized Applications): a heading, numbered steps, and for a client
 * declared by its authorization URL, the app's own consent page as the alternative.
 */
export function manualSteps(
  c: ManualChange,
  org: { id: string; name?: string } | undefined,
  datum: Datum,
): { head: string; steps: string[]; alt?: string } {
  const list = (items: string[]) => items.map(datum).join(", ");
  const who = c.clientName !== undefined ? `${datum(c.clientName)} (${datum(c.clientId)})` : datum(c.clientId);
  const where = org ? ` of the org ${org.name ? `${datum(org.name)} (${datum(org.id)})` : datum(org.id)}` : "";
  const page = `In the Genesys Cloud admin UI${where}, log in as an administrator with OAuth > Client > Authorize and open Admin > Integrations > Authorized Applications.`;
  const steps = [page];
  if (c.kind === "revoke") {
    steps.push(`Open the client ${who} and click Revoke Authorization.`);
  } else if (c.kind === "authorize") {
    steps.push(`Click Authorize a client, paste the client ID ${datum(c.clientId)} into Client ID, and click Authorize client.`);
    steps.push(`Under Scope, tick ${c.tick.length ? list(c.tick) : "no scope"}; leave every other scope unticked.`);
    if (c.addRoles.length)
      steps.push(`Under "Users that can use this application", click Add Roles, select ${list(c.addRoles)}, and click OK.`);
    steps.push("Click Approve.");
  } else {
    steps.push(`Open the client ${who}.`);
    if (c.tick.length || c.untick.length) {
      const parts = [c.tick.length ? `tick ${list(c.tick)}` : "", c.untick.length ? `untick ${list(c.untick)}` : ""].filter(Boolean);
      steps.push(`Under Scope, ${parts.join(" and ")}; leave the other scopes as they are.`);
    }
    if (c.addRoles.length)
      steps.push(`Under "Users that can use this application", click Add Roles, select ${list(c.addRoles)}, and click OK.`);
    if (c.removeRoles.length) steps.push(`Under "Users that can use this application", remove ${list(c.removeRoles)}.`);
    steps.push("Click Approve (or Save).");
  }
  const head = `${c.kind === "revoke" ? "Revoke" : c.kind === "authorize" ? "Authorize" : "Re-scope"} the client ${who}:`;
  const alt =
    c.kind === "authorize" && c.authorizationUrl
      ? `Or, as the app's vendor intends: open ${datum(c.authorizationUrl)} in a browser, log in as an administrator, pick the scopes above, and click Allow.`
      : undefined;
  return { head, steps, alt };
}

/** The steps of one change as terminal text: names from the org quoted, on lines of their own. */
export function manualInstructions(c: ManualChange, org: OrgRef): string {
  const { head, steps, alt } = manualSteps(c, org, (s) => quoted(s).replace(/^"([0-9a-f-]{36})"$/i, "$1"));
  return [head, ...steps.map((s, i) => `  ${i + 1}. ${s}`), ...(alt ? [`  ${alt}`] : [])].map(terminalText).join("\n");
}

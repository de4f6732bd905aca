/**
 * The access review's model: one row per authorized app per org, from what was read of each org
 * and each stack. A pure function of its input (no clock, no I/O): the same snapshots give the
 * same report, which the renderers (render-*.ts) turn into JSON, CSV and HTML.
 */
import type { OAuthAuthorization } from "../genesys/types";
import { clientIdOf, isWriteScope, setChange } from "../provider/state";
import type { ClientId, ManagedGrant } from "../provider/state";

/** The canonical report's format tag (schema/review.schema.json). */
export const REVIEW_FORMAT = "genesys-grants-review/1";

export interface ToolInfo {
  name: string;
  version: string;
  /** The commit the tool was built from, when it was built from a git checkout. */
  commit: string | null;
}

/** A role as the org lists it; `permissions` absent when it could not be read. */
export interface RoleInfo {
  id: string;
  name: string;
  permissions?: string[];
}

/** What was read of one org: its authorizations and roles, or why it could not be read. */
export interface OrgSnapshot {
  /** The org's name in the fleet file (or "current" for --stack). */
  name: string;
  /** The API base URL it was read at. */
  endpoint: string;
  /** The OAuth client ID that read it (never a secret). */
  readBy?: string;
  org?: { id: string; name: string };
  authorizations?: OAuthAuthorization[];
  /** The count the API reported with the listing (`total`). */
  reportedTotal?: number;
  /** The org's roles; absent when they could not be read (the report then names role IDs only). */
  roles?: RoleInfo[];
  /** Why the org could not be read: the org is reported as failed, never dropped. */
  error?: string;
}

/** What was read of one stack: its AuthorizedClient grants, or why it could not be read. */
export interface StackSnapshot {
  /** The fleet org the stack manages. */
  org: string;
  /** The stack as the fleet names it: `DIR (STACK)` or the state file. */
  stack: string;
  grants?: ManagedGrant[];
  error?: string;
}

export interface ReviewInput {
  generatedAt: string;
  tool: ToolInfo;
  orgs: OrgSnapshot[];
  stacks: StackSnapshot[];
  /** An earlier review (--since): rows are marked added or changed, and the rows gone are listed. */
  previous?: Review;
}

export type Risk = "high" | "medium" | "low";
export type RowState = "Authorized" | "Requested" | "Revoked" | "Unauthorized" | "Missing";
export type Change = "added" | "changed" | "unchanged";

export interface RowRole {
  id: string;
  name: string | null;
  /** How many permissions the role carries; null when the roles could not be read. */
  permissions: number | null;
}

export interface Drift {
  /** Live, not declared: granted outside code. */
  scopesAdded: string[];
  /** Declared, not live. */
  scopesRemoved: string[];
  rolesAdded: string[];
  rolesRemoved: string[];
  /** Declared in code, and not authorized in the org. */
  missing: boolean;
}

export interface Row {
  org: string;
  orgId: string | null;
  clientId: string;
  clientName: string;
  grantType: string | null;
  scopes: { scope: string; write: boolean }[];
  roles: RowRole[];
  /** The roles' permissions, summed; null when the roles could not be read. */
  permissions: number | null;
  authorizedBy: string | null;
  authorizedAt: string | null;
  modifiedBy: string | null;
  modifiedAt: string | null;
  state: RowState;
  /** The stacks whose code declares the grant; empty when no code manages it. */
  managedBy: { stack: string; urn: string }[];
  /** Declared against live; null when no code declares the grant. */
  drift: Drift | null;
  risk: Risk;
  riskReasons: string[];
  /** Against --since's review; absent without one. */
  change?: Change;
}

export interface OrgCoverage {
  name: string;
  endpoint: string;
  status: "read" | "failed";
  id: string | null;
  orgName: string | null;
  readBy: string | null;
  error: string | null;
  /** The authorizations listed, and the count the API reported with them. */
  appsListed: number | null;
  appsReported: number | null;
  countsMatch: boolean | null;
}

export interface StackCoverage {
  org: string;
  stack: string;
  status: "read" | "failed";
  grants: number | null;
  error: string | null;
}

export interface OrgSummary {
  org: string;
  apps: number;
  writeScopes: number;
  notInCode: number;
  drifted: number;
  missing: number;
  high: number;
}

export interface Review {
  format: typeof REVIEW_FORMAT;
  generatedAt: string;
  tool: ToolInfo;
  coverage: { orgs: OrgCoverage[]; stacks: StackCoverage[] };
  summary: OrgSummary[];
  rows: Row[];
  since?: {
    previousGeneratedAt: string;
    added: number;
    changed: number;
    removed: { org: string; orgId: string | null; clientId: string; clientName: string }[];
    /** Orgs not read now: their rows are not compared, so nothing of them reads as removed. */
    notCompared: string[];
  };
}

const RISK_ORDER: Record<Risk, number> = { high: 0, medium: 1, low: 2 };

/** Whether a row holds access: authorized in the org. */
const holdsAccess = (r: Pick<Row, "state">) => r.state === "Authorized";
export const isNotInCode = (r: Pick<Row, "managedBy" | "state">) => r.managedBy.length === 0 && holdsAccess(r);
export const isDrifted = (r: Pick<Row, "drift">) =>
  r.drift !== null &&
  (r.drift.missing ||
    r.drift.scopesAdded.length + r.drift.scopesRemoved.length + r.drift.rolesAdded.length + r.drift.rolesRemoved.length > 0);
export const writeScopesOf = (r: Pick<Row, "scopes">) => r.scopes.filter((s) => s.write).map((s) => s.scope);

/**
 * The risk level (docs/reviewing.md, "Risk"):
 * - high: an app no code manages that holds write scopes or roles with permissions; or write
 *   scopes granted in the org beyond what code declares;
 * - medium: any other app no code manages, drift, a declared app missing from the org, or write
 *   scopes that code manages;
 * - low: read-only access that code manages, as declared; or an app that holds no access.
 */
export function riskOf(r: Omit<Row, "risk" | "riskReasons" | "change">): { risk: Risk; reasons: string[] } {
  const high: string[] = [];
  const medium: string[] = [];
  const writes = writeScopesOf(r);
  if (isNotInCode(r)) {
    if (writes.length > 0) high.push(`${writes.length} write scope(s) on an app no code manages`);
    if (r.permissions !== null && r.permissions > 0) high.push(`roles carrying ${r.permissions} permission(s) on an app no code manages`);
    if (high.length === 0) medium.push("an app no code manages");
  }
  if (r.drift) {
    const addedWrites = r.drift.scopesAdded.filter(isWriteScope);
    if (addedWrites.length > 0) high.push(`write scope(s) granted beyond the code: ${addedWrites.join(", ")}`);
    if (r.drift.missing) medium.push("declared in code, not authorized in the org");
    else if (isDrifted(r)) medium.push("differs from its code");
    if (holdsAccess(r) && writes.length > 0) medium.push(`${writes.length} write scope(s), managed in code`);
  }
  if (high.length > 0) return { risk: "high", reasons: [...high, ...medium] };
  if (medium.length > 0) return { risk: "medium", reasons: medium };
  return { risk: "low", reasons: holdsAccess(r) ? ["read-only access, managed in code as declared"] : [`no access (${r.state})`] };
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();

/** The same app in the same org, across two reviews. */
const rowKey = (r: Pick<Row, "org" | "orgId" | "clientId">) => `${(r.orgId ?? r.org).toLowerCase()}/${r.clientId.toLowerCase()}`;

/** What a second review compares: access and who manages it, not the dates or the risk wording. */
const fingerprint = (r: Row) =>
  JSON.stringify([r.state, r.scopes.map((s) => s.scope), r.roles.map((x) => x.id.toLowerCase()), r.managedBy.map((m) => m.urn), r.drift]);

function rowsOfOrg(org: OrgSnapshot, declared: StackSnapshot[]): Row[] {
  const roleById = new Map((org.roles ?? []).map((r) => [r.id.toLowerCase(), r]));
  const role = (id: string): RowRole => {
    const r = roleById.get(id.toLowerCase());
    return { id, name: r?.name ?? null, permissions: r?.permissions ? r.permissions.length : null };
  };
  // Declarations by client, from every stack of this org that was read.
  const byClient = new Map<ClientId, { stack: string; grant: ManagedGrant }[]>();
  for (const s of declared) {
    for (const grant of s.grants ?? []) {
      const id = grant.clientId;
      byClient.set(id, [...(byClient.get(id) ?? []), { stack: s.stack, grant }]);
    }
  }
  const live = new Map((org.authorizations ?? []).map((a) => [clientIdOf(a.client.id), a]));
  // In no order: buildReview sorts the rows.
  const ids = [...new Set([...live.keys(), ...byClient.keys()])];
  return ids.map((id) => {
    const a = live.get(id);
    const decls = byClient.get(id) ?? [];
    const state: RowState = a?.state ?? "Missing";
    const liveScopes = holdsAccess({ state }) ? sorted(a?.scope ?? []) : [];
    const liveRoles = holdsAccess({ state }) ? sorted(a?.roles ?? []) : [];
    let drift: Drift | null = null;
    if (decls.length > 0) {
      drift = { scopesAdded: [], scopesRemoved: [], rolesAdded: [], rolesRemoved: [], missing: !holdsAccess({ state }) };
      for (const { grant } of decls) {
        if (drift.missing) break;
        const s = setChange(grant.scopes, liveScopes);
        const r = setChange(grant.roleIds, liveRoles);
        drift.scopesAdded.push(...s.added);
        drift.scopesRemoved.push(...s.removed);
        drift.rolesAdded.push(...r.added);
        drift.rolesRemoved.push(...r.removed);
      }
      drift = {
        scopesAdded: sorted(drift.scopesAdded),
        scopesRemoved: sorted(drift.scopesRemoved),
        rolesAdded: sorted(drift.rolesAdded),
        rolesRemoved: sorted(drift.rolesRemoved),
        missing: drift.missing,
      };
    }
    const roles = liveRoles.map(role);
    const permissions = roles.some((r) => r.permissions === null) ? null : roles.reduce((n, r) => n + r.permissions!, 0);
    const base: Omit<Row, "risk" | "riskReasons" | "change"> = {
      org: org.name,
      orgId: org.org?.id ?? null,
      clientId: a ? clientIdOf(a.client.id) : decls[0].grant.clientId,
      clientName: a?.client.name ?? decls[0].grant.name,
      grantType: a?.client.authorizedGrantType ?? null,
      scopes: liveScopes.map((scope) => ({ scope, write: isWriteScope(scope) })),
      roles,
      permissions,
      authorizedBy: a?.createdBy ? (a.createdBy.name ?? a.createdBy.id) : null,
      authorizedAt: a?.dateCreated ?? null,
      modifiedBy: a?.modifiedBy ? (a.modifiedBy.name ?? a.modifiedBy.id) : null,
      modifiedAt: a?.dateModified ?? null,
      state,
      managedBy: decls.map((d) => ({ stack: d.stack, urn: d.grant.urn })).sort((x, y) => (x.stack + x.urn).localeCompare(y.stack + y.urn)),
      drift,
    };
    const { risk, reasons } = riskOf(base);
    return { ...base, risk, riskReasons: reasons };
  });
}

function coverageOf(org: OrgSnapshot): OrgCoverage {
  const listed = org.authorizations?.length ?? null;
  const reported = org.reportedTotal ?? null;
  return {
    name: org.name,
    endpoint: org.endpoint,
    status: org.error === undefined ? "read" : "failed",
    id: org.org?.id ?? null,
    orgName: org.org?.name ?? null,
    readBy: org.readBy ?? null,
    error: org.error ?? null,
    appsListed: listed,
    appsReported: reported,
    countsMatch: listed === null || reported === null ? null : listed === reported,
  };
}

function summaryOf(org: string, rows: Row[]): OrgSummary {
  const mine = rows.filter((r) => r.org === org);
  return {
    org,
    apps: mine.filter(holdsAccess).length,
    writeScopes: mine.filter((r) => holdsAccess(r) && writeScopesOf(r).length > 0).length,
    notInCode: mine.filter(isNotInCode).length,
    drifted: mine.filter(isDrifted).length,
    missing: mine.filter((r) => r.drift?.missing).length,
    high: mine.filter((r) => r.risk === "high").length,
  };
}

/** The report: a pure function of the snapshots (and of the earlier review, with --since). */
export function buildReview(input: ReviewInput): Review {
  const rows: Row[] = [];
  for (const org of input.orgs) {
    if (org.error !== undefined) continue;
    rows.push(
      ...rowsOfOrg(
        org,
        input.stacks.filter((s) => s.org === org.name && s.error === undefined),
      ),
    );
  }
  rows.sort(
    (a, b) =>
      a.org.localeCompare(b.org) ||
      RISK_ORDER[a.risk] - RISK_ORDER[b.risk] ||
      a.clientName.localeCompare(b.clientName) ||
      a.clientId.localeCompare(b.clientId),
  );
  const review: Review = {
    format: REVIEW_FORMAT,
    generatedAt: input.generatedAt,
    tool: input.tool,
    coverage: {
      orgs: input.orgs.map(coverageOf),
      stacks: input.stacks.map((s) => ({
        org: s.org,
        stack: s.stack,
        status: s.error === undefined ? "read" : "failed",
        grants: s.grants?.length ?? null,
        error: s.error ?? null,
      })),
    },
    summary: input.orgs.map((o) => summaryOf(o.name, rows)),
    rows,
  };
  if (input.previous) compareWith(review, input.previous);
  return review;
}

/** Marks each row added, changed or unchanged since `previous`, and lists the rows gone. */
function compareWith(review: Review, previous: Review): void {
  const before = new Map(previous.rows.map((r) => [rowKey(r), r]));
  const now = new Set(review.rows.map(rowKey));
  let added = 0;
  let changed = 0;
  for (const r of review.rows) {
    const p = before.get(rowKey(r));
    r.change = !p ? "added" : fingerprint(p) === fingerprint(r) ? "unchanged" : "changed";
    if (r.change === "added") added++;
    if (r.change === "changed") changed++;
  }
  const failed = review.coverage.orgs.filter((o) => o.status === "failed");
  const notRead = (r: Row) => failed.some((o) => o.name === r.org || (o.id !== null && o.id === r.orgId));
  review.since = {
    previousGeneratedAt: previous.generatedAt,
    added,
    changed,
    removed: previous.rows
      .filter((r) => !now.has(rowKey(r)) && !notRead(r))
      .map((r) => ({ org: r.org, orgId: r.orgId, clientId: r.clientId, clientName: r.clientName })),
    notCompared: failed.map((o) => o.name),
  };
}

/** Rows that ask a reviewer's attention: no code manages them, or they drifted from their code. */
export function findingsOf(review: Review): Row[] {
  return review.rows.filter((r) => isNotInCode(r) || isDrifted(r));
}

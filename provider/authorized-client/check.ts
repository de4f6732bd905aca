import { quoted, terminalText } from "../../common/text";
import { describeErrors, validate } from "../../common/validation";
import { Declarations } from "./declarations";
import { normalizeInputs, normalizeSet, parseAuthorizationUrl } from "./normalize";
import { describeOrg, OrgMismatchError, OrgRef } from "./org";
import { OrgView } from "./org-view";
import { resolveRole } from "./roles";
import { didYouMeanScope } from "./scope-suggest";
import { CheckFailure, CheckedInputs, ExistingGrant, isUnknown, UncheckedGrant, VIEW_ONLY_UNCHECKED } from "./types";
import { CreatePlan, planCreate } from "./plan";
import { modifiedByOf } from "../../genesys/types";
import { ApplyMode } from "./manual";
import { ClientId, maybeClientId } from "./client-id";

const SCHEMA = "authorized-client.schema.json";

/** Placeholders that satisfy the schema, standing in for values unknown during preview. */
const PLACEHOLDER: Record<string, unknown> = {
  clientId: "00000000-0000-0000-0000-000000000000",
  authorizationUrl: "https://login.invalid/oauth/authorize?client_id=00000000-0000-0000-0000-000000000000",
  scopes: ["placeholder"],
  roles: [],
  onExisting: "fail",
};

function withPlaceholders(news: Record<string, unknown>): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(news)) {
    if (k.startsWith("__")) continue; // engine-reserved (__provider)
    if (isUnknown(v)) copy[k] = PLACEHOLDER[k] ?? v;
    else if (Array.isArray(v)) copy[k] = v.map((x) => (isUnknown(x) ? "placeholder" : x));
    else copy[k] = v;
  }
  return copy;
}

/** Schema checks only: no I/O. */
export function structuralFailures(news: Record<string, unknown>): CheckFailure[] {
  const errors = validate(SCHEMA, withPlaceholders(news));
  const failures: CheckFailure[] = [];
  const hasId = news.clientId !== undefined;
  const hasUrl = news.authorizationUrl !== undefined;
  if (hasId === hasUrl) {
    failures.push({
      property: hasId ? "authorizationUrl" : "clientId",
      reason: hasId ? "give either clientId or authorizationUrl, not both" : "is required (or give authorizationUrl)",
    });
  }
  // oneOf (and the `required` inside it) is the clientId/authorizationUrl rule reported above.
  for (const f of describeErrors(errors, (e) => e.keyword === "oneOf" || e.schemaPath.startsWith("#/oneOf"))) {
    if (!failures.some((x) => x.property === f.property && x.reason === f.reason)) failures.push(f);
  }
  return failures;
}

export interface CheckResult {
  inputs?: CheckedInputs;
  failures: CheckFailure[];
  /** For a resource about to be created over a live grant: what create will do with it (no write yet). */
  existing?: ExistingGrant;
  /** What the credentials could not check (view-only): never skipped in silence. */
  unchecked?: UncheckedGrant;
}

export interface CheckContext {
  /** The configured region's domain, to check authorization URLs; undefined when unknown (custom apiUrl). */
  expectedDomain?: string;
  region: string;
  /** The setting that chose the org's address, as the user set it (`GENESYSCLOUD_API_URL`, `genesyscloud:region`, …). */
  originSetting?: string;
  /** The org, for live checks; absent → live checks (and the org check) are skipped. */
  view?: OrgView;
  /** The inputs in state (check's `olds`): the org they record must be the credentials' org. */
  olds?: Record<string, unknown>;
  /** This deployment's declarations, and the resource being checked: one resource per client. */
  declarations?: Declarations;
  resource?: string;
  /** How create will apply a new grant; it decides what happens to a client already authorized. */
  apply?: ApplyMode;
}

/** Schema, then the authorization URL, then the live checks against the org. */
export async function checkAuthorizedClient(news: Record<string, unknown>, ctx: CheckContext): Promise<CheckResult> {
  const failures = structuralFailures(news);
  if (failures.length > 0) return { failures };

  let clientId = news.clientId as string | undefined;
  const url = news.authorizationUrl as string | undefined;
  if (url !== undefined && !isUnknown(url)) {
    const parsed = parseAuthorizationUrl(url);
    if (typeof parsed === "string") return { failures: [{ property: "authorizationUrl", reason: parsed }] };
    if (ctx.expectedDomain && parsed.domain !== ctx.expectedDomain) {
      return {
        failures: [
          {
            property: "authorizationUrl",
            reason: `is for login.${parsed.domain}, but the provider is configured for region ${ctx.region} (login.${ctx.expectedDomain}); authorize the client in the org of that region or change ${ctx.originSetting ?? "the region"}`,
          },
        ],
      };
    }
    clientId = parsed.clientId;
  } else if (url !== undefined) {
    clientId = url; // unknown: the client ID is unknown too
  }

  const inputs = normalizeInputs({
    clientId: clientId!,
    authorizationUrl: url,
    scopes: news.scopes as string[],
    roles: news.roles as string[] | undefined,
    onExisting: news.onExisting as "fail" | "adopt" | undefined,
  });

  // Claimed before the first await, so the order of concurrent checks cannot hide a duplicate.
  const idProperty = url !== undefined ? "authorizationUrl" : "clientId";
  if (ctx.declarations && ctx.resource !== undefined && !isUnknown(inputs.clientId)) {
    const other = ctx.declarations.claim(inputs.clientId, ctx.resource);
    if (other !== undefined) {
      failures.push({
        property: idProperty,
        reason:
          `client ${inputs.clientId} is also declared by the AuthorizedClient ${quoted(other)}; a client can be declared by one resource per stack, ` +
          `or the two would overwrite each other's scopes on every run. Keep one of ${quoted(other)} and ${quoted(ctx.resource)} ` +
          `(to give a grant a new resource name, use \`aliases\`)`,
      });
    }
  }

  if (!ctx.view) return failures.length > 0 ? { failures } : { inputs, failures };
  let org: OrgRef;
  try {
    org = await ctx.view.sameOrgAs(ctx.olds, `client ${inputs.clientId}`);
  } catch (e) {
    // Live checks against another org would only mislead: the org is the one failure.
    if (e instanceof OrgMismatchError) return { failures: [...failures, { property: "", reason: e.message }] };
    throw e;
  }
  inputs.orgId = org.id;
  inputs.orgName = org.name;
  const viewOnly = await ctx.view.readsAuthorizations();
  failures.push(...(await liveFailures(news, inputs, ctx.view, org, ctx.originSetting, viewOnly !== undefined)));
  if (failures.length > 0) return { failures };
  if (viewOnly) return { inputs, failures, unchecked: uncheckedGrant(ctx.resource, inputs) };
  if (!startsManaging(ctx.olds, inputs.clientId) || !isKnown(inputs)) return { inputs, failures };

  // The resource will be created: tell now what create will do with a grant already live.
  const live = await ctx.view.authorization(inputs.clientId);
  if (!live) return { inputs, failures };
  const roles = await ctx.view.declaredRoles(inputs.roles);
  const plan = planCreate(inputs, live, roles, org, ctx.apply ?? { mode: "api" }, await ctx.view.createFacts(live));
  switch (plan.kind) {
    case "authorize":
      return { inputs, failures };
    case "refuse":
      return { failures: [{ property: idProperty, reason: plan.message }] };
    default:
      return { inputs, failures, existing: existingGrant(plan, ctx.resource, inputs, org, ctx.apply?.mode === "manual") };
  }
}

/** True when check's olds hold no grant of `id`: the resource is new, or now declares another client. */
function startsManaging(olds: Record<string, unknown> | undefined, id: ClientId): boolean {
  const raw = olds?.clientId ?? (typeof olds?.authorizationUrl === "string" ? parseAuthorizationUrl(olds.authorizationUrl) : undefined);
  const old = typeof raw === "object" && raw !== null ? (raw as { clientId: string }).clientId : raw;
  return maybeClientId(old) !== id;
}

function isKnown(inputs: CheckedInputs): boolean {
  return ![inputs.clientId, ...inputs.scopes, ...inputs.roles].some(isUnknown);
}

/** What a take-over or an adoption will do, for Pulumi's output (a warning) and the preview's JSON. */
function existingGrant(
  plan: Extract<CreatePlan, { kind: "take-over" | "adopt" }>,
  resource: string | undefined,
  inputs: CheckedInputs,
  org: OrgRef,
  manual: boolean,
): ExistingGrant {
  const live = plan.live;
  const grant: ExistingGrant = {
    action: plan.kind,
    clientName: live.client.name,
    scopes: normalizeSet(live.scope ?? []),
    roleIds: normalizeSet(live.roles ?? []),
    modifiedBy: modifiedByOf(live) ?? "",
    dateModified: live.dateModified ?? "",
    bySelf: plan.kind === "take-over" && plan.bySelf,
    message: "",
  };
  const who = resource !== undefined ? `AuthorizedClient ${quoted(resource)}` : "an AuthorizedClient";
  const client = `client ${quoted(live.client.name)} (${inputs.clientId})`;
  const by = grant.modifiedBy
    ? `last written by ${grant.bySelf ? "these credentials" : quoted(grant.modifiedBy)}${grant.dateModified ? ` on ${terminalText(grant.dateModified)}` : ""}`
    : "";
  const already = `already authorized in the org ${describeOrg(org)}${by ? `, ${by}` : ""}`;
  if (plan.kind === "take-over") {
    grant.message =
      `${who} will take over the grant of ${client}, ${already}: it holds the declared scopes and roles, so there is no write. ` +
      `If another stack or resource manages this grant, both will from now on, and a destroy of either revokes it: declare it in one place only.`;
  } else {
    const changes = [
      ...plan.scopes.added.map((x) => `+scope ${quoted(x)}`),
      ...plan.scopes.removed.map((x) => `-scope ${quoted(x)}`),
      ...plan.roles.added.map((x) => `+role ${quoted(x)}`),
      ...plan.roles.removed.map((x) => `-role ${quoted(x)}`),
    ];
    grant.message =
      `${who} will adopt the grant of ${client}, ${already} (${manual ? "manual apply: an administrator makes the change" : 'onExisting: "adopt"'}): ` +
      (changes.length > 0
        ? `it will change ${changes.join(", ")}.`
        : "its scopes and roles stay as they are (one write of the same values).");
    grant.change = { scopes: plan.scopes, roles: plan.roles };
  }
  return grant;
}

/** What a view-only preview leaves unchecked for one grant, and the warning that says so. */
function uncheckedGrant(resource: string | undefined, inputs: CheckedInputs): UncheckedGrant {
  const who = resource !== undefined ? `AuthorizedClient ${quoted(resource)}` : "an AuthorizedClient";
  const client = isUnknown(inputs.clientId) ? "its client" : `client ${inputs.clientId}`;
  const reason =
    "the credentials are view-only: the org answered 403 to GET /api/v2/oauth/authorizations (it asks for oauth:client:authorize)";
  return {
    checks: [...VIEW_ONLY_UNCHECKED],
    reason,
    message:
      `${who}: not checked for ${client}, as ${reason}: ${VIEW_ONLY_UNCHECKED.join("; ")}. ` +
      "`pulumi up` makes these checks with its own credentials before any write.",
  };
}

async function liveFailures(
  news: Record<string, unknown>,
  inputs: CheckedInputs,
  view: OrgView,
  org: OrgRef,
  originSetting?: string,
  viewOnly = false,
): Promise<CheckFailure[]> {
  const failures: CheckFailure[] = [];
  const rawScopes = isUnknown(news.scopes) ? [] : (news.scopes as string[]);
  const rawRoles = isUnknown(news.roles) ? [] : ((news.roles as string[] | undefined) ?? []);

  const catalogue = await view.scopeCatalogue();
  rawScopes.forEach((s, i) => {
    if (!isUnknown(s) && !catalogue.has(s)) {
      failures.push({
        property: `scopes[${i}]`,
        reason: `${quoted(s)} is not a scope in this org${didYouMeanScope(s, catalogue.keys())}`,
      });
    }
  });

  // A view-only credential cannot read the client's authorization: check says so (uncheckedGrant).
  if (!isUnknown(inputs.clientId) && !viewOnly) {
    const live = await view.authorization(inputs.clientId);
    const idProperty = news.authorizationUrl !== undefined ? "authorizationUrl" : "clientId";
    if (!live) {
      failures.push({
        property: idProperty,
        reason: `no OAuth client "${inputs.clientId}" is visible to the org ${describeOrg(org)}; check the client ID and that the provider points at the right org (chosen by ${originSetting ?? "the region"})`,
      });
    } else {
      const requested = new Set(live.client.scope ?? []);
      rawScopes.forEach((s, i) => {
        if (!isUnknown(s) && catalogue.has(s) && !requested.has(s)) {
          const asks = terminalText([...requested].sort().join(", ")) || "no scopes";
          failures.push({
            property: `scopes[${i}]`,
            reason: `client ${quoted(live.client.name)} did not request ${quoted(s)}${didYouMeanScope(s, requested)} (it requests: ${asks})`,
          });
        }
      });
    }
  }

  if (rawRoles.some((r) => !isUnknown(r))) {
    const roles = await view.roles();
    rawRoles.forEach((r, i) => {
      if (isUnknown(r)) return;
      const res = resolveRole(r, roles);
      if (!res.ok) failures.push({ property: `roles[${i}]`, reason: res.reason });
    });
  }
  return failures;
}

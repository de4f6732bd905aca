import * as fs from "node:fs";
import * as path from "node:path";
import { ADMIN_PERMISSIONS, OrgSeed } from "./model";
import { describeErrors, problemLines, validate } from "../common/validation";
import { UsageError } from "../common/command-line";
import { unreadable } from "../common/files";
import { JsonTextError, parseJsonText } from "../common/json-text";
import { hashSecret } from "./secrets";

export const DEFAULT_SEED_PATH = path.resolve(__dirname, "..", "..", "emulator", "seed", "default.json");

/** A seed (or state file) that is not an org: a usage error of the emulator's command line. */
export class SeedError extends UsageError {}

/** Client and role IDs (UUIDs) match in any letter case, as the vendor's do. */
export const sameId = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Reads and validates a seed file; throws SeedError with every problem found. */
export function loadSeedFile(file: string): OrgSeed {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new SeedError(`cannot read seed ${file}: ${unreadable(e)}; give a seed file (see the emulator's README, "The seed format")`);
  }
  let data: unknown;
  try {
    data = parseJsonText(text, `seed ${file}`);
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    throw new SeedError(e.message);
  }
  return validateSeed(data, file);
}

/** Schema validation, then the cross-references a schema cannot express. */
export function validateSeed(data: unknown, source = "seed"): OrgSeed {
  const shapeErrors = describeErrors(validate("emulator-seed.schema.json", data));
  if (shapeErrors.length > 0) {
    throw new SeedError(`${source} is not a valid emulator seed:\n  ${problemLines(shapeErrors).join("\n  ")}`);
  }
  const seed = data as OrgSeed;
  const problems: string[] = [];
  const scopeIds = new Set(seed.scopes.map((s) => s.id));
  const roleIds = new Set(seed.roles.map((r) => r.id.toLowerCase()));
  const clientIds = new Set<string>();
  const dup = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      // IDs match in any letter case, so two that differ only in case are the same.
      if (seen.has(id.toLowerCase())) problems.push(`duplicate ${kind} "${id}"`);
      seen.add(id.toLowerCase());
    }
  };
  const idLists: [string, string[]][] = [
    ["scope", seed.scopes.map((s) => s.id)],
    ["role id", seed.roles.map((r) => r.id)],
    ["client id", seed.clients.map((c) => c.id)],
    ["authorization for client", seed.authorizations.map((a) => a.clientId)],
  ];
  for (const [kind, ids] of idLists) dup(kind, ids);
  seed.clients.forEach((c, i) => {
    clientIds.add(c.id);
    for (const s of c.scope ?? []) if (!scopeIds.has(s)) problems.push(`/clients/${i}/scope: "${s}" is not in /scopes`);
    for (const r of c.roleIds ?? []) if (!roleIds.has(r.toLowerCase())) problems.push(`/clients/${i}/roleIds: "${r}" is not in /roles`);
    if (c.authorizedGrantType === "CLIENT-CREDENTIALS" && c.owner !== "org") {
      problems.push(`/clients/${i}: only owner "org" clients can use CLIENT-CREDENTIALS`);
    }
    if (c.secret !== undefined && c.secretHash !== undefined) problems.push(`/clients/${i}: give secret or secretHash, not both`);
    if ((c.secret || c.secretHash) && c.authorizedGrantType !== "CLIENT-CREDENTIALS" && c.authorizedGrantType !== "CODE") {
      problems.push(`/clients/${i}/secret: a ${c.authorizedGrantType} client has no secret`);
    }
  });
  seed.authorizations.forEach((a, i) => {
    const client = seed.clients.find((c) => sameId(c.id, a.clientId));
    if (!client) {
      problems.push(`/authorizations/${i}/clientId: "${a.clientId}" is not in /clients`);
      return;
    }
    for (const s of a.scope) {
      if (!scopeIds.has(s)) problems.push(`/authorizations/${i}/scope: "${s}" is not in /scopes`);
      else if (!(client.scope ?? []).includes(s)) problems.push(`/authorizations/${i}/scope: client does not request "${s}"`);
    }
    for (const r of a.roles ?? []) if (!roleIds.has(r.toLowerCase())) problems.push(`/authorizations/${i}/roles: "${r}" is not in /roles`);
  });
  if (problems.length > 0) {
    throw new SeedError(`${source} is not a valid emulator seed:\n  ${problems.join("\n  ")}`);
  }
  return seed;
}

const ENV_ADMIN_ROLE_ID = "00000000-0000-4000-8000-0000000ad001";

/**
 * When GENESYSCLOUD_OAUTHCLIENT_ID/SECRET are set, that pair becomes an org client-credentials
 * client holding the admin permissions, so one environment drives the emulator and the provider.
 */
export function withEnvAdmin(seed: OrgSeed, env: NodeJS.ProcessEnv): OrgSeed {
  const id = env.GENESYSCLOUD_OAUTHCLIENT_ID;
  const secret = env.GENESYSCLOUD_OAUTHCLIENT_SECRET;
  if (!id || !secret) return seed;
  const copy: OrgSeed = structuredClone(seed);
  if (!copy.roles.some((r) => sameId(r.id, ENV_ADMIN_ROLE_ID))) {
    copy.roles.push({ id: ENV_ADMIN_ROLE_ID, name: "Emulator administrator", permissions: [...ADMIN_PERMISSIONS] });
  }
  copy.clients = copy.clients.filter((c) => !sameId(c.id, id));
  copy.clients.push({
    id,
    name: "Administrator (from GENESYSCLOUD_OAUTHCLIENT_ID)",
    owner: "org",
    authorizedGrantType: "CLIENT-CREDENTIALS",
    // Only its hash: the environment's secret is never copied into the org (nor its state file).
    secretHash: hashSecret(secret),
    roleIds: [ENV_ADMIN_ROLE_ID],
  });
  return copy;
}

import { DEFAULT_SEED_PATH, loadSeedFile, OrgSeed } from "../../emulator";

/** A client ID for synthetic client n (a valid UUID, stable across runs). */
export const syntheticClientId = (n: number): string => `5e1ec7ed-0000-4000-8000-${String(n).padStart(12, "0")}`;

export const SYNTHETIC_SCOPES = ["analytics:readonly", "users:readonly", "routing:readonly", "conversations:readonly"];

/** The demo org plus `count` third-party clients requesting SYNTHETIC_SCOPES. */
export function bigOrgSeed(count: number): OrgSeed {
  const seed = loadSeedFile(DEFAULT_SEED_PATH);
  for (let n = 0; n < count; n++) {
    seed.clients.push({
      id: syntheticClientId(n),
      name: `Synthetic app ${String(n).padStart(4, "0")}`,
      owner: "third-party",
      authorizedGrantType: "CODE",
      scope: SYNTHETIC_SCOPES,
    });
  }
  return seed;
}

/** The scopes grant n declares (varied, so re-scopes and drift are visible). */
export const grantScopes = (n: number): string[] => (n % 2 === 0 ? ["analytics:readonly", "users:readonly"] : ["users:readonly"]);

/** A Pulumi program (TypeScript source) declaring grants 0..count-1. */
export function programSource(count: number): string {
  return `import { AuthorizedClient } from "pulumi-genesys-grants";
const ids = ${JSON.stringify(Array.from({ length: count }, (_, n) => syntheticClientId(n)))};
ids.forEach((clientId, n) => new AuthorizedClient("grant-" + n, {
  clientId,
  scopes: n % 2 === 0 ? ["analytics:readonly", "users:readonly"] : ["users:readonly"],
}));
`;
}

/**
 * `seed` as another org for the same emulator (EmulatorOptions.orgs): org ID `n` and `name`, its
 * own org clients given IDs of their own (an org client lives in one org), their secrets kept.
 * Returns the renamed IDs by their old ones.
 */
export function asAnotherOrg(seed: OrgSeed, n: number, name: string): Map<string, string> {
  const hex = n.toString(16).padStart(2, "0");
  seed.organization = { ...seed.organization, id: `${hex}${hex}${hex}${hex}-0000-4000-8000-0000000000${hex}`, name };
  const renamed = new Map<string, string>();
  seed.clients.forEach((c, i) => {
    if (c.owner !== "org") return;
    const id = `${hex}000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
    renamed.set(c.id, id);
    c.id = id;
  });
  for (const a of seed.authorizations) a.clientId = renamed.get(a.clientId) ?? a.clientId;
  return renamed;
}

/** The demo org with `count` synthetic apps, each authorized (for the access review at scale). */
export function authorizedBigOrg(count: number): OrgSeed {
  const seed = bigOrgSeed(count);
  for (let n = 0; n < count; n++) {
    seed.authorizations.push({ clientId: syntheticClientId(n), scope: grantScopes(n), state: "Authorized" });
  }
  return seed;
}

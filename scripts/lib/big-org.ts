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

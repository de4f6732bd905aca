/**
 * What the emulator tells a person who starts it by hand: the settings that point the provider
 * and genesys-grants at it, and the admin-UI stand-in (`genesys-emulator admin …`) that changes a
 * grant as an administrator would, so that `pulumi refresh` has something to find.
 */
import { ADMIN_PERMISSIONS, OrgSeed, SeedClient } from "./model";
import { sameId } from "./seed";
import { secretMatches } from "./secrets";

/** A word the shell reads back as `s`: as it is when plain, else single-quoted. */
export function shellWord(s: string): string {
  return /^[\w.:/@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The permissions an org client holds through its roles. */
function permissionsOf(org: OrgSeed, client: SeedClient): Set<string> {
  const roles = org.roles.filter((r) => (client.roleIds ?? []).some((id) => sameId(id, r.id)));
  return new Set(roles.flatMap((r) => r.permissions ?? []));
}

/**
 * The org's client-credentials clients that can authorize clients, those holding every admin
 * permission first, in seed order: the first is the one to give the provider.
 */
export function adminClients(org: OrgSeed): SeedClient[] {
  const able = org.clients.filter(
    (c) =>
      c.owner === "org" &&
      c.authorizedGrantType === "CLIENT-CREDENTIALS" &&
      (c.secret || c.secretHash) &&
      permissionsOf(org, c).has("oauth:client:authorize"),
  );
  const full = (c: SeedClient) => ADMIN_PERMISSIONS.every((p) => permissionsOf(org, c).has(p));
  return [...able.filter(full), ...able.filter((c) => !full(c))];
}

/**
 * The lines printed after the URL line: ready-to-paste settings for the org's first admin client.
 * A client registered from the environment (GENESYSCLOUD_OAUTHCLIENT_ID/SECRET) is the user's
 * own: its secret is not printed, the environment already holds it.
 */
export function settingsLines(url: string, org: OrgSeed, env: NodeJS.ProcessEnv, seed: OrgSeed = org): string[] {
  const fromEnv = env.GENESYSCLOUD_OAUTHCLIENT_ID && env.GENESYSCLOUD_OAUTHCLIENT_SECRET ? env.GENESYSCLOUD_OAUTHCLIENT_ID : undefined;
  // The org keeps only hashes: the secret to print is the seed's own, where it still opens the org's client.
  const admin = fromEnv
    ? undefined
    : adminClients(org)
        .map((c) => ({
          ...c,
          secret: seed.clients.find((s) => sameId(s.id, c.id) && s.secret && secretMatches(c.secretHash, s.secret))?.secret,
        }))
        .find((c) => c.secret);
  const lines = ["# Point pulumi-genesys-grants and genesys-grants at this org (paste into your shell):"];
  if (fromEnv) {
    lines.push(
      `export GENESYSCLOUD_API_URL=${url}`,
      `# credentials: GENESYSCLOUD_OAUTHCLIENT_ID=${fromEnv} and its secret, from your environment`,
    );
  } else if (admin) {
    lines.push(
      `export GENESYSCLOUD_API_URL=${url} GENESYSCLOUD_OAUTHCLIENT_ID=${shellWord(admin.id)} GENESYSCLOUD_OAUTHCLIENT_SECRET=${shellWord(admin.secret!)}`,
    );
  } else {
    lines.push(
      `export GENESYSCLOUD_API_URL=${url}`,
      "# this seed has no client-credentials client holding oauth:client:authorize: add one to give the provider its credentials",
    );
  }
  // The same settings as a stack's config, for a project that keeps them there.
  lines.push("# Or in your Pulumi project's stack config:", `pulumi config set genesyscloud:apiUrl ${shellWord(url)}`);
  if (admin) {
    lines.push(
      `pulumi config set genesyscloud:oauthclientId ${shellWord(admin.id)}`,
      `pulumi config set --secret genesyscloud:oauthclientSecret ${shellWord(admin.secret!)}`,
    );
  }
  lines.push(`# Act as an administrator in the admin UI: genesys-emulator admin --help`);
  return lines;
}

import { quoted } from "../../common/text";
import { ExpectedError } from "./errors";

/** An org ID as the provider records and compares it: lower case. */
export const orgIdOf = (raw: string): string => raw.trim().toLowerCase();

/** An org as the provider records it: its ID (lower case) and its name. */
export interface OrgRef {
  id: string;
  name: string;
}

/** A pin on the org: `genesyscloud:orgId` or GENESYSCLOUD_ORG_ID, named as the user set it. */
export interface OrgPin {
  id: string;
  /** The setting, in the words of its source: `stack config genesyscloud:orgId` or `GENESYSCLOUD_ORG_ID`. */
  setting: string;
}

/** The credentials belong to another org than the stack's: raised before any write. */
export class OrgMismatchError extends ExpectedError {}

/** The org's name (it comes from the org: quoted, one line) and its ID. */
export const describeOrg = (org: { id: string; name?: string }): string =>
  org.name !== undefined && org.name !== "" ? `${quoted(org.name)} (${org.id})` : `(${org.id})`;

/** How messages name the settings they point to: given by the settings module, in the user's words. */
export interface OrgWords {
  /** The credentials and the org's address, e.g. `GENESYSCLOUD_OAUTHCLIENT_ID and … (chosen by GENESYSCLOUD_API_URL)`. */
  credentials: string;
  accessToken: string;
  applyMode: string;
}

/** Words for a view built without settings (tests, tools): no setting is named. */
export const GENERIC_WORDS: OrgWords = {
  credentials: "the credentials settings and the org's region",
  accessToken: "the access-token setting",
  applyMode: "the apply-mode setting",
};

/** Two orgs, each named once in full, then by name alone (by ID when the names are the same). */
function shortNames(a: { id: string; name?: string }, b: { id: string; name?: string }): [string, string] {
  const distinct = a.name && b.name && a.name !== b.name;
  return distinct ? [quoted(a.name!), quoted(b.name!)] : [a.id, b.id];
}

/** The one check of a pin: the error when the credentials' org is not the pinned one, else undefined. */
export function checkPin(current: OrgRef, pin: OrgPin, words: OrgWords = GENERIC_WORDS): OrgMismatchError | undefined {
  return pin.id === orgIdOf(current.id) ? undefined : pinMismatch(current, pin, words);
}

export function pinMismatch(current: OrgRef, pin: OrgPin, words: OrgWords = GENERIC_WORDS): OrgMismatchError {
  return new OrgMismatchError(
    `the credentials in use belong to the org ${describeOrg(current)}, but ${pin.setting} pins this stack to the org ${pin.id}; nothing was changed. ` +
      `Use the credentials of the org ${pin.id} (${words.credentials}), or change ${pin.setting} if this stack is meant to move to the org ${current.id}.`,
  );
}

/** `what`: the grant, as "client <id>". */
export function recordedMismatch(
  recorded: { id: string; name?: string },
  current: OrgRef,
  what: string,
  words: OrgWords = GENERIC_WORDS,
): OrgMismatchError {
  const [a, b] = shortNames(recorded, current);
  return new OrgMismatchError(
    `this stack's grant of ${what} lives in the org ${describeOrg(recorded)}, but the credentials in use belong to the org ${describeOrg(current)}; nothing was changed. ` +
      `If the credentials are wrong, set those of ${a}: ${words.credentials}. ` +
      `To move this stack to ${b} on purpose, first revoke its grants in ${a} (\`pulumi destroy\` with the credentials of ${a}) ` +
      `or stop managing them without revoking (\`pulumi state delete <urn>\`).`,
  );
}

/** The org that props record, if any (the props of an import, or a hand-edited state, record none). */
export function recordedOrg(props: { orgId?: unknown; orgName?: unknown } | undefined): { id: string; name?: string } | undefined {
  if (!props || typeof props.orgId !== "string" || props.orgId === "") return undefined;
  return { id: orgIdOf(props.orgId), name: typeof props.orgName === "string" ? props.orgName : undefined };
}

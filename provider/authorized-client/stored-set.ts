import { asciiLiteral, terminalText } from "../../common/text";
import { CheckedInputs, EXISTING_GRANT, isUnknown, UNCHECKED, UNKNOWN } from "./types";

/**
 * How the checked inputs the engine stores hold scopes and roles: an object whose keys are the
 * members, each set to `true` (`{"routing:readonly": true, "users:readonly": true}`).
 *
 * Pulumi's Node.js dynamic-provider host passes no detailed diff to the engine, so the CLI's
 * `preview --diff`, `--json` and every PR comment built on them compare the stored inputs
 * property by property: arrays position by position, objects key by key. Keyed by member, an
 * added scope is an added key (`+`), a removed one a removed key (`-`), a swap one of each, and
 * unchanged members stay unmarked; as an array, a swap would read as renames (`[0]: a => b`).
 *
 * Programs declare arrays and outputs are sorted arrays; both shapes are read alike: see
 * `setMembers`.
 *
 * Pulumi prints a string value quoted and escaped, but an object's key as it is. A member that
 * would not print as inert text (a control, line-break or bidirectional character, half a
 * surrogate pair, Pulumi's colour markup `<{%`, or a leading `__`, which Pulumi hides) is keyed
 * by its ASCII string literal instead (`"\u001b[31mAdmins"`), and read back from it. Role names
 * come from the org.
 */
export type StoredSet = Record<string, true>;

/** Half of a UTF-16 pair alone: it cannot cross the wire as UTF-8, so it goes as an escape. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The key of a member: itself when it prints as inert text, else its ASCII literal (quoted). */
export function storedKey(member: string): string {
  const inert =
    terminalText(member) === member &&
    !LONE_SURROGATE.test(member) &&
    !member.includes("<{%") &&
    !member.startsWith("__") &&
    !member.startsWith('"');
  return inert ? member : asciiLiteral(member);
}

/** The member a key stands for (a quoted key is an ASCII literal: JSON). */
function memberOf(key: string): string {
  if (!key.startsWith('"')) return key;
  try {
    const v: unknown = JSON.parse(key);
    return typeof v === "string" ? v : key;
  } catch {
    return key;
  }
}

/**
 * The members of a set as either shape holds it, sorted: an array of strings (programs, outputs)
 * or a stored set. Undefined for anything else, including the unknown marker.
 */
export function setMembers(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.every((v) => typeof v === "string") ? [...new Set(value as string[])].sort() : undefined;
  if (isStoredSet(value)) return [...new Set(Object.keys(value).map(memberOf))].sort();
  return undefined;
}

/** A plain object whose every value is `true`: the stored shape. */
export function isStoredSet(value: unknown): value is StoredSet {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.values(value).every((v) => v === true);
}

/**
 * The stored shape of a normalized set. A set with an unknown member (preview, a value from
 * another resource) is unknown as a whole: its members cannot all be keys yet.
 */
export function toStoredSet(members: readonly string[] | string): StoredSet | typeof UNKNOWN {
  if (isUnknown(members) || typeof members === "string" || members.some(isUnknown)) return UNKNOWN;
  // fromEntries defines own properties, so a member named like an Object.prototype key
  // ("__proto__", "constructor") is a key like any other.
  return Object.fromEntries(members.map((m) => [storedKey(m), true] as const)) as StoredSet;
}

/** A set as the provider's methods use it: sorted members, or the unknown marker as given. */
export function fromStoredSet(value: unknown): string[] {
  if (isUnknown(value)) return value as unknown as string[];
  return setMembers(value) ?? [];
}

/** Checked inputs as the engine stores them: scopes and roles as stored sets. */
export type StoredInputs = Omit<CheckedInputs, "scopes" | "roles"> & {
  scopes: StoredSet | typeof UNKNOWN;
  roles: StoredSet | typeof UNKNOWN;
};

export function toStoredInputs(inputs: CheckedInputs): StoredInputs {
  return { ...inputs, scopes: toStoredSet(inputs.scopes), roles: toStoredSet(inputs.roles) };
}

/** Stored inputs (sets as objects, or arrays where a program's value stands in) as checked inputs. */
export function fromStoredInputs(stored: StoredInputs | CheckedInputs): CheckedInputs {
  // What check found live before a create (EXISTING_GRANT), or could not check (UNCHECKED), is for the preview, not for the outputs.
  const { [EXISTING_GRANT]: _existing, [UNCHECKED]: _unchecked, ...rest } = stored as unknown as CheckedInputs & Record<string, unknown>;
  return { ...rest, scopes: fromStoredSet(stored.scopes), roles: fromStoredSet(stored.roles ?? []) };
}

/**
 * A program's inputs with any stored set turned back into its array. The engine hands check the
 * stored value of a property the program's `ignoreChanges` names, in place of the program's.
 */
export function withSetsAsArrays(news: Record<string, unknown>): Record<string, unknown> {
  const out = { ...news };
  for (const key of ["scopes", "roles"]) if (isStoredSet(out[key])) out[key] = setMembers(out[key]);
  return out;
}

/** How a set changes from `before` to `after`: members added, removed and kept, each sorted. */
export interface SetChange {
  added: string[];
  removed: string[];
  kept: string[];
}

export function setChange(before: readonly string[], after: readonly string[]): SetChange {
  const b = new Set(before);
  const a = new Set(after);
  return {
    added: [...a].filter((x) => !b.has(x)).sort(),
    removed: [...b].filter((x) => !a.has(x)).sort(),
    kept: [...a].filter((x) => b.has(x)).sort(),
  };
}

/** Whether two sets hold the same members (order and repeats aside). */
export function sameMembers(a: readonly string[], b: readonly string[]): boolean {
  const { added, removed } = setChange(a, b);
  return added.length === 0 && removed.length === 0;
}

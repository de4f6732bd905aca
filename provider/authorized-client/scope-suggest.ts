import { closest, editDistance } from "../../common/suggest";
import { isWriteScope } from "./types";
import { quoted } from "../../common/text";

/**
 * Suggestions for a scope the org or the client does not have. A suggestion never offers more
 * access than the user asked for: a word that reads as read-only (read, ro, view, get, list,
 * readonly, in any case, after a `:`, `.`, `_`, `-` or space, or a slip of `readonly`) is answered
 * with `:readonly` scopes only; a write scope is offered only for a word with no read-only
 * intent, and is marked "(write scope)". Pure: no I/O.
 */

/**
 * The read words, each needed: a plural or a slip of a word of four letters or more (`reads`,
 * `veiw`) is caught by slipOfReadWord, and `readonly` and its slips by their distance to it.
 * `gets` is listed as `get` is too short for a slip.
 */
const READ_WORDS = new Set(["read", "ro", "view", "viewer", "viewonly", "get", "gets", "list"]);

/** Whether `word` asks for read-only access. */
export function readsAsReadOnly(word: string): boolean {
  const w = word.toLowerCase();
  // Written without a separator before it: `usersreadonly`, `usersread-only`, `usersreadonli`.
  if (/(read-only|readonl\w*)$/.test(w)) return true;
  const tokens = w.split(/[:._\s-]/).filter(Boolean);
  // The first token is the scope's domain (`list` is not a read word in `list-management`).
  return tokens.slice(1).some((t) => READ_WORDS.has(t) || editDistance(t, "readonly") <= 2 || slipOfReadWord(t));
}

/** A slip of a read word of four letters or more: one letter off (`reed`), or its letters swapped (`veiw`). */
function slipOfReadWord(t: string): boolean {
  const sorted = (x: string) => String([...x].sort());
  return [...READ_WORDS].some((r) => r.length >= 4 && (editDistance(t, r) <= 1 || sorted(t) === sorted(r)));
}

/** The domain a scope word names: what comes before its first separator. */
const domainOf = (word: string) => word.toLowerCase().split(/[:._\s]/)[0];

/** Up to `max` scopes close to `word`, never one with more access than `word` asks for. */
export function scopeSuggestions(word: string, candidates: Iterable<string>, max = 3): string[] {
  const all = [...candidates];
  if (!readsAsReadOnly(word)) return closest(word, all, max, { first: (c) => !isWriteScope(c) });
  const readOnly = all.filter((c) => !isWriteScope(c));
  // `analytics:view` means `analytics:readonly`: the domain's read-only scope first, then typos of it.
  const exact = readOnly.find((c) => c.toLowerCase() === `${domainOf(word)}:readonly`);
  if (exact) return [exact];
  const byDomain = closest(`${domainOf(word)}:readonly`, readOnly, max);
  return [...new Set([...byDomain, ...closest(word, readOnly, max)])].slice(0, max);
}

/** ` — did you mean "a" or "b" (write scope)?`, or "" when nothing is close. */
export function didYouMeanScope(word: string, candidates: Iterable<string>): string {
  const near = scopeSuggestions(word, candidates);
  if (near.length === 0) return "";
  return ` — did you mean ${near.map((c) => `${quoted(c)}${isWriteScope(c) ? " (write scope)" : ""}`).join(" or ")}?`;
}

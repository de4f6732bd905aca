import { quoted } from "./text";

/** Edit distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/** How suggestions rank and read. */
export interface SuggestOptions {
  /** Candidates that come before all others when offered (read-only scopes: a suggestion never widens access). */
  first?: (candidate: string) => boolean;
  /** What a candidate is compared by (its visible text, for names from the org); the candidate itself by default. */
  key?: (candidate: string) => string;
}

/**
 * Up to three candidates close to `word`, best first: a typo, a case slip, a missing or cut-short
 * suffix (`analytics:read` for `analytics:readonly`), or the parent or child of a `:`-separated
 * name. Candidates that `first` prefers come before the others.
 */
export function closest(word: string, candidates: Iterable<string>, max = 3, options: SuggestOptions = {}): string[] {
  const limit = Math.max(2, Math.floor(word.length / 4));
  const w = word.toLowerCase();
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const k = options.key ? options.key(c) : c;
    const d = editDistance(word, k);
    const lc = k.toLowerCase();
    // `w` is `lc` cut short after a `:` (analytics:read → analytics:readonly), or its parent or child.
    const related = lc.startsWith(w + ":") || w.startsWith(lc + ":") || (w.includes(":") && lc.startsWith(w));
    if (d <= limit || related) scored.push([c, related ? Math.min(d, 1) : d]);
  }
  const rank = (c: string) => (options.first?.(c) ? 0 : 1);
  return scored
    .sort((x, y) => rank(x[0]) - rank(y[0]) || x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, max)
    .map(([c]) => c);
}

export function didYouMean(word: string, candidates: Iterable<string>, options: SuggestOptions = {}): string {
  const near = closest(word, candidates, 3, options);
  if (near.length === 0) return "";
  return ` — did you mean ${near.map((c) => quoted(c)).join(" or ")}?`;
}

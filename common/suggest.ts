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

/** Up to three candidates close to `word` (a typo, a missing `:readonly`, a case slip), best first. */
export function closest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const limit = Math.max(2, Math.floor(word.length / 4));
  const scored: Array<[string, number]> = [];
  for (const c of candidates) {
    const d = editDistance(word, c);
    const related = c.toLowerCase().startsWith(word.toLowerCase() + ":") || word.toLowerCase().startsWith(c.toLowerCase() + ":");
    if (d <= limit || related) scored.push([c, related ? Math.min(d, 1) : d]);
  }
  return scored
    .sort((x, y) => x[1] - y[1] || x[0].localeCompare(y[0]))
    .slice(0, max)
    .map(([c]) => c);
}

export function didYouMean(word: string, candidates: Iterable<string>): string {
  const near = closest(word, candidates);
  if (near.length === 0) return "";
  return ` — did you mean ${near.map((c) => `"${c}"`).join(" or ")}?`;
}

import * as assert from "node:assert/strict";
import fc from "fast-check";
import { didYouMean, closest } from "../../../common/suggest";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../../emulator";
import { SCOPE_SUGGESTIONS } from "../../../provider/authorized-client/check";
import { isWriteScope } from "../../../provider/state";

const CATALOGUE = loadSeedFile(DEFAULT_SEED_PATH).scopes.map((s) => s.id);
const READ_ONLY = CATALOGUE.filter((s) => !isWriteScope(s));

/** The usual typos of a scope: a cut-short or misspelt suffix, a dropped, doubled, swapped or changed letter, a case slip. */
const typoOf = (scope: string): fc.Arbitrary<string> => {
  const base = scope.replace(/:readonly$/, "");
  const at = fc.nat(scope.length - 1);
  return fc.oneof(
    fc.constantFrom(`${base}:read`, `${base}:readonli`, `${base}:read-only`, `${base}:readOnly`, `${base}:readonl`, scope.toUpperCase()),
    at.map((i) => scope.slice(0, i) + scope.slice(i + 1)),
    at.map((i) => scope.slice(0, i) + scope[i] + scope.slice(i)),
    at.map((i) => (i + 1 < scope.length ? scope.slice(0, i) + scope[i + 1] + scope[i] + scope.slice(i + 2) : scope.slice(0, -1))),
    fc.tuple(at, fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz")).map(([i, ch]) => scope.slice(0, i) + ch + scope.slice(i + 1)),
  );
};

describe("scope suggestions never widen access", () => {
  it("for a typo of a read-only scope, the first suggestion is read-only, across the whole catalogue", () => {
    assert.ok(READ_ONLY.length > 50, `${READ_ONLY.length} read-only scopes in the catalogue`);
    fc.assert(
      fc.property(
        fc.constantFrom(...READ_ONLY).chain((scope) => fc.tuple(fc.constant(scope), typoOf(scope))),
        ([scope, typo]) => {
          fc.pre(!CATALOGUE.includes(typo));
          const offered = closest(typo, CATALOGUE, 3, SCOPE_SUGGESTIONS);
          assert.ok(offered.length > 0, `no suggestion for ${typo} (a typo of ${scope})`);
          assert.ok(
            !isWriteScope(offered[0]),
            `${typo} (a typo of ${scope}): first suggestion ${offered[0]} is a write scope (${offered.join(", ")})`,
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('offers analytics:readonly first for "analytics:read", and marks a write scope offered as one', () => {
    assert.equal(
      didYouMean("analytics:read", CATALOGUE, SCOPE_SUGGESTIONS),
      ' — did you mean "analytics:readonly" or "analytics" (a write scope)?',
    );
    // A typo of a write scope still finds it, marked.
    assert.equal(didYouMean("analytcs", CATALOGUE, SCOPE_SUGGESTIONS), ' — did you mean "analytics" (a write scope)?');
  });

  it("every write scope offered is marked, and no read-only one is", () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATALOGUE).chain(typoOf), (typo) => {
        const text = didYouMean(typo, CATALOGUE, SCOPE_SUGGESTIONS);
        for (const m of text.matchAll(/"([^"]+)"( \(a write scope\))?/g))
          assert.equal(m[2] !== undefined, isWriteScope(m[1]), `${m[1]} in ${text}`);
      }),
    );
  });
});

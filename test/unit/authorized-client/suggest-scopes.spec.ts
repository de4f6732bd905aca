import * as assert from "node:assert/strict";
import fc from "fast-check";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../../emulator";
import { didYouMeanScope, readsAsReadOnly, scopeSuggestions } from "../../../provider/authorized-client/scope-suggest";
import { isWriteScope } from "../../../provider/state";
import { TYPOS } from "../../support/scope-typos";

const CATALOGUE = loadSeedFile(DEFAULT_SEED_PATH).scopes.map((s) => s.id);
const READ_ONLY = CATALOGUE.filter((s) => !isWriteScope(s));
const DOMAINS = READ_ONLY.map((s) => s.replace(/:readonly$/, ""));

/** Ways to say "read-only" after a scope's domain. */
const READ_SUFFIXES = [
  ":read",
  ":ro",
  ":view",
  ":get",
  ":list",
  ":readonly",
  ":READ",
  ":Ro",
  ":View",
  ":GET",
  ":List",
  ":ReadOnly",
  ":readonli",
  ":read-only",
  ".read",
  "_view",
];

/** The usual typos of a scope: a dropped, doubled, swapped or changed letter, a case slip. */
const typoOf = (scope: string): fc.Arbitrary<string> => {
  const at = fc.nat(scope.length - 1);
  return fc.oneof(
    fc.constant(scope.toUpperCase()),
    at.map((i) => scope.slice(0, i) + scope.slice(i + 1)),
    at.map((i) => scope.slice(0, i) + scope[i] + scope.slice(i)),
    at.map((i) => (i + 1 < scope.length ? scope.slice(0, i) + scope[i + 1] + scope[i] + scope.slice(i + 2) : scope.slice(0, -1))),
    fc.tuple(at, fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz")).map(([i, ch]) => scope.slice(0, i) + ch + scope.slice(i + 1)),
  );
};

describe("scope suggestions never offer more access than asked for", () => {
  it(`a table of ${TYPOS.length} typos of real scope names, each with its exact suggestion`, () => {
    assert.ok(TYPOS.length >= 30);
    for (const [typo, expected] of TYPOS) {
      assert.ok(!CATALOGUE.includes(typo), `${typo} is a real scope`);
      assert.equal(didYouMeanScope(typo, CATALOGUE), expected, typo);
    }
  });

  it("a word that reads as read-only (read, ro, view, get, list, readonly, any case) is never offered a write scope, across the catalogue", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...DOMAINS).chain((d) => fc.constantFrom(...READ_SUFFIXES).map((s) => d + s)),
        (word) => {
          fc.pre(!CATALOGUE.includes(word));
          assert.ok(readsAsReadOnly(word), word);
          const offered = scopeSuggestions(word, CATALOGUE);
          assert.ok(offered.length > 0, `no suggestion for ${word}`);
          assert.deepEqual(offered.filter(isWriteScope), [], `${word}: ${offered.join(", ")}`);
          assert.equal(offered[0], `${word.toLowerCase().split(/[:._]/)[0]}:readonly`, word);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a typo of a read-only scope is offered read-only scopes first, and never a write scope when it still reads as read-only", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...READ_ONLY).chain((scope) => fc.tuple(fc.constant(scope), typoOf(scope))),
        ([scope, typo]) => {
          fc.pre(!CATALOGUE.includes(typo));
          const offered = scopeSuggestions(typo, CATALOGUE);
          assert.ok(offered.length > 0, `no suggestion for ${typo} (a typo of ${scope})`);
          assert.ok(!isWriteScope(offered[0]), `${typo} (a typo of ${scope}): ${offered.join(", ")}`);
          if (readsAsReadOnly(typo)) assert.deepEqual(offered.filter(isWriteScope), [], `${typo}: ${offered.join(", ")}`);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('every write scope offered is marked "(write scope)", and no read-only one is', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CATALOGUE).chain(typoOf), (typo) => {
        const text = didYouMeanScope(typo, CATALOGUE);
        for (const m of text.matchAll(/"([^"]+)"( \(write scope\))?/g))
          assert.equal(m[2] !== undefined, isWriteScope(m[1]), `${m[1]} in ${text}`);
      }),
    );
  });

  it("a scope's domain that happens to be a read word is not read-only intent (list-management is no list)", () => {
    assert.equal(readsAsReadOnly("list-management"), false);
    assert.equal(readsAsReadOnly("view"), false);
  });
});

describe("which words read as read-only, word by word", () => {
  const readOnly: string[] = [
    // each read word after a domain, in any case and after any separator
    ...["read", "ro", "view", "viewer", "viewonly", "get", "gets", "list", "readonly"].map((w) => `users:${w}`),
    "users.READ",
    "users_view",
    "users-list",
    "users view",
    // plurals and slips of read words of four letters or more, and of readonly
    "users:reads",
    "users:views",
    "users:viewers",
    "users:lists",
    "users:reed",
    "users:veiw",
    "users:lsit",
    "users:readon",
    "users:raedonly",
    "users:read-only",
    // a read word written without a separator before it
    "usersreadonly",
    "usersread-only",
    "usersreadonli",
    "usersreadonlyy",
  ];
  const notReadOnly: string[] = [
    "users",
    "users:edit",
    "users:set",
    "users:rx",
    "users:id",
    "users:write",
    "readonlyreports:edit",
    "readonly:write",
    "view",
    "list-management",
    " list-management:edit",
    ":list",
    "usersread",
  ];
  for (const w of readOnly) it(`${JSON.stringify(w)} reads as read-only`, () => assert.equal(readsAsReadOnly(w), true));
  for (const w of notReadOnly) it(`${JSON.stringify(w)} does not`, () => assert.equal(readsAsReadOnly(w), false));
});

describe("what is offered, exactly", () => {
  const catalogue = ["users", "users:readonly", "routing", "routing:readonly", "analytics:readonly"];

  it("a word without read-only intent: read-only scopes ranked first, then write scopes marked as such", () => {
    assert.equal(readsAsReadOnly("users:r"), false);
    assert.deepEqual(scopeSuggestions("users:r", catalogue), ["users:readonly", "users"]);
    assert.equal(didYouMeanScope("users:r", catalogue), ' — did you mean "users:readonly" or "users" (write scope)?');
    assert.equal(didYouMeanScope("routng", ["routing"]), ' — did you mean "routing" (write scope)?');
  });

  it("a read-only word: the domain's read-only scope alone when it exists, else read-only scopes close to it, at most max", () => {
    assert.deepEqual(scopeSuggestions("Users:View", catalogue), ["users:readonly"]);
    const many = ["userx:readonly", "usery:readonly", "userz:readonly", "usera:readonly", "users"];
    assert.deepEqual(scopeSuggestions("users:view", many), ["usera:readonly", "userx:readonly", "usery:readonly"]);
    assert.deepEqual(scopeSuggestions("users:view", many, 2), ["usera:readonly", "userx:readonly"]);
    assert.deepEqual(scopeSuggestions("users:view", ["users"]), []);
    // close to the domain's read-only scope, then close to the word itself (a child of it), together at most max
    const both = ["usera:readonly", "userb:readonly", "users:view:readonly"];
    assert.deepEqual(scopeSuggestions("users:view", both), ["usera:readonly", "userb:readonly", "users:view:readonly"]);
    assert.deepEqual(scopeSuggestions("users:view", both, 2), ["usera:readonly", "userb:readonly"]);
  });

  it("nothing close: no suggestion, and no text", () => {
    assert.deepEqual(scopeSuggestions("zzzzzzzzzz", catalogue), []);
    assert.equal(didYouMeanScope("zzzzzzzzzz", catalogue), "");
  });
});

import * as assert from "node:assert/strict";
import fc from "fast-check";
import { describeErrors, validate } from "../../../common/validation";
import { buildReview, findingsOf, Review, ReviewInput, Row } from "../../../review/model";
import { AT, declared, idOf, live, orgSnapshot, reviewOf, ROLES, TOOL } from "./fixtures";

const rowOf = (review: Review, i: number): Row => {
  const r = review.rows.find((x) => x.clientId === idOf(i));
  assert.ok(r, `a row for app ${i}`);
  return r;
};

const assertValid = (review: Review) => assert.deepEqual(describeErrors(validate("review.schema.json", review)), []);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    Object.freeze(o);
    for (const v of Object.values(o)) deepFreeze(v);
  }
  return o;
}

describe("the access review's model", () => {
  it("one row per app: managed as declared, granted by hand, drifted, and declared but missing", () => {
    const review = reviewOf(
      [
        live(1, { scopes: ["users:readonly"] }),
        live(2, { scopes: ["users:readonly", "analytics"] }),
        live(3, { scopes: ["users:readonly", "routing"], roles: [ROLES[0].id] }),
        live(5, { state: "Revoked", scopes: [] }),
      ],
      [declared(1), declared(3, { scopes: ["users:readonly"], roleIds: [] }), declared(4), declared(5)],
    );
    assertValid(review);
    assert.equal(review.rows.length, 5);
    const managed = rowOf(review, 1);
    assert.deepEqual(managed.managedBy, [{ stack: "grants (prod)", urn: declared(1).urn }]);
    assert.deepEqual(managed.drift, { scopesAdded: [], scopesRemoved: [], rolesAdded: [], rolesRemoved: [], missing: false });
    assert.equal(managed.risk, "low");

    const byHand = rowOf(review, 2);
    assert.deepEqual(byHand.managedBy, []);
    assert.equal(byHand.drift, null);
    assert.deepEqual(byHand.scopes, [
      { scope: "analytics", write: true },
      { scope: "users:readonly", write: false },
    ]);
    assert.equal(byHand.risk, "high");
    assert.equal(byHand.authorizedBy, "Ada Admin");
    assert.equal(byHand.modifiedBy, "Bob Admin");

    const drifted = rowOf(review, 3);
    assert.deepEqual(drifted.drift, {
      scopesAdded: ["routing"],
      scopesRemoved: [],
      rolesAdded: [ROLES[0].id],
      rolesRemoved: [],
      missing: false,
    });
    assert.equal(drifted.risk, "high", "a write scope granted beyond the code");
    assert.deepEqual(drifted.roles, [{ id: ROLES[0].id, name: "Reporting", permissions: 2 }]);
    assert.equal(drifted.permissions, 2);

    const missing = rowOf(review, 4);
    assert.equal(missing.state, "Missing");
    assert.equal(missing.drift?.missing, true);
    assert.equal(missing.risk, "medium");
    const revoked = rowOf(review, 5);
    assert.equal(revoked.state, "Revoked");
    assert.equal(revoked.drift?.missing, true);

    assert.deepEqual(review.summary, [{ org: "a", apps: 3, writeScopes: 2, notInCode: 1, drifted: 3, missing: 2, high: 2 }]);
    assert.deepEqual(
      findingsOf(review)
        .map((r) => r.clientId)
        .sort(),
      [idOf(2), idOf(3), idOf(4), idOf(5)],
    );
  });

  it("ranks risk as docs/reviewing.md defines it", () => {
    const cases: [string, Parameters<typeof live>[1], ReturnType<typeof declared> | undefined, string][] = [
      ["not in code, write scope", { scopes: ["users"] }, undefined, "high"],
      ["not in code, read-only, roles with permissions", { roles: [ROLES[0].id] }, undefined, "high"],
      ["not in code, read-only, roles without permissions", { roles: [ROLES[1].id] }, undefined, "medium"],
      ["not in code, read-only", {}, undefined, "medium"],
      ["not in code, revoked", { state: "Revoked", scopes: [] }, undefined, "low"],
      ["in code, read-only, as declared", {}, declared(7), "low"],
      ["in code, write scope, as declared", { scopes: ["users"] }, declared(7, { scopes: ["users"] }), "medium"],
      ["in code, read-only scope removed by hand", { scopes: [] }, declared(7), "medium"],
      ["in code, write scope added by hand", { scopes: ["users", "users:readonly"] }, declared(7), "high"],
    ];
    for (const [what, liveOptions, decl, risk] of cases) {
      const row = rowOf(reviewOf([live(7, liveOptions)], decl ? [decl] : []), 7);
      assert.equal(row.risk, risk, `${what}: ${row.riskReasons.join("; ")}`);
      assert.ok(row.riskReasons.length > 0);
    }
  });

  it("counts no permission where the roles could not be read", () => {
    const review = buildReview({
      generatedAt: AT,
      tool: TOOL,
      orgs: [orgSnapshot([live(1, { roles: [ROLES[0].id] })], { roles: undefined })],
      stacks: [],
    });
    assert.deepEqual(rowOf(review, 1).roles, [{ id: ROLES[0].id, name: null, permissions: null }]);
    assert.equal(rowOf(review, 1).permissions, null);
    assert.equal(rowOf(review, 1).risk, "medium", "unknown permissions do not rank as none known");
  });

  it("checks the apps listed against the count the API reported", () => {
    const input = (reportedTotal: number): ReviewInput => ({
      generatedAt: AT,
      tool: TOOL,
      orgs: [orgSnapshot([live(1), live(2)], { reportedTotal })],
      stacks: [],
    });
    assert.deepEqual(
      [2, 3].map((n) => buildReview(input(n)).coverage.orgs[0]).map((c) => [c.appsListed, c.appsReported, c.countsMatch]),
      [
        [2, 2, true],
        [2, 3, false],
      ],
    );
  });

  it("reports an org or a stack that could not be read, and drops neither", () => {
    const review = buildReview({
      generatedAt: AT,
      tool: TOOL,
      orgs: [orgSnapshot([live(1)]), { name: "b", endpoint: "https://b.example", error: "401 bad credentials" }],
      stacks: [
        { org: "a", stack: "one", grants: [declared(1)] },
        { org: "a", stack: "two", error: "no such stack" },
      ],
    });
    assertValid(review);
    assert.deepEqual(
      review.coverage.orgs.map((o) => [o.name, o.status, o.error]),
      [
        ["a", "read", null],
        ["b", "failed", "401 bad credentials"],
      ],
    );
    assert.deepEqual(
      review.coverage.stacks.map((s) => [s.stack, s.status, s.grants]),
      [
        ["one", "read", 1],
        ["two", "failed", null],
      ],
    );
    assert.deepEqual(review.summary[1], { org: "b", apps: 0, writeScopes: 0, notInCode: 0, drifted: 0, missing: 0, high: 0 });
  });

  it("marks a second review against the first: added, changed, unchanged, removed; a failed org's rows are not called removed", () => {
    const first = reviewOf([live(1), live(2), live(3)], [declared(1)]);
    const second = reviewOf([live(1), live(2, { scopes: ["users"] }), live(4)], [declared(1)], { previous: first });
    assertValid(second);
    assert.deepEqual(
      second.rows.map((r) => [r.clientId, r.change]).sort(),
      [
        [idOf(1), "unchanged"],
        [idOf(2), "changed"],
        [idOf(4), "added"],
      ].sort(),
    );
    assert.deepEqual(
      second.since?.removed.map((r) => r.clientId),
      [idOf(3)],
    );
    assert.equal(second.since?.added, 1);
    assert.equal(second.since?.changed, 1);

    const failedNow = buildReview({
      generatedAt: AT,
      tool: TOOL,
      orgs: [{ name: "a", endpoint: "https://api.example", error: "timeout" }],
      stacks: [],
      previous: first,
    });
    assert.deepEqual(failedNow.since?.removed, []);
    assert.deepEqual(failedNow.since?.notCompared, ["a"]);
  });

  it("is a pure function of its input: the same snapshots give the same report, and nothing given is changed", () => {
    const app = fc.record({
      i: fc.integer({ min: 1, max: 12 }),
      scopes: fc.subarray(["users", "users:readonly", "analytics:readonly", "routing"]),
      roles: fc.subarray(ROLES.map((r) => r.id)),
      state: fc.constantFrom("Authorized" as const, "Revoked" as const),
    });
    const decl = fc.record({ i: fc.integer({ min: 1, max: 12 }), scopes: fc.subarray(["users", "users:readonly"]) });
    fc.assert(
      fc.property(fc.array(app, { maxLength: 10 }), fc.array(decl, { maxLength: 6 }), (apps, decls) => {
        const unique = [...new Map(apps.map((a) => [a.i, a])).values()];
        const input: ReviewInput = deepFreeze({
          generatedAt: AT,
          tool: TOOL,
          orgs: [orgSnapshot(unique.map((a) => live(a.i, a)))],
          stacks: [{ org: "a", stack: "s", grants: decls.map((d) => declared(d.i, d)) }],
        });
        const a = buildReview(input);
        assert.deepEqual(buildReview(input), a);
        assertValid(a);
        // Every app live or declared has exactly one row.
        const ids = new Set([...unique.map((x) => idOf(x.i)), ...decls.map((d) => idOf(d.i))]);
        assert.equal(a.rows.length, ids.size);
        for (const r of a.rows) {
          if (r.managedBy.length === 0 && r.state === "Authorized" && r.scopes.some((s) => s.write)) assert.equal(r.risk, "high");
        }
      }),
      { numRuns: 300 },
    );
  });
});

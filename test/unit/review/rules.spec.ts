import * as assert from "node:assert/strict";
import type { OAuthAuthorization } from "../../../genesys/types";
import { clientIdOf } from "../../../provider/state";
import type { ManagedGrant } from "../../../provider/state";
import { buildReview, isDrifted, OrgSnapshot, Review, riskOf, Row, StackSnapshot, writeScopesOf } from "../../../review/model";
import { AT, ORG, TOOL } from "./fixtures";

/** IDs with letters, so a comparison in the wrong letter case shows. */
const APP = ["abcdef01-aaaa-4bbb-8ccc-0000000000a1", "abcdef01-aaaa-4bbb-8ccc-0000000000b2", "abcdef01-aaaa-4bbb-8ccc-0000000000c3"];
const ROLE_A = { id: "deadbeef-0000-4000-8000-00000000000a", name: "Role A", permissions: ["p:1", "p:2"] };
const ROLE_B = { id: "deadbeef-0000-4000-8000-00000000000b", name: "Role B", permissions: ["p:3"] };

const auth = (id: string, o: Partial<OAuthAuthorization> & { name?: string } = {}): OAuthAuthorization => ({
  client: { id, name: o.name ?? `App ${id.slice(-2)}`, authorizedGrantType: "CODE" },
  scope: ["users:readonly"],
  roles: [],
  state: "Authorized",
  ...o,
});

const grant = (id: string, o: Partial<ManagedGrant> = {}): ManagedGrant => ({
  name: `app-${id.slice(-2)}`,
  urn: `urn:pulumi:prod::grants::AuthorizedClient::app-${id.slice(-2)}`,
  clientId: clientIdOf(id),
  scopes: ["users:readonly"],
  roleIds: [],
  ...o,
});

const org = (authorizations: OAuthAuthorization[] | undefined, o: Partial<OrgSnapshot> = {}): OrgSnapshot => ({
  name: "a",
  endpoint: "https://api.example",
  org: ORG,
  authorizations,
  reportedTotal: authorizations?.length,
  roles: [ROLE_A, ROLE_B],
  ...o,
});

const review = (orgs: OrgSnapshot[], stacks: StackSnapshot[], previous?: Review) =>
  buildReview({ generatedAt: AT, tool: TOOL, orgs, stacks, previous });
const one = (authorizations: OAuthAuthorization[], grants: ManagedGrant[] = []) =>
  review([org(authorizations)], [{ org: "a", stack: "s", grants }]);
const rowOf = (r: Review, id: string): Row => {
  const row = r.rows.find((x) => x.clientId === id);
  assert.ok(row, `a row for ${id}`);
  return row;
};

describe("the access review's rules, one by one", () => {
  it("client and role IDs match in any letter case", () => {
    const r = one(
      [auth(APP[0].toUpperCase(), { roles: [ROLE_A.id.toUpperCase()] })],
      [grant(APP[0], { roleIds: [ROLE_A.id.toUpperCase()] })],
    );
    assert.equal(r.rows.length, 1);
    const row = r.rows[0];
    assert.equal(row.clientId, APP[0]);
    assert.deepEqual(row.roles, [{ id: ROLE_A.id.toUpperCase(), name: "Role A", permissions: 2 }]);
    assert.equal(row.permissions, 2);
    assert.equal(row.managedBy.length, 1);
  });

  it("drift: scope by scope and role by role, exactly; a missing app's drift lists nothing but missing", () => {
    const r = one(
      [
        auth(APP[0], { scope: ["users:readonly", "analytics:readonly"], roles: [ROLE_B.id] }),
        auth(APP[1], { state: "Revoked", scope: [], roles: [] }),
      ],
      [
        grant(APP[0], { scopes: ["users:readonly", "routing:readonly"], roleIds: [ROLE_A.id] }),
        grant(APP[1], { scopes: ["users"], roleIds: [ROLE_A.id] }),
        grant(APP[2]),
      ],
    );
    assert.deepEqual(rowOf(r, APP[0]).drift, {
      scopesAdded: ["analytics:readonly"],
      scopesRemoved: ["routing:readonly"],
      rolesAdded: [ROLE_B.id],
      rolesRemoved: [ROLE_A.id],
      missing: false,
    });
    const none = { scopesAdded: [], scopesRemoved: [], rolesAdded: [], rolesRemoved: [], missing: true };
    assert.deepEqual(rowOf(r, APP[1]).drift, none);
    assert.equal(rowOf(r, APP[1]).state, "Revoked");
    assert.deepEqual([rowOf(r, APP[1]).scopes, rowOf(r, APP[1]).roles], [[], []], "a grant that holds no access shows none");
    assert.deepEqual(rowOf(r, APP[2]).drift, none);
    assert.equal(rowOf(r, APP[2]).state, "Missing");
    assert.equal(rowOf(r, APP[2]).clientName, "app-c3");
    assert.equal(rowOf(r, APP[2]).grantType, null);
  });

  it("isDrifted counts every kind of difference, each alone", () => {
    const drift = (d: Partial<NonNullable<Row["drift"]>>) => ({
      drift: { scopesAdded: [], scopesRemoved: [], rolesAdded: [], rolesRemoved: [], missing: false, ...d },
    });
    assert.equal(isDrifted({ drift: null }), false);
    assert.equal(isDrifted(drift({})), false);
    assert.equal(isDrifted(drift({ missing: true })), true);
    assert.equal(isDrifted(drift({ scopesAdded: ["a"], scopesRemoved: ["b"] })), true);
    assert.equal(isDrifted(drift({ scopesRemoved: ["b"] })), true);
    assert.equal(isDrifted(drift({ rolesAdded: ["r"] })), true);
    assert.equal(isDrifted(drift({ rolesRemoved: ["r"] })), true);
    assert.equal(isDrifted(drift({ scopesAdded: ["a"], rolesAdded: ["r"] })), true);
    assert.equal(isDrifted(drift({ scopesRemoved: ["a"], rolesAdded: ["r"] })), true);
    assert.equal(isDrifted(drift({ rolesAdded: ["a"], rolesRemoved: ["r"] })), true);
    assert.deepEqual(
      writeScopesOf({
        scopes: [
          { scope: "users", write: true },
          { scope: "users:readonly", write: false },
        ],
      }),
      ["users"],
    );
  });

  it("permissions: summed over the roles, null when any role's permissions are unknown, 0 without roles", () => {
    const unknownRole = "deadbeef-0000-4000-8000-0000000000ff";
    const r = one([auth(APP[0], { roles: [ROLE_A.id, ROLE_B.id] }), auth(APP[1], { roles: [ROLE_A.id, unknownRole] }), auth(APP[2])]);
    assert.equal(rowOf(r, APP[0]).permissions, 3);
    assert.equal(rowOf(r, APP[1]).permissions, null);
    assert.deepEqual(rowOf(r, APP[1]).roles[1], { id: unknownRole, name: null, permissions: null });
    assert.equal(rowOf(r, APP[2]).permissions, 0);
  });

  it("risk reasons, word for word", () => {
    const base = {
      org: "a",
      orgId: null,
      clientId: APP[0],
      clientName: "x",
      grantType: null,
      roles: [],
      authorizedBy: null,
      authorizedAt: null,
      modifiedBy: null,
      modifiedAt: null,
    };
    const managed = [{ stack: "s", urn: "u" }];
    const noDrift = { scopesAdded: [], scopesRemoved: [], rolesAdded: [], rolesRemoved: [], missing: false };
    const scopes = (...s: string[]) => s.map((scope) => ({ scope, write: !scope.endsWith(":readonly") }));
    const cases: Array<[string, Parameters<typeof riskOf>[0], ReturnType<typeof riskOf>]> = [
      [
        "unmanaged, writes and permissions",
        { ...base, scopes: scopes("users", "routing"), permissions: 4, state: "Authorized", managedBy: [], drift: null },
        {
          risk: "high",
          reasons: ["2 write scope(s) on an app no code manages", "roles carrying 4 permission(s) on an app no code manages"],
        },
      ],
      [
        "unmanaged, read-only, unknown permissions",
        { ...base, scopes: scopes("users:readonly"), permissions: null, state: "Authorized", managedBy: [], drift: null },
        { risk: "medium", reasons: ["an app no code manages"] },
      ],
      [
        "unmanaged, read-only, no permissions",
        { ...base, scopes: scopes("users:readonly"), permissions: 0, state: "Authorized", managedBy: [], drift: null },
        { risk: "medium", reasons: ["an app no code manages"] },
      ],
      [
        "managed, a write scope added beyond the code",
        {
          ...base,
          scopes: scopes("users", "routing"),
          permissions: 0,
          state: "Authorized",
          managedBy: managed,
          drift: { ...noDrift, scopesAdded: ["routing", "analytics:readonly"] },
        },
        {
          risk: "high",
          reasons: ["write scope(s) granted beyond the code: routing", "differs from its code", "2 write scope(s), managed in code"],
        },
      ],
      [
        "managed, two write scopes added",
        {
          ...base,
          scopes: scopes("users", "routing"),
          permissions: 0,
          state: "Authorized",
          managedBy: managed,
          drift: { ...noDrift, scopesAdded: ["routing", "users"] },
        },
        {
          risk: "high",
          reasons: ["write scope(s) granted beyond the code: routing, users", "differs from its code", "2 write scope(s), managed in code"],
        },
      ],
      [
        "managed, a read-only scope added",
        {
          ...base,
          scopes: scopes("analytics:readonly"),
          permissions: 0,
          state: "Authorized",
          managedBy: managed,
          drift: { ...noDrift, scopesAdded: ["analytics:readonly"] },
        },
        { risk: "medium", reasons: ["differs from its code"] },
      ],
      [
        "managed, missing",
        { ...base, scopes: [], permissions: 0, state: "Missing", managedBy: managed, drift: { ...noDrift, missing: true } },
        { risk: "medium", reasons: ["declared in code, not authorized in the org"] },
      ],
      [
        "managed, writes as declared",
        { ...base, scopes: scopes("users"), permissions: 0, state: "Authorized", managedBy: managed, drift: noDrift },
        { risk: "medium", reasons: ["1 write scope(s), managed in code"] },
      ],
      [
        "managed, read-only as declared",
        { ...base, scopes: scopes("users:readonly"), permissions: 0, state: "Authorized", managedBy: managed, drift: noDrift },
        { risk: "low", reasons: ["read-only access, managed in code as declared"] },
      ],
      [
        "unmanaged, revoked",
        { ...base, scopes: [], permissions: 0, state: "Revoked", managedBy: [], drift: null },
        { risk: "low", reasons: ["no access (Revoked)"] },
      ],
    ];
    for (const [name, row, expected] of cases) assert.deepEqual(riskOf(row), expected, name);
  });

  it("rows sort by org, then risk (high first), then app name, then client ID; managedBy by stack and URN", () => {
    const b = org([auth(APP[0], { scope: ["users"] })], { name: "b" });
    const a = org([auth(APP[2], { name: "Same" }), auth(APP[1], { name: "Same" }), auth(APP[0], { name: "Zed", scope: ["users"] })]);
    const stacks: StackSnapshot[] = [
      { org: "a", stack: "z", grants: [grant(APP[1], { urn: "u1" })] },
      { org: "a", stack: "m", grants: [grant(APP[1], { urn: "u2" })] },
      { org: "a", stack: "m", grants: [grant(APP[2], { urn: "u0" })] },
    ];
    const r = review([b, a], stacks);
    assert.deepEqual(
      r.rows.map((x) => [x.org, x.risk, x.clientName, x.clientId]),
      [
        ["a", "high", "Zed", APP[0]],
        ["a", "low", "Same", APP[1]],
        ["a", "low", "Same", APP[2]],
        ["b", "high", `App ${APP[0].slice(-2)}`, APP[0]],
      ],
    );
    // The riskiest first, whatever the order the org lists them in.
    const late = review(
      [org([auth(APP[0], { name: "A" }), auth(APP[1], { name: "B" }), auth(APP[2], { name: "C", scope: ["users"] })])],
      [],
    );
    assert.deepEqual(
      late.rows.map((x) => [x.risk, x.clientName]),
      [
        ["high", "C"],
        ["medium", "A"],
        ["medium", "B"],
      ],
    );
    assert.deepEqual(rowOf(r, APP[1]).managedBy, [
      { stack: "m", urn: "u2" },
      { stack: "z", urn: "u1" },
    ]);
  });

  it("a failed org gives no rows, even with data; a stack of another org or a failed stack declares nothing here", () => {
    const failed = org([auth(APP[0])], { error: "timeout" });
    assert.deepEqual(review([failed], []).rows, []);
    const r = review(
      [org([auth(APP[0])])],
      [
        { org: "other", stack: "x", grants: [grant(APP[0]), grant(APP[1])] },
        { org: "a", stack: "y", grants: [grant(APP[2])], error: "unreadable" },
      ],
    );
    assert.deepEqual(
      r.rows.map((x) => [x.clientId, x.managedBy.length]),
      [[APP[0], 0]],
    );
  });

  it("coverage: counts checked only when both are known", () => {
    const cov = (o: OrgSnapshot) => review([o], []).coverage.orgs[0];
    assert.equal(cov(org([auth(APP[0])])).countsMatch, true);
    assert.equal(cov(org([auth(APP[0])], { reportedTotal: 2 })).countsMatch, false);
    assert.equal(cov(org([auth(APP[0])], { reportedTotal: undefined })).countsMatch, null);
    const unread = cov(org(undefined, { reportedTotal: 3, error: "x" }));
    assert.deepEqual(
      [unread.countsMatch, unread.appsListed, unread.appsReported, unread.status, unread.error],
      [null, null, 3, "failed", "x"],
    );
  });

  it("--since: a change of roles or of the managing resource alone is a change", () => {
    const s = (roles: string[], urn: string) => [{ org: "a", stack: "s", grants: [grant(APP[0], { urn, roleIds: roles })] }];
    const first = review([org([auth(APP[0], { roles: [ROLE_A.id] })])], s([ROLE_A.id], "u1"));
    const roleSwapped = review([org([auth(APP[0], { roles: [ROLE_B.id] })])], s([ROLE_B.id], "u1"), first);
    assert.equal(roleSwapped.rows[0].change, "changed");
    const moved = review([org([auth(APP[0], { roles: [ROLE_A.id] })])], s([ROLE_A.id], "u2"), first);
    assert.equal(moved.rows[0].change, "changed");
    const same = review([org([auth(APP[0], { roles: [ROLE_A.id] })])], s([ROLE_A.id], "u1"), first);
    assert.equal(same.rows[0].change, "unchanged");
  });

  it("--since: a failed org's rows are matched by name or by ID, never by a missing ID", () => {
    const first = review([org([auth(APP[0])]), org([auth(APP[1])], { name: "b", org: undefined })], []);
    // Org "a" renamed "a2" in the fleet file and failing now: its rows are not called removed (same org ID).
    const renamed = review(
      [org(undefined, { name: "a2", error: "timeout" }), org([auth(APP[1])], { name: "b", org: undefined })],
      [],
      first,
    );
    assert.deepEqual(renamed.since?.removed, []);
    // An org without an ID failing now says nothing of another org without an ID.
    const other = review([org([auth(APP[0])]), org(undefined, { name: "c", org: undefined, error: "timeout" })], [], first);
    assert.deepEqual(
      other.since?.removed.map((x) => [x.org, x.clientId]),
      [["b", APP[1]]],
    );
    // A failed org with an ID says nothing of another org's rows.
    const second = { id: "0f0e0d0c-0b0a-4909-8807-0000000000bb", name: "Org B" };
    const two = review([org([auth(APP[0])]), org([auth(APP[1])], { name: "b", org: second })], []);
    const gone = review([org(undefined, { error: "timeout" })], [], two);
    assert.deepEqual(
      gone.since?.removed.map((x) => [x.org, x.clientId]),
      [["b", APP[1]]],
    );
  });
});

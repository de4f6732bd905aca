import * as assert from "node:assert/strict";
import fc from "fast-check";
import { ClientId } from "../../../provider/authorized-client/client-id";
import { CreateFacts, describeLive, planCreate } from "../../../provider/authorized-client/plan";
import { DeclaredRoles } from "../../../provider/authorized-client/roles";
import { CheckedInputs } from "../../../provider/authorized-client/types";
import type { OAuthAuthorization } from "../../../genesys/types";

const ID = "cea70f27-901c-5085-a2d0-8fee5ace6ccd" as ClientId;
const SELF = "b6aa9c7b-9e42-5695-ace7-c74d8076a721" as ClientId;
const ORG = { id: "5a1c6e5e-0000-4000-8000-000000000001", name: "Acme" };
const ROLES = [
  { id: "11111111-1111-4111-8111-111111111111", name: "Supervisor" },
  { id: "22222222-2222-4222-8222-222222222222", name: "Agent" },
];
const declared = (...refs: string[]) => new DeclaredRoles(refs, ROLES);
const roleName = (id: string) => ROLES.find((r) => r.id === id)?.name ?? id;
const FACTS: CreateFacts = { self: SELF, roleName };
const API = { mode: "api" as const };
const MANUAL = { mode: "manual" as const };

const inputs = (over: Partial<CheckedInputs> = {}): CheckedInputs => ({
  clientId: ID,
  scopes: ["analytics", "users:readonly"],
  roles: [],
  onExisting: "fail",
  ...over,
});

const live = (over: Partial<OAuthAuthorization> = {}): OAuthAuthorization => ({
  client: { id: ID, name: "Acme CRM" },
  scope: ["users:readonly", "analytics"],
  roles: [],
  state: "Authorized",
  modifiedBy: { id: SELF },
  dateModified: "2026-11-30T10:00:00Z",
  ...over,
});

describe("planCreate: what create does with a client's live grant", () => {
  for (const state of ["Unauthorized", "Requested", "Revoked", undefined] as const) {
    it(`a grant in state ${String(state)} is written (authorize), whatever else is set`, () => {
      for (const onExisting of ["fail", "adopt"] as const) {
        for (const apply of [API, MANUAL]) {
          assert.deepEqual(planCreate(inputs({ onExisting }), live({ state }), undefined, ORG, apply, FACTS), { kind: "authorize" });
        }
      }
    });
  }

  it("the same grant, last written by the provider's own client, is taken over without a write", () => {
    const existing = live();
    assert.deepEqual(planCreate(inputs(), existing, undefined, ORG, API, FACTS), { kind: "take-over", live: existing, bySelf: true });
  });

  it("the provider's own client is recognised in any letter case, and with roles declared by name", () => {
    const existing = live({ modifiedBy: { id: SELF.toUpperCase() }, roles: [ROLES[1].id, ROLES[0].id] });
    const plan = planCreate(inputs({ roles: ["Supervisor", "Agent"] }), existing, declared("Supervisor", "Agent"), ORG, API, FACTS);
    assert.deepEqual(plan, { kind: "take-over", live: existing, bySelf: true });
  });

  it("the same grant written by someone else is refused, and the refusal says who wrote it and what it holds", () => {
    const existing = live({ modifiedBy: { id: "x", name: "Jane Admin" } });
    const plan = planCreate(inputs(), existing, undefined, ORG, API, FACTS);
    assert.equal(plan.kind, "refuse");
    const message = (plan as { message: string }).message;
    assert.ok(message.startsWith(`client "Acme CRM" (${ID}) is already authorized in the org "Acme" (${ORG.id}) (`), message);
    assert.ok(
      message.includes('(scopes [users:readonly, analytics], no roles, last modified by "Jane Admin" on 2026-11-30T10:00:00Z)'),
      message,
    );
    assert.ok(message.includes("Another stack, another tool, or an administrator in the UI may manage it. "), message);
    assert.ok(!message.includes("own OAuth client"), message);
    assert.ok(message.endsWith("leave the grant to whoever manages it."), message);
    assert.ok(message.includes('Set onExisting: "adopt"'), message);
  });

  it("when the provider does not know its own client, no grant counts as its own", () => {
    const existing = live({ modifiedBy: undefined });
    const plan = planCreate(inputs(), existing, undefined, ORG, API, { self: undefined, roleName });
    assert.equal(plan.kind, "refuse");
    assert.ok((plan as { message: string }).message.includes("Another stack, another tool"));
  });

  it("another grant by the provider's own client is refused, and the refusal points at aliases and one stack", () => {
    const existing = live({ scope: ["analytics"] });
    const plan = planCreate(inputs(), existing, undefined, ORG, API, FACTS);
    assert.equal(plan.kind, "refuse");
    const message = (plan as { message: string }).message;
    assert.ok(message.includes("It was last changed with this provider's own OAuth client"), message);
    assert.ok(message.includes("rename with `aliases` (or `pulumi state mv`)"), message);
    assert.ok(!message.includes("Another stack, another tool"), message);
    assert.ok(message.includes(`last modified by "${SELF}" on`), message);
  });

  it("a grant whose roles differ is not the same grant, even with the same scopes", () => {
    const existing = live({ roles: [ROLES[0].id] });
    assert.equal(planCreate(inputs(), existing, undefined, ORG, API, FACTS).kind, "refuse");
    assert.equal(planCreate(inputs({ roles: ["Agent"] }), existing, declared("Agent"), ORG, API, FACTS).kind, "refuse");
    assert.equal(planCreate(inputs({ roles: ["Supervisor"] }), existing, declared("Supervisor"), ORG, API, FACTS).kind, "take-over");
  });

  it("onExisting adopt takes another grant as it is, with the change from live to declared", () => {
    const existing = live({ scope: ["analytics", "routing"], roles: [ROLES[0].id], modifiedBy: { id: "x", name: "Jane" } });
    const plan = planCreate(inputs({ onExisting: "adopt", roles: ["Agent"] }), existing, declared("Agent"), ORG, API, FACTS);
    assert.deepEqual(plan, {
      kind: "adopt",
      live: existing,
      scopes: { added: ["users:readonly"], removed: ["routing"] },
      roles: { added: ["Agent"], removed: ["Supervisor"] },
    });
  });

  it("onExisting adopt of the very grant declared is still an adoption under the API (nothing to change), not a take-over", () => {
    const existing = live();
    const plan = planCreate(inputs({ onExisting: "adopt" }), existing, undefined, ORG, API, FACTS);
    assert.deepEqual(plan, { kind: "adopt", live: existing, scopes: { added: [], removed: [] }, roles: { added: [], removed: [] } });
  });

  it("under manual apply, the same grant is taken over (by anyone) and any other is adopted, even with onExisting fail", () => {
    const other = live({ modifiedBy: { id: "x" } });
    assert.deepEqual(planCreate(inputs(), other, undefined, ORG, MANUAL, FACTS), { kind: "take-over", live: other, bySelf: false });
    const differs = live({ scope: ["analytics"] });
    assert.deepEqual(planCreate(inputs(), differs, undefined, ORG, MANUAL, FACTS), {
      kind: "adopt",
      live: differs,
      scopes: { added: ["users:readonly"], removed: [] },
      roles: { added: [], removed: [] },
    });
  });

  it("a grant with no scopes or roles listed reads as empty sets", () => {
    const existing = live({ scope: undefined, roles: undefined });
    const plan = planCreate(inputs({ onExisting: "adopt" }), existing, undefined, ORG, API, FACTS);
    assert.deepEqual(plan, {
      kind: "adopt",
      live: existing,
      scopes: { added: ["analytics", "users:readonly"], removed: [] },
      roles: { added: [], removed: [] },
    });
    const empty = planCreate(inputs({ scopes: [] }), existing, undefined, ORG, API, FACTS);
    assert.deepEqual(empty, { kind: "take-over", live: existing, bySelf: true });
  });

  it("property: a plan is take-over only for the declared sets, and refuse never for a grant that is not authorized", () => {
    const scope = fc.constantFrom("analytics", "users:readonly", "routing", "conversations");
    fc.assert(
      fc.property(
        fc.uniqueArray(scope),
        fc.uniqueArray(scope),
        fc.boolean(),
        fc.constantFrom("fail" as const, "adopt" as const),
        fc.constantFrom(API, MANUAL),
        fc.constantFrom("Authorized" as const, "Revoked" as const),
        (declaredScopes, liveScopes, bySelf, onExisting, apply, state) => {
          const existing = live({ scope: liveScopes, state, modifiedBy: { id: bySelf ? SELF : ID } });
          const plan = planCreate(inputs({ scopes: [...declaredScopes].sort(), onExisting }), existing, undefined, ORG, apply, FACTS);
          const same = [...declaredScopes].sort().join() === [...liveScopes].sort().join();
          if (state !== "Authorized") return assert.equal(plan.kind, "authorize");
          const expected =
            apply.mode === "manual"
              ? same
                ? "take-over"
                : "adopt"
              : onExisting === "adopt"
                ? "adopt"
                : bySelf && same
                  ? "take-over"
                  : "refuse";
          assert.equal(plan.kind, expected);
          if (plan.kind === "take-over") assert.equal(plan.bySelf, bySelf);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("describeLive: a live grant on one line", () => {
  it("scopes, roles by name, who changed it last and when", () => {
    const a = live({ roles: [ROLES[0].id, "33333333-3333-4333-8333-333333333333"], modifiedBy: { id: "u1", name: "Jane" } });
    assert.equal(
      describeLive(a, roleName),
      'scopes [users:readonly, analytics], roles ["Supervisor", "33333333-3333-4333-8333-333333333333"], last modified by "Jane" on 2026-11-30T10:00:00Z',
    );
  });

  it("without a role namer, roles are shown by ID; without a date, no time; without a modifier, nothing about one", () => {
    assert.equal(
      describeLive(live({ roles: [ROLES[0].id], dateModified: undefined, modifiedBy: { id: "u1" } })),
      `scopes [users:readonly, analytics], roles ["${ROLES[0].id}"], last modified by "u1"`,
    );
    assert.equal(describeLive(live({ modifiedBy: undefined })), "scopes [users:readonly, analytics], no roles");
    assert.equal(describeLive(live({ scope: undefined, roles: undefined, modifiedBy: undefined })), "scopes [], no roles");
  });

  it("strings from the org stay on one line, their controls shown as escapes", () => {
    const a = live({ scope: ["a\nb"], roles: ["r"], modifiedBy: { id: "u", name: "x\u001b[31m" }, dateModified: "2026\u202e" });
    assert.equal(
      describeLive(a, () => 'Evil"\r'),
      'scopes [a\\nb], roles ["Evil"\\r"], last modified by "x\\x1b[31m" on 2026\\u202e',
    );
  });
});

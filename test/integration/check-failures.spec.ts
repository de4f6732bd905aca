import * as assert from "node:assert/strict";
import fc from "fast-check";
import { checkAuthorizedClient } from "../../provider/authorized-client/check";
import { clientIdOf } from "../../provider/authorized-client/client-id";
import { Declarations } from "../../provider/authorized-client/declarations";
import { OrgView } from "../../provider/authorized-client/org-view";
import { UNKNOWN } from "../../provider/authorized-client/types";
import { GenesysClient } from "../../genesys";
import { DEFAULT_SEED_PATH, loadSeedFile } from "../../emulator";
import { CLIENTS, DEMO, EmulatorHandle, seedCopy } from "../support/emulator";
import { badInputCases, GHOST_CLIENT } from "../support/hostile";

const ACME = CLIENTS.acme;
const ARCHITECT = CLIENTS.architect;
const SEED = loadSeedFile(DEFAULT_SEED_PATH);
const ORG = { id: SEED.organization.id, name: SEED.organization.name };
const SUPERVISOR_ID = SEED.roles.find((r) => r.name === "Supervisor")!.id;

/** The demo org, served by the emulator: the view check reads it through, as the provider does. */
let emu: EmulatorHandle;
let demoView: OrgView;
const viewOf = (url: string) =>
  new OrgView(new GenesysClient({ apiBase: url, loginBase: url, clientId: DEMO.clientId, clientSecret: DEMO.clientSecret }));

describe("check, against the emulator's demo org", () => {
  before(async () => {
    emu = await EmulatorHandle.start();
    demoView = viewOf(emu.url);
  });
  after(() => emu?.close());

  const ctx = () => ({ region: "us-east-1", expectedDomain: "mypurecloud.com", view: demoView });
  const url = (clientId: string, domain = "mypurecloud.com") =>
    `https://login.${domain}/oauth/authorize?client_id=${clientId}&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb`;

  describe("check: failures name the property and the reason (test/corpus/bad-inputs.json)", () => {
    for (const c of badInputCases({ ...CLIENTS, ghost: GHOST_CLIENT })) {
      it(c.name, async () => {
        const r = await checkAuthorizedClient(c.inputs, ctx());
        assert.equal(r.inputs, undefined, "a failing check returns no inputs");
        const f = r.failures.find((x) => x.property === c.property);
        assert.ok(f, `expected a failure on ${c.property}, got ${JSON.stringify(r.failures)}`);
        assert.match(f.reason, new RegExp(c.reason));
      });
    }

    it("an unknown role lists the org's roles, the closest first", async () => {
      const r = await checkAuthorizedClient({ clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["Agnt Lead"] }, ctx());
      const f = r.failures.find((x) => x.property === "roles[0]");
      assert.ok(f, JSON.stringify(r.failures));
      const listed = /the org's roles, closest first: (.*?)(?: and \d+ more)? \(a role's name/.exec(f.reason)?.[1];
      assert.ok(listed, f.reason);
      const names = [...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
      assert.equal(names[0], "Agent", f.reason);
      assert.ok(
        names.every((n) => SEED.roles.some((role) => role.name === n)),
        f.reason,
      );
      assert.equal(names.length, Math.min(10, SEED.roles.length));
    });

    it("reports every failure at once", async () => {
      const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["analytic", "users", "nope"] }, ctx());
      assert.deepEqual(
        r.failures.map((f) => f.property),
        ["scopes[0]", "scopes[2]", "scopes[1]"],
      );
    });

    it("keeps a hostile client name on one line, without control or bidi characters", async () => {
      const seed = seedCopy();
      const acme = seed.clients.find((c) => c.id === ACME)!;
      acme.name = "Evil\n\u202eCorp\u0007";
      acme.scope = ["analytics"];
      const hostileOrg = await EmulatorHandle.start({ seed });
      try {
        const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["users:readonly"] }, { ...ctx(), view: viewOf(hostileOrg.url) });
        assert.match(r.failures[0].reason, /^client "Evil\\n\\u202eCorp\\x07" did not request/);
      } finally {
        await hostileOrg.close();
      }
    });
  });

  describe("check: good inputs", () => {
    it("normalizes and resolves the client ID from an authorization URL", async () => {
      const r = await checkAuthorizedClient(
        { authorizationUrl: url(ACME.toUpperCase()), scopes: ["users:readonly", "analytics", "analytics"] },
        ctx(),
      );
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.inputs, {
        clientId: ACME,
        authorizationUrl: url(ACME.toUpperCase()),
        scopes: ["analytics", "users:readonly"],
        roles: [],
        onExisting: "fail",
        orgId: ORG.id,
        orgName: ORG.name,
      });
    });

    it("accepts role names in any case when unambiguous, and role IDs", async () => {
      const r = await checkAuthorizedClient(
        { clientId: ARCHITECT, scopes: ["architect"], roles: ["supervisor", SUPERVISOR_ID], onExisting: "adopt" },
        ctx(),
      );
      assert.deepEqual(r.failures, []);
      assert.deepEqual(r.inputs?.roles, [SUPERVISOR_ID, "supervisor"].sort());
    });

    it("skips values unknown during preview", async () => {
      const r = await checkAuthorizedClient({ clientId: UNKNOWN, scopes: ["analytics", UNKNOWN], roles: UNKNOWN }, ctx());
      assert.deepEqual(r.failures, []);
      assert.equal(r.inputs?.clientId, UNKNOWN);
    });

    it("does no live check without a view of the org", async () => {
      const r = await checkAuthorizedClient({ clientId: GHOST_CLIENT, scopes: ["anything"] }, { region: "us-east-1" });
      assert.deepEqual(r.failures, []);
    });
  });

  describe("check: the org of the credentials is the org the state records", () => {
    it("fails with one failure naming both orgs, and no live check, when the state records another org", async () => {
      const olds = { clientId: ACME, scopes: ["analytics"], orgId: "0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11", orgName: "Org \u202eA" };
      const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["not-a-scope"] }, { ...ctx(), olds });
      assert.equal(r.inputs, undefined);
      assert.equal(r.failures.length, 1, JSON.stringify(r.failures));
      assert.equal(r.failures[0].property, "");
      const reason = r.failures[0].reason;
      assert.match(reason, /lives in the org "Org \\u202eA" \(0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11\)/);
      assert.ok(reason.includes(`belong to the org "${ORG.name}" (${ORG.id})`), reason);
      assert.match(reason, /nothing was changed/);
      assert.match(reason, /pulumi destroy|pulumi state delete/);
    });

    it("passes when the state records the same org (in any letter case) or none", async () => {
      for (const olds of [{ orgId: ORG.id.toUpperCase() }, {}, undefined]) {
        const r = await checkAuthorizedClient({ clientId: ACME, scopes: ["analytics"] }, { ...ctx(), olds });
        assert.deepEqual(r.failures, []);
        assert.equal(r.inputs?.orgId, ORG.id);
      }
    });
  });

  describe("check: one resource per client in a deployment", () => {
    const withDeclarations = (declarations: Declarations, resource: string) => ({ ...ctx(), declarations, resource });

    it("fails the second declaration of a client, naming both resources, whatever the letter case or form", async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.boolean(), { minLength: ACME.length, maxLength: ACME.length }), fc.boolean(), async (upper, byUrl) => {
          const declarations = new Declarations();
          const first = await checkAuthorizedClient({ clientId: ACME, scopes: ["analytics"] }, withDeclarations(declarations, "crm"));
          assert.deepEqual(first.failures, []);
          const spelt = [...ACME].map((ch, i) => (upper[i] ? ch.toUpperCase() : ch)).join("");
          const news = byUrl ? { authorizationUrl: url(spelt), scopes: ["analytics"] } : { clientId: spelt, scopes: ["analytics"] };
          const second = await checkAuthorizedClient(news, withDeclarations(declarations, "team-b/crm-again"));
          assert.equal(second.inputs, undefined);
          const f = second.failures.find((x) => x.property === (byUrl ? "authorizationUrl" : "clientId"));
          assert.ok(f, JSON.stringify(second.failures));
          assert.match(f.reason, /also declared by the AuthorizedClient "crm"/);
          assert.match(f.reason, /"team-b\/crm-again"/);
        }),
        { numRuns: 200 },
      );
    });

    it("lets a resource be checked again, and frees a client its resource no longer declares", async () => {
      const declarations = new Declarations();
      const check = (resource: string, clientId: string) =>
        checkAuthorizedClient(
          { clientId, scopes: [clientId === ACME ? "analytics" : "architect"], onExisting: "adopt" },
          withDeclarations(declarations, resource),
        );
      assert.deepEqual((await check("a", ACME)).failures, []);
      assert.deepEqual((await check("a", ACME)).failures, [], "the same resource, checked twice");
      assert.deepEqual((await check("a", ARCHITECT)).failures, [], "a moves to another client");
      assert.deepEqual((await check("b", ACME)).failures, [], "b takes the client a gave up");
      // Each client has the holder the moves left it: a third resource is refused, naming it.
      assert.match((await check("c", ACME)).failures.map((f) => f.reason).join(), /also declared by the AuthorizedClient "b"/);
      assert.match((await check("d", ARCHITECT)).failures.map((f) => f.reason).join(), /also declared by the AuthorizedClient "a"/);
    });

    it("does not claim a client ID unknown during preview", async () => {
      const declarations = new Declarations();
      for (const resource of ["a", "b"]) {
        const r = await checkAuthorizedClient({ clientId: UNKNOWN, scopes: ["analytics"] }, withDeclarations(declarations, resource));
        assert.deepEqual(r.failures, []);
      }
      assert.equal(declarations.claim(clientIdOf(UNKNOWN), "c"), undefined, "no resource holds it");
    });
  });
});

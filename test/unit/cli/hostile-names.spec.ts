import * as assert from "node:assert/strict";
import fc from "fast-check";
import { asciiLiteral, markdownCell, markdownCode, markdownTable, pulumiInert, quoted, terminalText } from "../../../common/text";
import { Check, renderChecks } from "../../../cli/doctor";
import { assertSameOrg, renderFindings, Finding } from "../../../cli/audit";
import { pinMismatch, recordedMismatch } from "../../../provider/authorized-client/org";
import { describeRetry } from "../../../genesys";
import { ClientId } from "../../../provider/authorized-client/client-id";
import { ManualChange, manualInstructions } from "../../../provider/authorized-client/manual-steps";
import { failedPreviewLine, renderDiff, renderFailedPreview } from "../../../cli/diff-markdown";
import { ExportedGrant, renderGrantsFile, renderTypeScript, resourceName } from "../../../cli/export";
import { GrantChange, setChange } from "../../../cli/preview";
import { resolveRole } from "../../../provider/authorized-client/roles";
import { didYouMeanScope } from "../../../provider/authorized-client/scope-suggest";
import { errorFromResponse } from "../../../genesys";
import { assertInertMarkdown, hostileNames, literalsIn, md, parseExportedGrantsFile, parseExportedProgram } from "../../support/hostile";

const RUNS = { numRuns: 1000 };
const CORPUS = hostileNames();

/** Any Unicode (lone surrogates included), the corpus, and mixes of both. */
const name = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.constantFrom(...CORPUS),
  fc.tuple(fc.constantFrom(...CORPUS), fc.string({ unit: "binary", maxLength: 10 }), fc.constantFrom(...CORPUS)).map((p) => p.join("")),
);
const uuid = fc.uuid();

function grants(names: string[], ids: string[], roles: string[]): ExportedGrant[] {
  const taken = new Set<string>();
  return names.map((n, i) => ({
    name: resourceName(n, taken),
    clientName: n,
    clientId: ids[i % ids.length],
    scopes: ["users:readonly", roles[i % roles.length] ?? "x"],
    roles: roles.slice(0, 2),
  }));
}

describe("org-controlled strings stay data (property-based, 1,000 names each)", () => {
  it("an exported program parses to nothing but AuthorizedClient declarations, each comment holding the name as a literal", () => {
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 4 }),
        fc.array(uuid, { minLength: 1, maxLength: 4 }),
        fc.array(name, { maxLength: 3 }),
        name,
        (names, ids, roles, org) => {
          const g = grants(names, ids, roles);
          const { declarations, comments } = parseExportedProgram(renderTypeScript(g, { id: ids[0], name: org }));
          assert.equal(declarations.length, g.length);
          declarations.forEach((d, i) => {
            assert.equal(d.name, g[i].name);
            assert.deepEqual(d.args.scopes, g[i].scopes);
            if (g[i].roles.length) assert.deepEqual(d.args.roles, g[i].roles);
          });
          assert.deepEqual(literalsIn(comments[0]).slice(0, 1), [org]);
          assert.deepEqual(
            comments.slice(-g.length).map((c) => literalsIn(c)[0]),
            names,
          );
        },
      ),
      RUNS,
    );
  });

  it("names round-trip through the exported grants file (YAML), and a comment cannot add keys", () => {
    fc.assert(
      fc.property(
        fc.array(name, { minLength: 1, maxLength: 4 }),
        fc.array(uuid, { minLength: 1, maxLength: 2 }),
        fc.array(name, { maxLength: 3 }),
        name,
        (names, ids, roles, org) => {
          const g = grants(names, ids, roles);
          const parsed = parseExportedGrantsFile(renderGrantsFile(g, { id: ids[0], name: org }));
          assert.deepEqual(Object.keys(parsed).sort(), g.map((x) => x.name).sort());
          g.forEach((x) => {
            assert.deepEqual(parsed[x.name].scopes, x.scopes);
            if (x.roles.length) assert.deepEqual(parsed[x.name].roles, x.roles);
          });
        },
      ),
      RUNS,
    );
  });

  it("every Markdown table of the PR diff keeps its column count, and no link or HTML from a name survives", () => {
    fc.assert(
      fc.property(
        name,
        name,
        name,
        name,
        fc.constantFrom<GrantChange["action"]>("authorize", "take-over", "adopt", "re-scope", "replace", "revoke"),
        (client, scope, desc, role, action) => {
          const existing =
            action === "take-over" || action === "adopt"
              ? {
                  action,
                  clientName: client,
                  scopes: [scope],
                  roleIds: [role],
                  modifiedBy: desc,
                  dateModified: role,
                  bySelf: false,
                  message: client,
                }
              : undefined;
          const change: GrantChange = {
            existing,
            action,
            name: client.slice(0, 5),
            clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
            previousClientId: action === "replace" ? scope : undefined,
            clientName: client,
            scopes: setChange(["users:readonly", desc], [scope, "users:readonly"]),
            roles: setChange([role], []),
          };
          const catalogue = {
            descriptions: new Map([
              [scope, desc],
              [desc, client],
            ]),
            clientNames: new Map<string, string>(),
          };
          assertInertMarkdown(renderDiff([change], catalogue, `note ${role}`));
        },
      ),
      RUNS,
    );
  });

  it("a failed preview's comment keeps every error inert, and its stderr line is one line of terminal text", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, name), { minLength: 1, maxLength: 3 }), (pairs) => {
        const errors = pairs.map(([resource, message]) => ({ resource, message }));
        const md = renderFailedPreview(errors);
        assertInertMarkdown(md);
        assert.ok(md.startsWith("**Genesys Cloud grants: the preview failed.** Nothing below is a plan"), md);
        const line = terminalText(failedPreviewLine(errors));
        assert.equal(line.split("\n").length, 1);
      }),
      RUNS,
    );
  });

  it("every Markdown table of the audit keeps its column count, and no link or HTML from a name survives", () => {
    fc.assert(
      fc.property(name, name, name, name, (client, scope, who, resource) => {
        const findings: Finding[] = [
          {
            kind: "unmanaged",
            clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
            clientName: client,
            scopes: [scope, who],
            modifiedBy: who,
            dateModified: scope,
          },
          {
            kind: "drifted",
            name: resource,
            clientId: "b6aa9c7b-9e42-5695-ace7-c74d8076a721",
            clientName: who,
            what: [`scopes added: ${scope}`],
            modifiedBy: client,
            dateModified: "",
          },
        ];
        assertInertMarkdown(renderFindings(findings, 1, { id: "d1e5a7b2-0000-4000-8000-000000000001", name: client }));
      }),
      RUNS,
    );
  });

  it("org names and vendor codes in refusals and retry lines stay one line of inert terminal text", () => {
    const unsafe = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;
    fc.assert(
      fc.property(name, name, uuid, uuid, name, (nameA, nameB, rawA, rawB, code) => {
        const [idA, idB] = [rawA.toLowerCase(), rawB.toLowerCase()];
        fc.pre(idA !== idB);
        const a = { id: idA, name: nameA };
        const b = { id: idB, name: nameB };
        const auditRefusal = (() => {
          try {
            assertSameOrg([{ name: "r", urn: "u", clientId: idA as never, scopes: [], roleIds: [], org: a }], b);
          } catch (e) {
            return (e as Error).message;
          }
          return assert.fail("audit accepted another org's state");
        })();
        const lines = [
          recordedMismatch(a, b, "client x").message,
          pinMismatch(b, { id: idA, setting: "GENESYSCLOUD_ORG_ID" }).message,
          auditRefusal,
          describeRetry({ method: "GET", path: "/api/v2/oauth/scopes", attempt: 1, delayMs: 1200, reason: `rate limited (429 ${code})` }),
        ];
        for (const line of lines) {
          assert.doesNotMatch(line, unsafe);
        }
        // Each org by its name (quoted, inert) and ID; an org without a name by its ID alone.
        const shown = (n: string, id: string) => (n === "" ? `(${id})` : `"${terminalText(n)}" (${id})`);
        assert.ok(lines[0].includes(shown(nameA, idA)) && lines[0].includes(shown(nameB, idB)), lines[0]);
      }),
      RUNS,
    );
  });

  it("manual-apply steps keep every org string inert: one terminal line per step, and code spans in the PR comment", () => {
    const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;
    fc.assert(
      fc.property(name, name, name, uuid, (clientName, orgName, role, rawId) => {
        const clientId = rawId.toLowerCase() as ClientId;
        const change: ManualChange = {
          kind: "re-scope",
          clientId,
          clientName,
          tick: ["a:readonly"],
          untick: ["b"],
          addRoles: [role],
          removeRoles: [],
        };
        const text = manualInstructions(change, { id: clientId, name: orgName });
        // Head, five numbered steps: line breaks only between them.
        assert.equal(text.split("\n").length, 6, text);
        assert.doesNotMatch(text, unsafe);
        const md = renderDiff(
          [{ action: "re-scope", name: "r", clientId, clientName, scopes: setChange(["b"], ["a:readonly"]), roles: setChange([], [role]) }],
          { descriptions: new Map(), clientNames: new Map(), org: { id: clientId, name: orgName } },
          undefined,
          true,
        );
        assertInertMarkdown(md);
      }),
      RUNS,
    );
  });

  it("doctor's checks stay one inert line each, whatever the org's name or the vendor's message", () => {
    const unsafe = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;
    fc.assert(
      fc.property(name, name, uuid, (orgName, vendorMessage, id) => {
        const checks: Check[] = [
          { check: "org", status: "pass", detail: `${quoted(orgName)} (${id})` },
          { check: "permission oauth:client:authorize", status: "fail", detail: vendorMessage, fix: "give the role the permission" },
        ];
        const text = renderChecks(checks);
        assert.equal(text.split("\n").length, checks.length + 1, text);
        assert.doesNotMatch(text, unsafe);
        assert.ok(text.startsWith("✔ org: ") && text.split("\n")[1].startsWith("✘ permission oauth:client:authorize: "), text);
      }),
      RUNS,
    );
  });

  it("a message for Pulumi's output holds no colour-markup opener, whatever the name", () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        const text = pulumiInert(`client ${quoted(a)} of ${quoted(b)}<{%reset%}>`);
        assert.ok(!text.includes("<{%"), text);
      }),
      RUNS,
    );
  });

  it("every kind of org text (role and scope names, the suggestions built from them, vendor error bodies) reaches a message as visible escapes", () => {
    const raw = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/;
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 6 }), name, (names, typo) => {
        const roles = names.map((n, i) => ({ id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, name: n }));
        const texts = [
          ...[typo, names[0], names[0].toUpperCase()].map((ref) => {
            const r = resolveRole(ref, [...roles, ...roles.slice(0, 1).map((x) => ({ ...x, id: "00000000-0000-4000-8000-ffffffffffff" }))]);
            return r.ok ? "" : r.reason;
          }),
          didYouMeanScope(typo, names),
          didYouMeanScope(
            `${names[0]}:view`,
            names.map((n) => `${n}:readonly`),
          ),
          errorFromResponse("GET", "/api/v2/oauth/authorizations", 403, { message: names.join(" "), code: typo }, {}, [], 0).message,
          errorFromResponse("POST", "/oauth/token", 400, { error: "invalid_client", error_description: typo }, {}, [], 0).message,
        ];
        for (const t of texts) assert.doesNotMatch(t, raw, JSON.stringify(t));
      }),
      RUNS,
    );
    // ESC and a bidi override show as escapes, not dropped: what they would have done is visible.
    assert.equal(terminalText("escape \u001b[2J\u001b[31mred \u202egnp.exe"), "escape \\x1b[2J\\x1b[31mred \\u202egnp.exe");
  });

  it("roles are listed closest first by what a person sees: invisible characters do not push a role away", () => {
    const roles = ["Supervisor", "\u202eAgent\u202c", "Agents Lead", "Architect Developer"].map((n, i) => ({
      id: `00000000-0000-4000-8000-00000000000${i}`,
      name: n,
    }));
    const r = resolveRole("Agnt", roles);
    assert.ok(!r.ok);
    assert.match(r.reason, /did you mean "\\u202eAgent\\u202c"/);
    assert.match(r.reason, /closest first: "\\u202eAgent\\u202c", "Agents Lead"/);
  });

  it("terminal text keeps no control, line-break or bidirectional character", () => {
    fc.assert(
      fc.property(name, (s) => {
        assert.doesNotMatch(terminalText(s), /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/);
      }),
      RUNS,
    );
  });

  it("an ASCII literal is printable ASCII and decodes back to the name", () => {
    fc.assert(
      fc.property(name, (s) => {
        const lit = asciiLiteral(s);
        assert.match(lit, /^"[\x20-\x7e]*"$/);
        assert.doesNotMatch(lit, /\*\//);
        assert.equal(JSON.parse(lit), s);
      }),
      RUNS,
    );
  });

  it("a table of org strings keeps its rows and columns, and every cell inert", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(name, name), { minLength: 1, maxLength: 5 }), (pairs) => {
        const text =
          markdownTable(
            ["client", "scope"],
            pairs.map(([a, b]) => [markdownCell(a), markdownCell(b)]),
          ).join("\n") + "\n";
        assertInertMarkdown(text);
        const html = md.render(text);
        assert.equal((html.match(/<tr>/g) ?? []).length, pairs.length + 1, text);
        assert.equal((html.match(/<td>/g) ?? []).length, pairs.length * 2, text);
      }),
      RUNS,
    );
    assert.throws(() => markdownTable(["a", "b"], [["only one"]]), /a table row has 1 cells for 2 columns/);
  });

  for (const s of CORPUS) {
    it(`corpus: ${JSON.stringify(s)} renders inert in a table cell and a heading`, () => {
      assertInertMarkdown(`### ${markdownCode(s)}\n\n| a | b |\n|---|---|\n| ${markdownCode(s, true)} | x |\n`);
    });
  }
});

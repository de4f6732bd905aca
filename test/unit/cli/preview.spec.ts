import * as assert from "node:assert/strict";
import { grantChanges, PreviewFormatError, readPreview, RESOURCE_TYPE } from "../../../cli/preview";
import { addedWriteScopes, failedPreviewLine, renderDiff, renderFailedPreview } from "../../../cli/diff-markdown";
import { managedGrants } from "../../../cli/audit";

const urn = (name: string, type = RESOURCE_TYPE) => `urn:pulumi:dev::proj::${type}::${name}`;
const A = "cea70f27-901c-5085-a2d0-8fee5ace6ccd";
const B = "5045fda8-12f8-5c0d-b27e-3edc12dde0ff";

function preview(steps: unknown[]): string {
  return JSON.stringify({ steps, changeSummary: {} });
}

describe("genesys-grants diff: reading a preview", () => {
  it("turns creates, updates, deletes and replaces into set changes, ignoring other resources", () => {
    const changes = grantChanges(
      preview([
        { op: "same", urn: urn("stack", "pulumi:pulumi:Stack"), newState: { type: "pulumi:pulumi:Stack" } },
        { op: "create", urn: urn("aws-bucket", "aws:s3/bucket:Bucket"), newState: { type: "aws:s3/bucket:Bucket", inputs: {} } },
        {
          op: "create",
          urn: urn("new"),
          newState: { type: RESOURCE_TYPE, inputs: { clientId: A, scopes: ["a:readonly", "b"], roles: ["Agent"] } },
        },
        {
          op: "update",
          urn: urn("upd"),
          oldState: {
            type: RESOURCE_TYPE,
            inputs: {},
            outputs: { clientId: B, clientName: "Bee", scopes: ["a:readonly", "c"], roles: [] },
          },
          newState: { type: RESOURCE_TYPE, inputs: { clientId: B, scopes: ["a:readonly", "d:readonly"], roles: ["Agent"] } },
        },
        { op: "delete", urn: urn("gone"), oldState: { type: RESOURCE_TYPE, outputs: { clientId: A, clientName: "Ay", scopes: ["x"] } } },
        {
          op: "replace",
          urn: urn("rep"),
          oldState: { type: RESOURCE_TYPE, outputs: { clientId: A, scopes: ["x"] } },
          newState: { type: RESOURCE_TYPE, inputs: { clientId: B, scopes: ["x"] } },
        },
      ]),
    );
    assert.deepEqual(
      changes.map((c) => [c.action, c.name, c.clientId]),
      [
        ["authorize", "new", A],
        ["re-scope", "upd", B],
        ["revoke", "gone", A],
        ["replace", "rep", B],
      ],
    );
    assert.deepEqual(changes[1].scopes, { added: ["d:readonly"], removed: ["c"], kept: ["a:readonly"] });
    assert.deepEqual(changes[1].roles.added, ["Agent"]);
    assert.deepEqual(changes[2].scopes.removed, ["x"]);
    assert.equal(changes[3].previousClientId, A);
    assert.deepEqual(changes[3].scopes.added, ["x"]);
    // A replacement grants its scopes to the new client: "x" counts as added there.
    assert.deepEqual(addedWriteScopes(changes), ["new: b", "rep: x"]);
  });

  it("reads scopes and roles stored as sets keyed by member, and the arrays of states written before them, alike", () => {
    const step = (oldInputs: unknown, newInputs: unknown) =>
      grantChanges(
        preview([
          {
            op: "update",
            urn: urn("upd"),
            oldState: { type: RESOURCE_TYPE, inputs: oldInputs },
            newState: { type: RESOURCE_TYPE, inputs: newInputs },
          },
        ]),
      )[0];
    const stored = step(
      { clientId: A, scopes: { "analytics:readonly": true, "users:readonly": true }, roles: { Agent: true } },
      { clientId: A, scopes: { "routing:readonly": true, "users:readonly": true }, roles: { Supervisor: true } },
    );
    const legacy = step(
      { clientId: A, scopes: ["analytics:readonly", "users:readonly"], roles: ["Agent"] },
      { clientId: A, scopes: { "routing:readonly": true, "users:readonly": true }, roles: { Supervisor: true } },
    );
    for (const c of [stored, legacy]) {
      assert.deepEqual(c.scopes, { added: ["routing:readonly"], removed: ["analytics:readonly"], kept: ["users:readonly"] });
      assert.deepEqual(c.roles, { added: ["Supervisor"], removed: ["Agent"], kept: [] });
    }
  });

  it("a preview with an error diagnostic is no plan: its errors, and no changes", () => {
    const failed = JSON.stringify({
      steps: [{ op: "create", urn: urn("new"), newState: { type: RESOURCE_TYPE, inputs: { clientId: A, scopes: ["analytics"] } } }],
      changeSummary: { create: 1 },
      diagnostics: [
        { urn: urn("new"), message: "<{%reset%}>property scopes value has a problem\u001b[0m\n", severity: "error" },
        { message: "a warning", severity: "warning" },
        { urn: urn("stack", "pulumi:pulumi:Stack"), message: "preview failed", severity: "error" },
      ],
    });
    const p = readPreview(failed);
    assert.deepEqual(p.changes, []);
    assert.deepEqual(p.errors, [
      { resource: "new", message: "property scopes value has a problem" },
      { resource: "stack", message: "preview failed" },
    ]);
    const md = renderFailedPreview(p.errors);
    assert.match(md, /^\*\*Genesys Cloud grants: the preview failed\.\*\* Nothing below is a plan/);
    assert.match(md, /\| `new` \| `property scopes value has a problem` \|/);
    assert.equal(
      failedPreviewLine(p.errors),
      "the preview failed, so there is no grant diff to review: new: property scopes value has a problem (and 1 more)",
    );
    // A passing preview's warnings are not errors.
    const ok = readPreview(JSON.stringify({ steps: [], changeSummary: {}, diagnostics: [{ message: "w", severity: "warning" }] }));
    assert.deepEqual(ok, { changes: [], errors: [] });
  });

  it("a create over a live grant reads as a take-over (no write) or an adoption (the change from what is live)", () => {
    const existing = (action: string, extra = {}) => ({
      action,
      clientName: "Acme",
      scopes: ["a:readonly", "c"],
      roleIds: ["r1"],
      modifiedBy: "CI deployer",
      dateModified: "2026-11-29T10:00:00Z",
      bySelf: true,
      message: "m",
      ...extra,
    });
    const changes = grantChanges(
      preview([
        {
          op: "create",
          urn: urn("mine"),
          newState: {
            type: RESOURCE_TYPE,
            inputs: {
              clientId: A,
              scopes: { "a:readonly": true, c: true },
              roles: { Agent: true },
              __existingGrant: existing("take-over"),
            },
          },
        },
        {
          op: "create",
          urn: urn("theirs"),
          newState: {
            type: RESOURCE_TYPE,
            inputs: {
              clientId: B,
              scopes: { "a:readonly": true, d: true },
              roles: { Agent: true },
              __existingGrant: existing("adopt", {
                bySelf: false,
                change: { scopes: { added: ["d"], removed: ["c"] }, roles: { added: ["Agent"], removed: ["Old"] } },
              }),
            },
          },
        },
      ]),
    );
    assert.deepEqual(
      changes.map((c) => [c.action, c.name, c.clientName]),
      [
        ["take-over", "mine", "Acme"],
        ["adopt", "theirs", "Acme"],
      ],
    );
    assert.deepEqual(changes[0].scopes, { added: [], removed: [], kept: ["a:readonly", "c"] });
    assert.deepEqual(changes[0].roles, { added: [], removed: [], kept: ["Agent"] });
    assert.deepEqual(changes[1].scopes, { added: ["d"], removed: ["c"], kept: ["a:readonly"] });
    assert.deepEqual(changes[1].roles, { added: ["Agent"], removed: ["Old"], kept: [] });
    assert.deepEqual(addedWriteScopes(changes), ["theirs: d"], "a take-over adds nothing to the org");
    const md = renderDiff(changes);
    assert.match(
      md,
      /^\*\*Genesys Cloud grants:\*\* 1 to take over \(already authorized\), 1 to adopt \(already authorized\) — ⚠️ 1 write scope added\./,
    );
    assert.match(
      md,
      /### 🔗 Take over `Acme` \(`cea70f27-[0-9a-f-]+`\) — `mine`\n\nAlready authorized, last written by these credentials at `2026-11-29T10:00:00Z`; .*\*\*no write\*\*/,
    );
    assert.match(
      md,
      /### 📥 Adopt `Acme` \(`5045fda8-[0-9a-f-]+`\) — `theirs`\n\nAlready authorized, last written by `CI deployer` at .*changes it as below/,
    );
    assert.ok(!md.includes("➕ Authorize"), md);
  });

  it("refuses text that is not JSON, and JSON that is not a preview", () => {
    assert.throws(
      () => grantChanges("Previewing update (dev):"),
      (e: Error) => e instanceof PreviewFormatError && /not JSON/.test(e.message),
    );
    assert.throws(
      () => grantChanges('{"deployment": {}}'),
      /not a whole `pulumi preview --json` result: it has no `steps` \(a list\) and no `changeSummary`/,
    );
  });

  it("renders a summary line, sections, write flags and descriptions", () => {
    const changes = grantChanges(
      preview([
        { op: "create", urn: urn("new"), newState: { type: RESOURCE_TYPE, inputs: { clientId: A, scopes: ["users", "users:readonly"] } } },
      ]),
    );
    const md = renderDiff(changes, { descriptions: new Map([["users", "Manage users"]]), clientNames: new Map([[A, "Acme"]]) });
    assert.match(md, /^\*\*Genesys Cloud grants:\*\* 1 to authorize — ⚠️ 1 write scope added\.\n/);
    assert.match(md, /### ➕ Authorize `Acme` \(`cea70f27-901c-5085-a2d0-8fee5ace6ccd`\) — `new`/);
    assert.match(md, /\| ➕ added \| `users` \| ⚠️ write \| `Manage users` \|/);
    assert.match(md, /\| ➕ added \| `users:readonly` \| read-only \| _not in the org's catalogue_ \|/);
    assert.equal(renderDiff([]), "**Genesys Cloud grants:** no changes.\n");
  });

  it("with --manual, adds the admin-UI steps for each change: the scopes to tick and untick, the roles, the revoke", () => {
    const changes = grantChanges(
      preview([
        {
          op: "create",
          urn: urn("new"),
          newState: { type: RESOURCE_TYPE, inputs: { clientId: A, scopes: ["b:readonly", "a:readonly"], roles: ["Agent"] } },
        },
        {
          op: "update",
          urn: urn("upd"),
          oldState: {
            type: RESOURCE_TYPE,
            inputs: {},
            outputs: { clientId: B, clientName: "Bee`|<b>", scopes: ["a:readonly", "c"], roles: ["Old"] },
          },
          newState: { type: RESOURCE_TYPE, inputs: { clientId: B, scopes: ["a:readonly", "d:readonly"], roles: [] } },
        },
        { op: "delete", urn: urn("gone"), oldState: { type: RESOURCE_TYPE, outputs: { clientId: A, clientName: "Ay", scopes: ["x"] } } },
      ]),
    );
    const org = { id: "b40febb2-09ed-505c-ad7e-90c97f51e91c", name: "Demo Org" };
    const md = renderDiff(changes, { descriptions: new Map(), clientNames: new Map(), org }, undefined, true);
    const page = "log in as an administrator with OAuth > Client > Authorize and open Admin > Integrations > Authorized Applications.";
    assert.ok(md.includes(`1. In the Genesys Cloud admin UI of the org \`Demo Org\` (\`${org.id}\`), ${page}`), md);
    assert.ok(
      md.includes(
        `2. Click Authorize a client, paste the client ID \`${A}\` into Client ID, and click Authorize client.\n3. Under Scope, tick \`a:readonly\`, \`b:readonly\`; leave every other scope unticked.\n4. Under "Users that can use this application", click Add Roles, select \`Agent\`, and click OK.\n5. Click Approve.`,
      ),
      md,
    );
    assert.ok(md.includes(`Re-scope the client \`\`Bee\`|<b>\`\` (\`${B}\`):`), md);
    assert.ok(
      md.includes(
        '3. Under Scope, tick `d:readonly` and untick `c`; leave the other scopes as they are.\n4. Under "Users that can use this application", remove `Old`.',
      ),
      md,
    );
    assert.ok(md.includes("2. Open the client `Ay` (`" + A + "`) and click Revoke Authorization."), md);
    assert.equal(renderDiff(changes, undefined, undefined, false).includes("For the administrator"), false);
  });
});

describe("genesys-grants audit: reading a stack export", () => {
  it("takes a grant's scopes from its outputs, or from its inputs in either shape", () => {
    const doc = (inputs: unknown, outputs: unknown) =>
      JSON.stringify({ deployment: { resources: [{ type: RESOURCE_TYPE, urn: urn("g"), id: A, inputs, outputs }] } });
    const scopes = { "b:readonly": true, a: true };
    assert.deepEqual(managedGrants(doc({ scopes }, { clientId: A, scopes: ["a", "b:readonly"], roleIds: ["r2", "r1"] }))[0].scopes, [
      "a",
      "b:readonly",
    ]);
    assert.deepEqual(managedGrants(doc({ scopes }, { clientId: A }))[0].scopes, ["a", "b:readonly"]);
    assert.deepEqual(managedGrants(doc({ scopes: ["b:readonly", "a"] }, { clientId: A }))[0].scopes, ["a", "b:readonly"]);
    assert.deepEqual(managedGrants(doc({ scopes }, { clientId: A, roleIds: ["r2", "r1"] }))[0].roleIds, ["r1", "r2"]);
  });
});

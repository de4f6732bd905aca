import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pulumi, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, EmulatorHandle } from "./emulator";

/**
 * The policy pack at `packDir` on a project laid out like examples/basic (stack `stack`, up to
 * date), through the real CLI: it passes the read-only grants, in a preview that shows no changes; it fails once acme-crm asks for the write scope
 * "analytics", naming the resource, the client and the scope; it passes again once a pack config
 * allows that scope for that client; a misspelt config key fails it, naming the key. Nothing
 * reaches the org.
 */
export async function provePolicyPack(ws: Workspace, project: string, stack: string, packDir: string, emu: EmulatorHandle): Promise<void> {
  const preview = (...extra: string[]) => pulumi(ws, project, ["preview", "--stack", stack, "--policy-pack", packDir, ...extra]);
  const program = path.join(project, "index.ts");
  const original = fs.readFileSync(program, "utf8");
  await emu.control("DELETE", "requests");
  try {
    const readOnly = await preview("--expect-no-changes");
    assert.equal(readOnly.status, 0, readOnly.stdout + readOnly.stderr);
    assert.match(readOnly.stdout, /✅ genesys-grants@v\d+\.\d+\.\d+/);

    // acme-crm's first scope becomes the write scope "analytics" (the client requests it).
    const written = original.replace('scopes: ["users:readonly", "analytics:readonly"', 'scopes: ["users:readonly", "analytics"');
    assert.notEqual(written, original, "the program declares acme-crm as examples/basic does");
    fs.writeFileSync(program, written);
    const refused = await preview();
    assert.notEqual(refused.status, 0);
    assert.match(refused.stdout, /\[mandatory\]\s+write-scopes-reviewed/);
    assert.ok(
      refused.stdout.includes(`AuthorizedClient "acme-crm" (client ${CLIENTS.acme}) grants the write scope "analytics"`),
      refused.stdout,
    );

    const config = path.join(ws.dir, "policy-config.json");
    fs.writeFileSync(
      config,
      JSON.stringify({ "write-scopes-reviewed": { allowedWriteScopes: { [CLIENTS.acme.toUpperCase()]: ["analytics"] } } }),
    );
    const allowed = await preview("--policy-pack-config", config);
    assert.equal(allowed.status, 0, allowed.stdout + allowed.stderr);
    assert.match(allowed.stdout, /✅ genesys-grants/);

    // One letter missing from a key: the pack refuses the config, naming the key, and the preview fails.
    fs.writeFileSync(config, JSON.stringify({ "write-scopes-reviewed": { allowedWriteScope: { [CLIENTS.acme]: ["analytics"] } } }));
    const misspelt = await preview("--policy-pack-config", config);
    assert.notEqual(misspelt.status, 0, misspelt.stdout);
    assert.match(
      misspelt.stdout + misspelt.stderr,
      /the policy pack config of "write-scopes-reviewed" has an unknown key: "allowedWriteScope" — did you mean "allowedWriteScopes"\?/,
    );
    assert.deepEqual(await emu.writes(), []);
  } finally {
    fs.writeFileSync(program, original);
  }
}

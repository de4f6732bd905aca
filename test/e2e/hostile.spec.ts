import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { markdownCode, terminalText } from "../../common/text";
import { OrgSeed } from "../../emulator";
import { mustPulumi, prepareExample, pulumi, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { cli } from "../support/cli";
import { EmulatorHandle, orgEnv, seedCopy } from "../support/emulator";
import { assertInertMarkdown, hostileNames, literalsIn, parseExportedGrantsFile, parseExportedProgram } from "../support/hostile";

/**
 * Terminal output with no control or bidirectional character, and no line a name added: inside
 * the `roles` and `scopes` objects Pulumi prints, every line is one member (`name: true`).
 */
function assertInertTerminal(text: string): void {
  let inSet = false;
  for (const line of text.split("\n")) {
    assert.equal(terminalText(line), line, `a raw character in: ${JSON.stringify(line)}`);
    if (inSet && /^\s*\}$/.test(line)) inSet = false;
    else if (inSet) assert.match(line, /: true$/, `a line that is no member: ${JSON.stringify(line)}`);
    else if (/^\s*[~+-]?\s*(roles|scopes)\s*: \{$/.test(line)) inSet = true;
  }
}

/** The demo org with every name an org controls taken from the hostile corpus. */
function hostileSeed(names: string[]): OrgSeed {
  const seed = seedCopy();
  let n = 0;
  const next = () => names[n++ % names.length];
  seed.organization.name = next();
  for (const c of seed.clients) c.name = next();
  for (const r of seed.roles) r.name = `${next()} #${r.id.slice(0, 4)}`;
  // And one more role per name, so that every name is a role the program can declare.
  names.forEach((name, i) =>
    seed.roles.push({
      ...seed.roles[0],
      id: `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`,
      name: `${name} #r${i}`,
      permissions: [],
    }),
  );
  for (const s of seed.scopes) s.description = next();
  for (const a of seed.authorizations) if (a.modifiedBy) a.modifiedBy.name = next();
  return seed;
}

/** Hostile names through export (both formats), diff on a real engine preview, and audit: nothing executes or renders. */
describe("hostile names from the org, through the real engine and genesys-grants", function () {
  this.timeout(600_000);
  // A name that tries to write a file writes this one, if anything ever runs it.
  const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hostile-")), "pwned");
  const names = [`x\nrequire("fs").writeFileSync(${JSON.stringify(marker)}, "ran");\n//`, ...hostileNames()];
  const seed = hostileSeed(names);
  let emu: EmulatorHandle;
  let ws: Workspace;
  const saved = { ...process.env };

  before(async () => {
    emu = await EmulatorHandle.start({ seed });
    const env = orgEnv(emu.url);
    ws = tempWorkspace("grants-hostile-e2e-", env);
    Object.assign(process.env, env);
  });
  after(async () => {
    process.env = saved;
    ws.remove();
    await emu.close();
    fs.rmSync(path.dirname(marker), { recursive: true, force: true });
  });

  it("a preview's check failures show the org's role and scope names as visible escapes, the closest role first", async () => {
    const project = path.join(ws.dir, "typos");
    prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);
    const directory = seed.clients.find((c) => c.owner === "built-in" && (c.scope ?? []).includes("users:readonly"))!;
    const escapeRole = seed.roles.find((r) => r.name.startsWith("escape \u001b"))!;
    // One letter off the role whose name holds ESC sequences, and a scope the client does not request.
    const typo = escapeRole.name.replace("red", "rd");
    fs.writeFileSync(
      path.join(project, "index.ts"),
      [
        'import { AuthorizedClient } from "pulumi-genesys-grants";',
        `new AuthorizedClient("typos", { clientId: ${JSON.stringify(directory.id)}, scopes: ["users:readonly", "analytics:view"], roles: [${JSON.stringify(typo)}] });`,
        "",
      ].join("\n"),
    );
    await mustPulumi(ws, project, ["stack", "init", "typos"]);
    const r = await pulumi(ws, project, ["preview", "--stack", "typos"]);
    assert.notEqual(r.status, 0);
    const text = r.stdout + r.stderr;
    assertInertTerminal(text);
    assert.ok(text.includes(`did you mean "${terminalText(escapeRole.name)}"`), text);
    assert.ok(text.includes("\\x1b[31m"), "ESC shows as \\x1b");
    assert.ok(text.includes(`closest first: "${terminalText(escapeRole.name)}"`), text);
    assert.match(text, /"analytics:view" is not a scope in this org — did you mean "analytics:readonly"\?/);
    assert.ok(!fs.existsSync(marker), "nothing from a name ran");
  });

  it("export writes only declarations, pulumi up adopts them, diff and audit render every name as inert text", async () => {
    const project = path.join(ws.dir, "hostile");
    prepareExample(path.join(REPO_ROOT, "examples", "basic"), project);

    const ts = await cli("export", "--format", "ts");
    assert.equal(ts.code, 0, ts.err);
    const program = parseExportedProgram(ts.out);
    assert.deepEqual(literalsIn(program.comments[0]).slice(0, 1), [seed.organization.name], "the header names the org, as a literal");
    const authorized = seed.authorizations.filter((a) => a.state === "Authorized");
    assert.equal(program.declarations.length, authorized.length);
    const yaml = await cli("export", "--format", "yaml");
    assert.equal(yaml.code, 0, yaml.err);
    const grants = parseExportedGrantsFile(yaml.out);
    const roleNames = new Set(seed.roles.map((r) => r.name));
    for (const g of Object.values(grants))
      for (const r of (g.roles as string[] | undefined) ?? []) assert.ok(roleNames.has(r), `role name round-trips: ${JSON.stringify(r)}`);

    fs.writeFileSync(path.join(project, "index.ts"), ts.out);
    await mustPulumi(ws, project, ["stack", "init", "hostile"]);
    // Pulumi prints the stored inputs: role names from the org are keys there, which it prints unquoted.
    assertInertTerminal(await mustPulumi(ws, project, ["up", "--yes", "--diff", "--stack", "hostile"]));
    assert.ok(!fs.existsSync(marker), "nothing from a name ran");
    assert.equal((await pulumi(ws, project, ["preview", "--expect-no-changes", "--stack", "hostile"])).status, 0);

    // Revoke the first grant and authorize a client never authorized, for every role: all show hostile names.
    const fresh = seed.clients.find((c) => c.owner === "third-party" && !seed.authorizations.some((a) => a.clientId === c.id))!;
    const [header, , ...kept] = ts.out.split(/\n(?=\/\/ Client )/);
    fs.writeFileSync(
      path.join(project, "index.ts"),
      [
        header,
        ...kept,
        `new AuthorizedClient("fresh", { clientId: ${JSON.stringify(fresh.id)}, scopes: [${JSON.stringify(fresh.scope![0])}], roles: ${JSON.stringify(seed.roles.map((r) => r.name))} });`,
      ].join("\n") + "\n",
    );
    assertInertTerminal(await mustPulumi(ws, project, ["preview", "--diff", "--stack", "hostile"]));
    const pv = await pulumi(ws, project, ["preview", "--json", "--stack", "hostile"]);
    assert.equal(pv.status, 0, pv.stderr);
    const previewFile = path.join(ws.dir, "preview.json");
    fs.writeFileSync(previewFile, pv.stdout);
    const diff = await cli("diff", previewFile);
    assert.equal(diff.code, 0, diff.err);
    assert.match(diff.out, /1 to authorize, 1 to revoke/);
    assertInertMarkdown(diff.out);
    assert.ok(diff.out.includes(markdownCode(fresh.name)), "the new client's name is shown, as a code span");

    const stateFile = path.join(ws.dir, "state.json");
    fs.writeFileSync(stateFile, await mustPulumi(ws, project, ["stack", "export", "--stack", "hostile"]));
    await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${fresh.id}`, { scope: [fresh.scope![0]] });
    const audit = await cli("audit", "--stack-state", stateFile);
    assert.equal(audit.code, 1, audit.err);
    assertInertMarkdown(audit.out);
    assert.ok(audit.out.includes(markdownCode(fresh.name, true)), "the unmanaged client's name is shown, as a code span");
    assert.ok(!fs.existsSync(marker), "nothing from a name ran");
    await mustPulumi(ws, project, ["destroy", "--yes", "--skip-preview", "--stack", "hostile"]);
  });
});

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { Capture } from "../support/cli";
import { CLIENTS, DEMO, EmulatorHandle, seedCopy } from "../support/emulator";
import { hostileNames } from "../support/hostile";
import { terminalText } from "../../common/text";
import { HostFacts, PulumiRunner, recover, RecoverError } from "../../cli/recover";
import { resolveSettings } from "../../provider/settings";
import { RESOURCE_TYPE } from "../../provider/state";

/** A pending create of the resource `name`, for client `clientId`, as a killed run leaves it in an export. */
const pendingCreate = (name: string, clientId: string) => ({
  type: "creating",
  resource: {
    urn: `urn:pulumi:dev::grants::${RESOURCE_TYPE}::${name}`,
    custom: true,
    type: RESOURCE_TYPE,
    inputs: { clientId, scopes: { "users:readonly": true }, roles: {}, onExisting: "fail" },
  },
});

/** When the dead run took its lock: before anything the tests write. */
const RUN_START = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, "Z");

/** A plain host (no container) on which the lock's process is gone: its lock is provably dead. */
const PLAIN_HOST: HostFacts = { hostname: "ci-runner-7", alive: () => false, pidsProveNothing: () => undefined };

function settingsFor(emu: EmulatorHandle) {
  return () =>
    resolveSettings({
      env: {
        GENESYSCLOUD_API_URL: emu.url,
        GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
        GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
      },
    });
}

/**
 * A stand-in for the pulumi CLI over a backend holding `exported`, locked by a run of host
 * ci-runner-7 (pid 4242) since `since`: import is refused until `pulumi cancel` removes the lock.
 */
function lockedBackend(exported: object, since: string, host = "ci-runner-7") {
  let locked = true;
  let imported: { deployment: { resources: Array<{ urn: string; outputs?: Record<string, unknown> }> } } | undefined;
  const calls: string[] = [];
  const pulumi: PulumiRunner = async (args) => {
    calls.push(args.slice(0, 2).join(" "));
    if (args[0] === "stack" && args[1] === "export") return { status: 0, stdout: JSON.stringify(exported), stderr: "" };
    if (args[0] === "stack" && args[1] === "import") {
      if (locked) {
        return {
          status: 255,
          stdout: "",
          stderr: `error: the stack is currently locked by 1 lock(s). Either wait for the other process(es) to end or delete the lock file with \`pulumi cancel\`.\n  file:///state/.pulumi/locks/dev/1.json: created by runner@${host} (pid 4242) at ${since}\n`,
        };
      }
      imported = JSON.parse(fs.readFileSync(args[args.indexOf("--file") + 1], "utf8"));
      return { status: 0, stdout: "", stderr: "" };
    }
    if (args[0] === "cancel") {
      locked = false;
      return { status: 0, stdout: "", stderr: "" };
    }
    return { status: 1, stdout: "", stderr: `unexpected pulumi ${args.join(" ")}` };
  };
  return { pulumi, imported: () => imported, calls };
}

/**
 * `genesys-grants recover` prints what the org holds: client names, and who changed a grant
 * (names the org controls), beside resource names from the program. Each stays data: every line
 * is one line of inert terminal text, whatever the name. The state goes through a stand-in for the
 * pulumi CLI (the real one is proven by the crash scenario and the teams suite).
 */
describe("genesys-grants recover prints org strings as data", function () {
  this.timeout(120_000);

  for (const name of hostileNames()) {
    it(`a client and an administrator named ${JSON.stringify(name)}`, async () => {
      const seed = seedCopy();
      seed.clients.find((c) => c.id === CLIENTS.acme)!.name = name;
      seed.clients.find((c) => c.id === DEMO.uiClientId)!.name = name;
      const emu = await EmulatorHandle.start({ seed });
      try {
        // One grant the dead run wrote (with the stack's own client), one an administrator wrote.
        const stackToken = await emu.token(DEMO.clientId, DEMO.clientSecret);
        await fetch(`${emu.url}/api/v2/oauth/authorizations/${CLIENTS.acme}`, {
          method: "PUT",
          headers: { Authorization: `Bearer ${stackToken}`, "Content-Type": "application/json" },
          body: JSON.stringify({ scope: ["users:readonly"], roles: [] }),
        });
        assert.equal(
          (await emu.asAdmin("PUT", `/api/v2/oauth/authorizations/${CLIENTS.globex}`, { scope: ["users:readonly"], roles: [] })).status,
          200,
        );
        const exported = {
          version: 3,
          deployment: {
            resources: [],
            pending_operations: [pendingCreate(name, CLIENTS.acme), pendingCreate(`${name}-2`, CLIENTS.globex)],
          },
        };
        const stub = lockedBackend(exported, RUN_START);
        const out = new Capture();
        const err = new Capture();
        await recover({ stack: "dev", force: false, settings: settingsFor(emu), pulumi: stub.pulumi, out, err, host: PLAIN_HOST });
        assert.equal(stub.imported()?.deployment.resources.length, 1, "the dead run's grant is recorded, the administrator's is not");
        const lines = out.text.trimEnd().split("\n");
        // A title, the lock, two settled operations, a blank line, the heading, one grant, a blank line, the next step.
        assert.equal(lines.length, 9, out.text);
        for (const line of lines)
          assert.equal(terminalText(line), line, `a line with a control, line-break or bidirectional character: ${JSON.stringify(line)}`);
      } finally {
        await emu.close();
      }
    });
  }
});

/** What recover records as the dead run's, and what it leaves outside the stack. */
describe("genesys-grants recover settles only what provably is the dead run's", function () {
  this.timeout(120_000);
  let emu: EmulatorHandle;
  beforeEach(async () => (emu = await EmulatorHandle.start()));
  afterEach(() => emu.close());

  /** Authorizes `clientId` with `scope` as the stack's own OAuth client would (the CI deployer). */
  const writeAsStack = async (clientId: string, scope: string[]) => {
    const token = await emu.token(DEMO.clientId, DEMO.clientSecret);
    const res = await fetch(`${emu.url}/api/v2/oauth/authorizations/${clientId}`, {
      method: "PUT",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ scope, roles: [] }),
    });
    assert.equal(res.status, 200);
  };
  const run = async (exported: object, o: { since?: string; host?: HostFacts; force?: boolean; lockHost?: string } = {}) => {
    const stub = lockedBackend(exported, o.since ?? RUN_START, o.lockHost);
    const out = new Capture();
    const err = new Capture();
    await recover({
      stack: "dev",
      force: o.force ?? false,
      settings: settingsFor(emu),
      pulumi: stub.pulumi,
      out,
      err,
      host: o.host ?? PLAIN_HOST,
    });
    return { ...stub, out: out.text };
  };

  it("a grant another stack sharing the CI client wrote, with other scopes, stays outside the stack, naming who wrote it and when", async () => {
    // The dead run's pending create asked for users:readonly; the stranger wrote analytics:readonly with the same client.
    await writeAsStack(CLIENTS.acme, ["analytics:readonly"]);
    const r = await run({ version: 3, deployment: { resources: [], pending_operations: [pendingCreate("acme", CLIENTS.acme)] } });
    assert.deepEqual(r.imported()?.deployment.resources, []);
    assert.match(
      r.out,
      /creating "acme" \(client cea70f27-[0-9a-f-]+\): cleared; authorized, last written by "CI deployer" at \d{4}-[^,]+, but it holds scopes \[analytics:readonly\] and 0 role\(s\), where the pending create asked for \[users:readonly\] and 0 role\(s\): not the dead run's write, so it stays outside the stack/,
    );
  });

  it("a grant the stack's client wrote before the dead run started stays outside; one written within its time, as asked, is recorded", async () => {
    await writeAsStack(CLIENTS.acme, ["users:readonly"]);
    const later = new Date(Date.now() + 60_000).toISOString().replace(/\.\d+Z$/, "Z");
    const before = await run(
      { version: 3, deployment: { resources: [], pending_operations: [pendingCreate("acme", CLIENTS.acme)] } },
      { since: later },
    );
    assert.deepEqual(before.imported()?.deployment.resources, []);
    assert.match(before.out, /but that is outside the dead run's time \(from \S+, its lock's creation, to \S+\): not the dead run's write/);
    const within = await run({ version: 3, deployment: { resources: [], pending_operations: [pendingCreate("acme", CLIENTS.acme)] } });
    assert.equal(within.imported()?.deployment.resources.length, 1);
    assert.match(within.out, /creating "acme" \(client cea70f27-[0-9a-f-]+\): recorded in the state/);
  });

  it("a pending operation of another project or stack is cleared, never settled as this stack's", async () => {
    await writeAsStack(CLIENTS.acme, ["users:readonly"]);
    const theirs = pendingCreate("acme", CLIENTS.acme);
    theirs.resource.urn = theirs.resource.urn.replace("::grants::", "::other-project::");
    const stackResource = { urn: "urn:pulumi:dev::grants::pulumi:pulumi:Stack::grants-dev", type: "pulumi:pulumi:Stack", custom: false };
    const r = await run({ version: 3, deployment: { resources: [stackResource], pending_operations: [theirs] } });
    assert.deepEqual(r.imported()?.deployment.resources, [stackResource]);
    assert.match(
      r.out,
      /creating "acme": cleared; it belongs to stack "dev" of project "other-project", not to stack "dev" of project "grants"/,
    );
  });

  it("removes a lock only when its run is provably gone: another host, or a container, needs --force, and says why", async () => {
    const exported = { version: 3, deployment: { resources: [], pending_operations: [] } };
    const container: HostFacts = { ...PLAIN_HOST, pidsProveNothing: () => "this runs inside a container (/.dockerenv)" };
    await assert.rejects(
      run(exported, { host: container }),
      (e: Error) =>
        e instanceof RecoverError &&
        /its host name is this one's, but this runs inside a container \(\/\.dockerenv\): pid 4242 not running here proves nothing/.test(
          e.message,
        ) &&
        /recover --stack dev --force/.test(e.message),
    );
    await assert.rejects(
      run(exported, { lockHost: "runner-b" }),
      /it ran on another host \(runner-b\), so this command cannot tell whether it is gone/,
    );
    await assert.rejects(
      run(exported, { host: { ...PLAIN_HOST, alive: () => true } }),
      /its process \(pid 4242\) is still running on this host/,
    );
    const forced = await run(exported, { host: container, force: true });
    assert.match(forced.out, /removed the lock of a run you said is gone \(--force\): runner@ci-runner-7, pid 4242/);
    const dead = await run(exported);
    assert.match(dead.out, /removed the lock of a dead run: runner@ci-runner-7, pid 4242/);
  });
});

import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { Capture } from "../support/cli";
import { CLIENTS, DEMO, EmulatorHandle, seedCopy } from "../support/emulator";
import { hostileNames } from "../support/hostile";
import { terminalText } from "../../common/text";
import { PulumiRunner, recover } from "../../cli/recover";
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
        let imported: { deployment: { resources: unknown[] } } | undefined;
        const pulumi: PulumiRunner = async (args) => {
          if (args[0] === "stack" && args[1] === "export") return { status: 0, stdout: JSON.stringify(exported), stderr: "" };
          if (args[0] === "stack" && args[1] === "import") {
            const file = args[args.indexOf("--file") + 1];
            imported = JSON.parse(fs.readFileSync(file, "utf8"));
            return { status: 0, stdout: "", stderr: "" };
          }
          return { status: 1, stdout: "", stderr: `unexpected pulumi ${args.join(" ")}` };
        };
        const out = new Capture();
        const err = new Capture();
        const settings = () =>
          resolveSettings({
            env: {
              GENESYSCLOUD_API_URL: emu.url,
              GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId,
              GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret,
            },
          });
        await recover({ stack: "dev", force: false, settings, pulumi, out, err });
        assert.equal(imported?.deployment.resources.length, 1, "the dead run's grant is recorded, the administrator's is not");
        const lines = out.text.trimEnd().split("\n");
        // A title, two settled operations, a blank line, the heading, one grant, a blank line, the next step.
        assert.equal(lines.length, 8, out.text);
        for (const line of lines)
          assert.equal(terminalText(line), line, `a line with a control, line-break or bidirectional character: ${JSON.stringify(line)}`);
      } finally {
        await emu.close();
      }
    });
  }
});

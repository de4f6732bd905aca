import * as assert from "node:assert/strict";
import { AuthorizedClient } from "../../provider";
import { EmulatorHandle, DEMO, CLIENTS } from "../support/emulator";
import { inlineStack, tempBackend } from "../support/engine";

describe("scratch", function () {
  it("ups", async function () {
    const emu = await EmulatorHandle.start();
    const backend = tempBackend();
    try {
      const stack = await inlineStack({
        backend, projectName: "scratch", stackName: "dev",
        program: async () => {
          const a = new AuthorizedClient("acme", { clientId: CLIENTS.acme, scopes: ["users:readonly", "analytics"] });
          return { name: a.clientName };
        },
      });
      await stack.setConfig("genesyscloud:apiUrl", { value: emu.url });
      await stack.setConfig("genesyscloud:oauthclientId", { value: DEMO.clientId });
      await stack.setConfig("genesyscloud:oauthclientSecret", { value: DEMO.clientSecret, secret: true });
      const up = await stack.up({ onOutput: (s) => process.stdout.write(s) });
      console.log(up.outputs);
      assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
      const pv = await stack.preview({ onOutput: (s) => process.stdout.write(s) });
      console.log(pv.changeSummary);
      const st = await stack.exportStack();
      console.log(JSON.stringify(st).length);
      await stack.destroy({ onOutput: (s) => process.stdout.write(s) });
    } finally {
      await emu.close();
      backend.remove();
    }
  });
});

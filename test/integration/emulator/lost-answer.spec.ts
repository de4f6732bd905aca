import * as assert from "node:assert/strict";
import * as http from "node:http";
import { CLIENTS, DEMO, EmulatorHandle } from "../../support/emulator";

/**
 * "The write landed but its answer was lost": a server that has received a whole request may
 * apply it though its caller went away. The emulator models it (a caller gone during latency, and
 * `drop: "answer"`), and the opposite (`drop: "request"`, or `reset`).
 */
describe("emulator: a write whose answer is lost, and a request dropped before it is applied", function () {
  this.timeout(30_000);
  let emu: EmulatorHandle;
  afterEach(() => emu?.close());

  /** A PUT of Acme's grant, the connection destroyed after `abortAfterMs` if given; resolves with how it ended. */
  async function put(abortAfterMs?: number): Promise<string> {
    const token = await emu.token(DEMO.clientId, DEMO.clientSecret);
    const body = JSON.stringify({ scope: ["users:readonly"] });
    return new Promise((resolve) => {
      const req = http.request(`${emu.url}/api/v2/oauth/authorizations/${CLIENTS.acme}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) },
      });
      req.on("response", (res) => resolve(`status ${res.statusCode}`));
      req.on("error", (e: NodeJS.ErrnoException) => resolve(`error ${e.code}`));
      req.end(body);
      if (abortAfterMs !== undefined) req.on("finish", () => setTimeout(() => req.destroy(), abortAfterMs));
    });
  }
  const puts = async () => (await emu.requests()).filter((r) => r.method === "PUT").map((r) => [r.status, r.fault ?? null]);

  it("a caller gone during the server's latency, after sending the whole request: the write is applied, logged with status 0", async () => {
    emu = await EmulatorHandle.start({ latencyMs: 400 });
    assert.equal(await put(50), "error ECONNRESET");
    await emu.idle();
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
    assert.deepEqual(await puts(), [[0, null]]);
  });

  it('drop: "answer": applied, then the connection dropped instead of the answer', async () => {
    emu = await EmulatorHandle.start();
    await emu.fault({ method: "PUT", drop: "answer", times: 1 });
    assert.equal(await put(), "error ECONNRESET");
    await emu.idle();
    assert.equal((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized");
    assert.deepEqual(await puts(), [[0, "answer dropped"]]);
  });

  it('drop: "request" (and reset): the connection dropped before the write is applied', async () => {
    emu = await EmulatorHandle.start();
    for (const fault of [{ drop: "request" as const }, { reset: true }]) {
      await emu.control("POST", "reset");
      await emu.fault({ method: "PUT", times: 1, ...fault });
      assert.equal(await put(), "error ECONNRESET");
      await emu.idle();
      assert.notEqual((await emu.liveGrant(CLIENTS.acme))?.state, "Authorized", JSON.stringify(fault));
      assert.deepEqual(await puts(), [[0, "reset"]]);
    }
  });
});

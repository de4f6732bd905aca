import * as assert from "node:assert/strict";
import { grpcOfSdk } from "../../../provider/engine-log";
import { watchEngine } from "../../../provider/engine-watch";

/** A gRPC server on loopback standing in for the engine, on the SDK's own gRPC library. */
async function engineStandIn(): Promise<{ address: string; server: import("@grpc/grpc-js").Server }> {
  const grpc = grpcOfSdk();
  const server = new grpc.Server();
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { address: `127.0.0.1:${bound}`, server };
}

describe("the engine watch: a provider outlives no run", () => {
  it("reports the engine gone once its connection was up and the engine stopped listening", async () => {
    const engine = await engineStandIn();
    const gone: string[] = [];
    let reported!: () => void;
    const once = new Promise<void>((resolve) => (reported = resolve));
    const watch = watchEngine((address) => {
      gone.push(address);
      reported();
    }, engine.address)!;
    try {
      await watch.connected;
      assert.deepEqual(gone, [], "nothing reported while the engine is up");
      engine.server.forceShutdown();
      await once;
      assert.deepEqual(gone, [engine.address]);
    } finally {
      watch.stop();
    }
  });

  it("watches nothing without an engine address", () => {
    assert.equal(
      watchEngine(() => assert.fail("no engine to lose"), undefined),
      undefined,
    );
    assert.equal(
      watchEngine(() => assert.fail("no engine to lose"), "not an address"),
      undefined,
    );
  });
});

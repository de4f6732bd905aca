/**
 * The provider process's line back to the Pulumi engine that started it. The engine starts a
 * dynamic provider with the address of its services as the first argument.
 *
 * - `warn` logs a warning there; it reads as `warning: …` in the CLI's Diagnostics and as a warning
 *   diagnostic in `--json`. When that service cannot be reached, the warning goes to standard
 *   error, which the CLI also shows.
 * - `engineClient` is the connection itself, which engine-watch.ts watches.
 */
import * as path from "node:path";
import { pulumiInert, terminalText } from "../common/text";

type LogClient = { log(req: unknown, cb: (err: Error | null) => void): void; getChannel(): unknown };

let client: LogClient | null | undefined;
let pb: {
  LogRequest: new () => { setSeverity(n: number): void; setMessage(s: string): void; setUrn(s: string): void };
  LogSeverity: { WARNING: number };
};

/** An engine address as the engine passes it: host:port. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const address = argv[2];
  return isEngineAddress(address) ? address : undefined;
}

export function isEngineAddress(address: string | undefined): address is string {
  return !!address && /^[\w.:[\]-]+:\d+$/.test(address);
}

/** The SDK's own gRPC library, the one the dynamic-provider host runs on. */
export function grpcOfSdk(): typeof import("@grpc/grpc-js") {
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
}

/** A client of the engine at `address` (the first argument by default); null when there is none. */
export function engineClient(address = engineAddress()): LogClient | null {
  if (client !== undefined && address === engineAddress()) return client;
  let made: LogClient | null = null;
  if (address) {
    try {
      const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
      const grpc = grpcOfSdk();
      const rpc = require(path.join(pulumiDir, "proto", "engine_grpc_pb"));
      pb = require(path.join(pulumiDir, "proto", "engine_pb"));
      made = new rpc.EngineClient(address, grpc.credentials.createInsecure()) as LogClient;
    } catch {
      made = null;
    }
  }
  if (address === engineAddress()) client = made;
  return made;
}

/** Logs `message` as a warning under the stack. Never throws. */
export function warn(message: string): Promise<void> {
  const c = engineClient();
  if (!c) {
    console.error(`warning: ${pulumiInert(terminalText(message))}`);
    return Promise.resolve();
  }
  const req = new pb.LogRequest();
  req.setSeverity(pb.LogSeverity.WARNING);
  req.setMessage(pulumiInert(terminalText(message)));
  req.setUrn("");
  return new Promise((resolve) =>
    c.log(req, (err) => {
      if (err) console.error(`warning: ${pulumiInert(terminalText(message))}`);
      resolve();
    }),
  );
}

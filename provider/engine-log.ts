/**
 * Warnings from the dynamic-provider process into Pulumi's own output. The engine starts a
 * provider with the address of its Log service as the first argument; a warning logged there
 * reads as `warning: …` in the CLI's Diagnostics and as a warning diagnostic in `--json`. When
 * that service cannot be reached, the warning goes to standard error, which the CLI also shows.
 */
import * as path from "node:path";
import { pulumiInert } from "../common/text";

type LogClient = { log(req: unknown, cb: (err: Error | null) => void): void };

let client: LogClient | null | undefined;
let pb: { LogRequest: new () => { setSeverity(n: number): void; setMessage(s: string): void; setUrn(s: string): void }; LogSeverity: { WARNING: number } };

function engine(): LogClient | null {
  if (client !== undefined) return client;
  client = null;
  const address = process.argv[2];
  if (!address || !/^[\w.:[\]-]+:\d+$/.test(address)) return client;
  try {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
    const rpc = require(path.join(pulumiDir, "proto", "engine_grpc_pb"));
    pb = require(path.join(pulumiDir, "proto", "engine_pb"));
    client = new rpc.EngineClient(address, grpc.credentials.createInsecure()) as LogClient;
  } catch {
    client = null;
  }
  return client;
}

/** Logs `message` as a warning under the stack. Never throws. */
export function warn(message: string): Promise<void> {
  const c = engine();
  if (!c) {
    console.error(`warning: ${pulumiInert(message)}`);
    return Promise.resolve();
  }
  const req = new pb.LogRequest();
  req.setSeverity(pb.LogSeverity.WARNING);
  req.setMessage(pulumiInert(message));
  req.setUrn("");
  return new Promise((resolve) =>
    c.log(req, (err) => {
      if (err) console.error(`warning: ${pulumiInert(message)}`);
      resolve();
    }),
  );
}

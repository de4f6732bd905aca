import * as fs from "node:fs";
import type { RequestEvent } from "./options";

/**
 * The request log (`genesyscloud:requestLogFile`): one JSON line per request as it leaves and per
 * answer as it comes, appended to `file` synchronously, so that a request is on record before it
 * is handed to the network, whatever happens to the process next. Method, path, status, time and
 * process ID only: never a header, a body or a token. For debugging, and for knowing after a
 * killed run what it had sent.
 */
export function appendingRequestLog(file: string): (event: RequestEvent) => void {
  return (event) => {
    fs.appendFileSync(file, JSON.stringify({ ...event, pid: process.pid }) + "\n");
  };
}

/** The lines of a request log, read back. */
export function readRequestLog(text: string): (RequestEvent & { pid: number })[] {
  return text
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l) as RequestEvent & { pid: number });
}

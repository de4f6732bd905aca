#!/usr/bin/env node
import "../common/exit-on-unsupported-node";
import { readFileSync } from "node:fs";
import { Command, InvalidArgumentError } from "commander";
import { exitOnClosedPipe, parse, program, stopWithParent, Streams, UsageError } from "../common/command-line";
import { startEmulator } from "./server";
import { DEFAULT_SEED_PATH, loadSeedFile } from "./seed";
import { admin, adminCommands } from "./admin";
import { settingsLines } from "./tutorial";

/** A parser for a whole number flag in [min, max]; commander names the flag and the value when it throws. */
function whole(min: number, max: number, what: string) {
  return (raw: string): number => {
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) throw new InvalidArgumentError(`It must be ${what}.`);
    return Number(raw);
  };
}

interface ServeOptions {
  port: number;
  host: string;
  seed?: string;
  org: string[];
  state?: string;
  latency: number;
  faultSeed?: number;
  rateLimit?: number;
  appRateLimit?: number;
  loginRateLimit?: number;
  lenient?: boolean;
  tlsCert?: string;
  tlsKey?: string;
  controlToken?: string;
}

/** genesys-emulator's flags, help and usage, and its admin commands, in one place. */
function commands(streams: Streams): Command {
  const root = program("genesys-emulator", streams)
    .description(
      `A local Genesys Cloud org (login + the Platform API parts pulumi-genesys-grants uses). Prints "genesys-emulator listening on URL" as its first line, then the settings to paste (environment variables and stack config for the org's CI client), then serves until stopped.`,
    )
    .option("--port <N>", "port to listen on; 0 picks a free one", whole(0, 65535, "a port, 0 to 65535"), 8787)
    .option(
      "--host <H>",
      "address to bind; beyond loopback, the control plane (/__emulator/*) needs the token printed at start (or --control-token)",
      "127.0.0.1",
    )
    .option(
      "--control-token <TOKEN>",
      "the bearer token the control plane (/__emulator/*) requires (else GENESYS_EMULATOR_CONTROL_TOKEN; made up at start when --host is beyond loopback)",
    )
    .option("--seed <FILE>", "org to start from (default: the built-in demo org)")
    .option(
      "--org <SEED>",
      "a further org behind the same URL, from this seed file (repeat for more); the credentials choose the org, as at the vendor. Held in memory",
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option("--state <FILE>", "persist the (first) org here and resume from it after a restart")
    .option("--latency <MS>", "fixed delay added to every vendor request", whole(0, 600_000, "a whole number of milliseconds"), 0)
    .option(
      "--fault-seed <N>",
      "seed of the draws of faults injected with a probability (replays a run)",
      whole(0, 2 ** 32 - 1, "an integer 0-4294967295"),
    )
    .option(
      "--rate-limit <N>",
      "requests each access token may make per rolling minute, as the vendor's client.credentials.token.rate.per.minute (300 there); past it, 429 with Retry-After, as the vendor answers. Off by default",
      whole(1, Number.MAX_SAFE_INTEGER, "a whole number of requests per minute, 1 or more"),
    )
    .option(
      "--app-rate-limit <N>",
      "requests each OAuth client may make per rolling minute over all its tokens, as the vendor's org.app.user.rate.per.minute (3000 there). Off by default",
      whole(1, Number.MAX_SAFE_INTEGER, "a whole number of requests per minute, 1 or more"),
    )
    .option(
      "--login-rate-limit <N>",
      "the token endpoint's limit: logins each OAuth client may make per rolling 10 seconds; past it, the vendor's 400 invalid_request (rate limit exceeded). Modelled: the vendor publishes no figure. Off by default",
      whole(1, Number.MAX_SAFE_INTEGER, "a whole number of logins per 10 seconds, 1 or more"),
    )
    .option(
      "--lenient",
      "accept bodies as fastify does by default (coerce types, drop unknown fields) instead of answering 400 constraint.validation",
    )
    .option("--tls-cert <FILE>", "serve HTTPS with this PEM certificate (with --tls-key)")
    .option("--tls-key <FILE>", "the certificate's PEM key (with --tls-cert)")
    .action((o: ServeOptions) => serve(o, streams));
  adminCommands(root, (request) => admin(request, process.env, (line) => void streams.out.write(line + "\n")));
  return root;
}

async function serve(o: ServeOptions, { out }: Streams): Promise<void> {
  if (!o.tlsCert !== !o.tlsKey) throw new UsageError("--tls-cert and --tls-key go together: give both, or neither for plain HTTP");
  const tls = o.tlsCert && o.tlsKey ? { cert: readFileSync(o.tlsCert, "utf8"), key: readFileSync(o.tlsKey, "utf8") } : undefined;
  const emulator = await startEmulator({
    port: o.port,
    host: o.host,
    seed: o.seed,
    orgs: o.org,
    statePath: o.state,
    latencyMs: o.latency,
    faultSeed: o.faultSeed,
    rateLimitPerMinute: o.rateLimit,
    appRateLimitPerMinute: o.appRateLimit,
    loginRateLimit: o.loginRateLimit,
    lenient: o.lenient,
    tls,
    controlToken: o.controlToken ?? process.env.GENESYS_EMULATOR_CONTROL_TOKEN,
  });
  out.write(`genesys-emulator listening on ${emulator.url}\n`);
  out.write(
    settingsLines(emulator.url, emulator.context.store.snapshot(), process.env, loadSeedFile(o.seed ?? DEFAULT_SEED_PATH)).join("\n") +
      "\n",
  );
  if (emulator.controlToken) {
    out.write(
      `# The control plane (/__emulator/*) answers only with this header, as the emulator listens beyond loopback:\n# Authorization: Bearer ${emulator.controlToken}\n`,
    );
  }
  // Once, whichever comes first (a signal, the parent gone): a second close() of the server would
  // wait for the first forever. Closing is bounded: after 3 s the process exits anyway.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 3000).unref();
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Whatever a user started (npx, npm run emulator), killing it stops the emulator and frees its port.
  stopWithParent(stop);
}

exitOnClosedPipe();
const streams = { out: process.stdout, err: process.stderr };
// A seed that is not one is a usage error (2), as a bad flag is; anything else fails with 1.
parse(commands(streams), process.argv.slice(2), streams, { code: 0 }, 1).then((code) => {
  if (code !== 0) process.exit(code);
});

#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { SeedError } from "./seed";
import { startEmulator } from "./server";
import { admin, AdminUsageError } from "./admin";
import { settingsLines } from "./tutorial";

const USAGE = `genesys-emulator: a local Genesys Cloud org (login + Platform API parts used by pulumi-genesys-grants)

Usage: genesys-emulator [--port N] [--host 127.0.0.1] [--seed FILE] [--state FILE] [--latency MS]
                        [--fault-seed N] [--rate-limit N] [--app-rate-limit N] [--lenient]
                        [--tls-cert FILE --tls-key FILE]
       genesys-emulator admin authorize|rescope|revoke CLIENT_ID [SCOPE...]   (see admin --help)

Prints "genesys-emulator listening on URL" as its first line, then the settings to paste
(GENESYSCLOUD_API_URL and the org's admin client), then serves until stopped.

  --port N       port to listen on; 0 picks a free one (default 8787)
  --host H       address to bind (default 127.0.0.1)
  --seed FILE    org to start from (default: the built-in demo org)
  --state FILE   persist the org here and resume from it after a restart
  --latency MS   fixed delay added to every vendor request
  --fault-seed N seed of the draws of faults injected with a probability (replays a run)
  --rate-limit N requests each access token may make per rolling minute, as the vendor's
                 client.credentials.token.rate.per.minute (300 there); past it, 429 with
                 Retry-After, as the vendor answers. Off by default
  --app-rate-limit N
                 requests each OAuth client may make per rolling minute over all its tokens,
                 as the vendor's org.app.user.rate.per.minute (3000 there). Off by default
  --lenient      accept bodies as fastify does by default (coerce types, drop unknown
                 fields) instead of answering 400 constraint.validation
  --tls-cert FILE, --tls-key FILE
                 serve HTTPS with this PEM certificate and key (both or neither)
`;

async function main(): Promise<void> {
  if (process.argv[2] === "admin") return admin(process.argv.slice(3), process.env, (line) => process.stdout.write(line + "\n"));
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      seed: { type: "string" },
      state: { type: "string" },
      latency: { type: "string", default: "0" },
      "fault-seed": { type: "string" },
      "rate-limit": { type: "string" },
      "app-rate-limit": { type: "string" },
      lenient: { type: "boolean" },
      "tls-cert": { type: "string" },
      "tls-key": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const port = Number(values.port);
  const latencyMs = Number(values.latency);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SeedError(`--port must be 0-65535, got "${values.port}"`);
  if (!Number.isFinite(latencyMs) || latencyMs < 0) throw new SeedError(`--latency must be a non-negative number, got "${values.latency}"`);
  const faultSeed = values["fault-seed"] === undefined ? undefined : Number(values["fault-seed"]);
  if (faultSeed !== undefined && !(Number.isInteger(faultSeed) && faultSeed >= 0 && faultSeed < 2 ** 32)) {
    throw new SeedError(`--fault-seed must be an integer 0-4294967295, got "${values["fault-seed"]}"`);
  }
  const perMinute = (flag: "rate-limit" | "app-rate-limit"): number | undefined => {
    const raw = values[flag];
    if (raw === undefined) return undefined;
    if (!/^\d+$/.test(raw) || Number(raw) < 1)
      throw new SeedError(`--${flag} must be a whole number of requests per minute, 1 or more, got "${raw}"`);
    return Number(raw);
  };
  const rateLimitPerMinute = perMinute("rate-limit");
  const appRateLimitPerMinute = perMinute("app-rate-limit");
  if (!values["tls-cert"] !== !values["tls-key"])
    throw new SeedError("--tls-cert and --tls-key go together: give both, or neither for plain HTTP");
  const tls =
    values["tls-cert"] && values["tls-key"]
      ? { cert: readFileSync(values["tls-cert"], "utf8"), key: readFileSync(values["tls-key"], "utf8") }
      : undefined;
  const emulator = await startEmulator({
    port,
    host: values.host,
    seed: values.seed,
    statePath: values.state,
    latencyMs,
    faultSeed,
    rateLimitPerMinute,
    appRateLimitPerMinute,
    lenient: values.lenient,
    tls,
  });
  process.stdout.write(`genesys-emulator listening on ${emulator.url}\n`);
  process.stdout.write(settingsLines(emulator.url, emulator.context.store.snapshot(), process.env).join("\n") + "\n");
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((e) => {
  process.stderr.write(`genesys-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(
    e instanceof SeedError || e instanceof AdminUsageError || (e as NodeJS.ErrnoException).code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? 2 : 1,
  );
});

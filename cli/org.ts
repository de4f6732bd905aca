import { execFileSync } from "node:child_process";
import { describeRetry, GenesysClient, RetryInfo } from "../genesys";
import { clientOptions, ProviderSettings, readConfigValues, resolveSettings } from "../provider/settings";
import { OrgView, orgViewFor } from "../provider/org";
import { unknownConfigKeys } from "../provider/settings";
import { terminalText } from "../common/text";

export interface OrgFlags {
  region?: string;
  apiUrl?: string;
  /** The stack whose `genesyscloud:*` config to read (--stack), in the Pulumi project of the working directory. */
  stack?: string;
}

/** The stack config can't be read: no pulumi on PATH, not a project directory, no such stack, a locked secret. */
export class StackConfigError extends Error {}

/**
 * A stack's `genesyscloud:*` config, secrets included, as the provider sees it: through the
 * Pulumi CLI (`pulumi config --show-secrets --json`), in the project of `cwd`. The values stay
 * in this process.
 */
/** Runs `pulumi ARGS --stack NAME` in the project of `cwd` for --stack; `what` names what it reads, for the error. */
function pulumiForStack(stack: string, args: string[], what: string, cwd: string, env: NodeJS.ProcessEnv): string {
  const command = ["pulumi", ...args, "--stack", stack].join(" ");
  try {
    return execFileSync("pulumi", [...args, "--stack", stack, "--non-interactive"], {
      cwd,
      env,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    const why =
      err.code === "ENOENT" ? "no pulumi CLI on PATH" : ((err.stderr ?? "").trim().split("\n").filter(Boolean).pop() ?? err.message);
    throw new StackConfigError(
      `--stack ${stack}: cannot read the stack's ${what} with \`${command}\` in ${cwd} (${why}); ` +
        "run genesys-grants in the Pulumi project's directory, with pulumi on PATH, logged in to the stack's backend (and PULUMI_CONFIG_PASSPHRASE set for a passphrase-protected stack)",
    );
  }
}

/** A stack's state, as `pulumi stack export` writes it (audit --stack). */
export function readStackState(stack: string, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): string {
  return pulumiForStack(stack, ["stack", "export"], "state", cwd, env);
}

export function readStackConfig(stack: string, cwd: string = process.cwd(), env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out = pulumiForStack(stack, ["config", "--show-secrets", "--json"], "config", cwd, env);
  const doc = JSON.parse(out) as Record<string, { value?: unknown }>;
  // A misspelt key changes nothing: named here as at preview, and fatal where it keeps a safeguard.
  const unknown = unknownConfigKeys(Object.keys(doc));
  const failing = unknown.filter((u) => u.fails);
  if (failing.length > 0) throw new StackConfigError(`--stack ${stack}: ${failing.map((u) => u.message).join("; ")}`);
  for (const u of unknown) process.stderr.write(`genesys-grants: warning: ${terminalText(u.message)}\n`);
  return readConfigValues((key) => {
    const v = doc[key]?.value;
    return v === undefined || v === null ? undefined : String(v);
  });
}

/** genesys-grants's settings: its flags, then the stack's config (with --stack), then the same GENESYSCLOUD_* variables as the provider. */
export function cliSettings(flags: OrgFlags, env: NodeJS.ProcessEnv = process.env): ProviderSettings {
  const config = flags.stack !== undefined ? readStackConfig(flags.stack, process.cwd(), env) : undefined;
  return resolveSettings({ flags: { region: flags.region, apiUrl: flags.apiUrl }, config, env });
}

/** The one client genesys-grants talks to the org with. Throws a SettingsError when credentials are missing. */
export function orgClient(
  flags: OrgFlags,
  env: NodeJS.ProcessEnv = process.env,
  err?: NodeJS.WritableStream,
  userAgent = "genesys-grants (CLI)",
): GenesysClient {
  return clientFor(cliSettings(flags, env), err, userAgent);
}

/** Each retry, announced on `err` as it starts to wait, so that a wait is never silent. */
function announcing(err: NodeJS.WritableStream | undefined): ((info: RetryInfo) => void) | undefined {
  return err && ((i) => void err.write(`genesys-grants: ${describeRetry(i)}\n`));
}

/** genesys-grants's own default for maxRetryElapsedMs: a person waits at the terminal (the provider's is the HTTP layer's). */
export const CLI_MAX_RETRY_ELAPSED_MS = 30_000;

/** A client for resolved settings: a person waits at the terminal, so retries stop after 30 s unless a setting says otherwise. */
export function clientFor(settings: ProviderSettings, err?: NodeJS.WritableStream, userAgent = "genesys-grants (CLI)"): GenesysClient {
  const options = clientOptions(settings);
  return new GenesysClient({
    ...options,
    userAgent,
    maxRetryElapsedMs: options.maxRetryElapsedMs ?? CLI_MAX_RETRY_ELAPSED_MS,
    onRetry: announcing(err),
  });
}

/** The org as the provider sees it, for resolved settings; each retry is announced on `err`. */
export function orgView(settings: ProviderSettings, err: NodeJS.WritableStream): OrgView {
  return orgViewFor(clientFor(settings, err), settings);
}

#!/usr/bin/env node
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { terminalText } from "../common/text";
import { GenesysClient } from "../provider/genesys";
import { readGrants, renderGrantsFile, renderTypeScript } from "./export";
import { assertSameOrg, audit, managedGrants, renderFindings } from "./audit";
import { addedWriteScopes, Catalogue, failedPreviewLine, renderDiff, renderFailedPreview } from "./diff-markdown";
import { Preview, PreviewFormatError, readPreview } from "./preview";
import { cliSettings, clientFor, OrgFlags, orgClient, readStackState } from "./org";
import { orgWords } from "../provider/settings";
import { doctor, renderChecks } from "./doctor";
import { pulumiIn, recover } from "./recover";

/**
 * Exit codes: 0 done, 1 audit found something (or doctor a failed check), 2 --fail-on-write-scopes
 * tripped or the command line is not one (no command, an unknown command or flag, a flag missing or
 * with a value it does not take), 3 the command failed.
 */
export const EXIT = { ok: 0, findings: 1, policy: 2, usage: 2, error: 3 } as const;

/** A flag, as parseArgs reads it and as the help shows it: one definition for both. */
interface Flag {
  type: "string" | "boolean";
  short?: string;
  /** The value's placeholder in the help (string flags). */
  value?: string;
  help: string;
}

/** A command: its arguments, what it does, its own flags; the org flags are added to those that reach the org. */
interface Command {
  args: string;
  summary: string;
  description: string;
  flags: Record<string, Flag>;
  org: boolean;
}

/** How genesys-grants finds the org: the same settings as the provider, these flags first. */
const ORG_FLAGS: Record<string, Flag> = {
  stack: {
    type: "string",
    value: "NAME",
    help: "read the stack's genesyscloud:* config (secrets included) through the pulumi CLI, in this directory's Pulumi project; flags come first, the environment last",
  },
  region: {
    type: "string",
    value: "R",
    help: "the org's region (else genesyscloud:region with --stack, else GENESYSCLOUD_REGION; default us-east-1)",
  },
  "api-url": {
    type: "string",
    value: "URL",
    help: "a base URL overriding the region, such as the emulator's http://127.0.0.1:8787 (else genesyscloud:apiUrl, else GENESYSCLOUD_API_URL)",
  },
};
const HELP_FLAG: Flag = { type: "boolean", short: "h", help: "this help" };

const COMMANDS: Record<string, Command> = {
  diff: {
    args: "[FILE]",
    summary: "Markdown for a pull request from `pulumi preview --json` (FILE or standard input)",
    description: `Reads the JSON of \`pulumi preview --json\` from FILE (or standard input) and prints Markdown for
a pull-request comment: one section per client (authorized, taken over, adopted, re-scoped,
replaced, revoked), the scopes and roles added and removed, each scope with its description from
the org's catalogue when the org is reachable, write scopes (not :readonly) flagged.

A preview that failed (an error in its JSON, such as a failed check, or a mandatory policy
violation) or an input that is not a whole preview is no plan: the comment says the preview
failed and lists its errors, and the command exits 3 whatever the flags, --offline included. A
CI job that pipes the preview into this command stays red without pipefail.`,
    flags: {
      "fail-on-write-scopes": { type: "boolean", help: "exit 2 when a write scope is added (a policy gate)" },
      offline: { type: "boolean", help: "do not contact the org (no descriptions)" },
      manual: {
        type: "boolean",
        help: "add, for each client, the steps an administrator follows in the admin UI (for genesyscloud:applyMode manual)",
      },
    },
    org: true,
  },
  export: {
    args: "",
    summary: "the org's grants as code (a Pulumi program or a grants file), adopting them",
    description: `Reads the org's authorized clients and writes a Pulumi program (ts, the default) or a grants
file (yaml) declaring them with onExisting: "adopt", so \`pulumi up\` takes them under
management and a second \`pulumi preview\` shows no changes.`,
    flags: {
      format: { type: "string", value: "ts|yaml", help: "TypeScript program or grants file (default ts)" },
      out: { type: "string", value: "FILE", help: "write to FILE instead of standard output" },
    },
    org: true,
  },
  audit: {
    args: "",
    summary: "grants in the org that a stack does not manage, and managed ones that drifted",
    description: `Compares the org with a stack's state: lists authorized clients live in the org that the stack
does not manage, and managed grants whose live scopes, roles or state differ, naming each scope
and role added or removed, with who changed them and when. Exits 1 when anything is found.

The state is the stack's with --stack (read with \`pulumi stack export\`, as its config is), or
the JSON of \`pulumi stack export\` in a file with --stack-state (- for standard input); one of
the two is needed.`,
    flags: {
      "stack-state": {
        type: "string",
        value: "FILE",
        help: "the output of `pulumi stack export` (- for standard input); else the state of --stack",
      },
    },
    org: true,
  },
  doctor: {
    args: "",
    summary: "settings, login, org, permissions, network, clock and proxy, checked without writing",
    description: `Checks, in order and without writing anything: each setting and where it came from (a flag, the
stack's config with --stack, or the environment; secrets only as set), the login (region, login
host, the token's kind and expiry), the org, the permissions the provider needs
(oauth:client:authorize, and authorization:role:view), each probed through the call that needs
it, the reachability and latency of each endpoint, the clock against the org's, and the proxy.
One line per check, ✔ or ✘; every ✘ names the setting to fix. Exits 1 when a check fails.`,
    flags: {
      json: { type: "boolean", help: "the checks as JSON" },
      "with-roles": { type: "boolean", help: "require authorization:role:view (a resource names roles)" },
    },
    org: true,
  },
  recover: {
    args: "",
    summary: "after a killed `pulumi up` or destroy: remove the dead run's lock, settle what it left pending against the org",
    description: `The one command after a run was killed (a cancelled CI job, a lost machine). In the Pulumi
project of this directory, for the stack --stack names:
- it removes the dead run's lock when it can tell the run is gone (it ran on this host and its
  process is no more); otherwise it names the run and needs --force;
- it settles every operation the run left pending against the org: a grant the run authorized
  (live, and last written with the stack's own OAuth client) is recorded in the state; the rest are
  cleared; a pending update or revoke keeps what is live;
- it writes the state back (\`pulumi stack import\`), and prints what it did and what is live.
Afterwards \`pulumi up\` converges the org to the program, and \`pulumi destroy\` revokes every
grant of the stack. Only reads reach the org.`,
    flags: {
      force: {
        type: "boolean",
        help: "remove the lock even when this command cannot tell that its run is gone (another host, or its process still running)",
      },
    },
    org: true,
  },
};

/** A command's flags, as parseArgs takes them and in the order the help lists them. */
function flagsOf(name: string): Record<string, Flag> {
  const c = COMMANDS[name];
  return { ...c.flags, ...(c.org ? ORG_FLAGS : {}), help: HELP_FLAG };
}

function synopsis(name: string): string {
  const c = COMMANDS[name];
  const flag = ([f, d]: [string, Flag]) => `[--${f}${d.value ? ` ${d.value}` : ""}]`;
  const flags = [...Object.entries(c.flags), ...(c.org ? Object.entries(ORG_FLAGS) : [])].map(flag);
  return ["genesys-grants", name, c.args, ...flags].filter(Boolean).join(" ");
}

function commandHelp(name: string): string {
  const rows = Object.entries(flagsOf(name)).map(([f, d]) => {
    const left = `  ${d.short ? `-${d.short}, ` : ""}--${f}${d.value ? ` ${d.value}` : ""}`;
    return `${left.padEnd(30)} ${d.help}`;
  });
  return `${synopsis(name)}\n\n${COMMANDS[name].description}\n\n${rows.join("\n")}\n`;
}

function mainHelp(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${synopsis(name)}\n      ${c.summary}`);
  return `genesys-grants: review and operate Genesys Cloud authorized OAuth clients managed with pulumi-genesys-grants

Usage:
${lines.join("\n")}
  genesys-grants <command> --help      a command's flags, each explained

The org is named as for the provider: GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET
(or GENESYSCLOUD_ACCESS_TOKEN), GENESYSCLOUD_REGION, GENESYSCLOUD_API_URL; --stack NAME reads a
stack's genesyscloud:* config instead; --region and --api-url come first.

Exit codes: 0 done; 1 audit found something, or doctor a failed check; 2 --fail-on-write-scopes found
a write scope added, or a usage error (no command, an unknown command or flag, a flag missing or with
a value it does not take); 3 the command failed
(a preview that failed or is not whole, missing credentials, the org refused or did not answer).
`;
}

/** parseArgs's options for a command, from the same definitions as its help. */
function parseOptions(name: string) {
  return Object.fromEntries(
    Object.entries(flagsOf(name)).map(([f, d]) => [f, d.short ? { type: d.type, short: d.short } : { type: d.type }]),
  ) as Record<string, { type: "string" | "boolean"; short?: string }>;
}

class UsageError extends Error {}

function readInput(file: string | undefined): string {
  try {
    return fs.readFileSync(file === undefined || file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file ?? "standard input"}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { cause: e });
  }
}

/** Flags that reach the org, as cliSettings takes them. */
function orgFlags(values: Record<string, unknown>): OrgFlags {
  return {
    region: values.region as string | undefined,
    apiUrl: values["api-url"] as string | undefined,
    stack: values.stack as string | undefined,
  };
}

/** A client for the org; each retry is announced on `err`, so a wait is never silent. */
function client(values: Record<string, unknown>, err: NodeJS.WritableStream): GenesysClient {
  return orgClient(orgFlags(values), process.env, err);
}

type Values = Record<string, string | boolean | undefined>;

async function diffCommand(values: Values, positionals: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  if (positionals.length > 1) throw new UsageError("diff takes at most one FILE");
  let preview: Preview;
  try {
    preview = readPreview(readInput(positionals[0]));
  } catch (e) {
    if (!(e instanceof PreviewFormatError)) throw e;
    preview = { changes: [], errors: [{ message: e.message }] };
  }
  // A failed preview is no plan: the comment says so, and the exit code fails closed, whatever the flags.
  if (preview.errors.length > 0) {
    out.write(renderFailedPreview(preview.errors));
    err.write(`genesys-grants: ${terminalText(failedPreviewLine(preview.errors))}\n`);
    return EXIT.error;
  }
  const changes = preview.changes;
  let catalogue: Catalogue | undefined;
  let note: string | undefined;
  if (!values.offline && changes.length > 0) {
    try {
      const api = client(values, err);
      const [org, scopes, listing] = await Promise.all([api.getOrganization(), api.listScopes(), api.listAuthorizations()]);
      catalogue = {
        org,
        descriptions: new Map(scopes.entities.map((s) => [s.id, s.description ?? ""])),
        clientNames: new Map(listing.entities.map((a) => [a.client.id, a.client.name])),
      };
      // Clients never authorized are not in the listing: ask for each by ID.
      await Promise.all(
        changes
          .filter((c) => !catalogue!.clientNames.has(c.clientId) && c.clientId)
          .map((c) =>
            api.getAuthorization(c.clientId).then(
              (a) => catalogue!.clientNames.set(c.clientId, a.client.name),
              () => undefined,
            ),
          ),
      );
    } catch (e) {
      note = `Scope descriptions unavailable: ${(e as Error).message}`;
    }
  }
  out.write(renderDiff(changes, catalogue, note, values.manual === true));
  return values["fail-on-write-scopes"] && addedWriteScopes(changes).length > 0 ? EXIT.policy : EXIT.ok;
}

async function exportCommand(
  values: Values,
  positionals: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  if (positionals.length > 0) throw new UsageError("export takes no positional argument");
  const format = values.format ?? "ts";
  if (format !== "ts" && format !== "yaml") throw new UsageError(`--format must be ts or yaml, not "${format}"`);
  const api = client(values, err);
  const [org, { grants, warnings }] = await Promise.all([api.getOrganization(), readGrants(api)]);
  for (const w of warnings) err.write(`genesys-grants: warning: ${terminalText(w)}\n`);
  const text = format === "ts" ? renderTypeScript(grants, org) : renderGrantsFile(grants, org);
  if (typeof values.out === "string") {
    fs.writeFileSync(values.out, text);
    err.write(`genesys-grants: wrote ${grants.length} grant(s) to ${values.out}\n`);
  } else {
    out.write(text);
  }
  return EXIT.ok;
}

async function auditCommand(
  values: Values,
  positionals: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  if (positionals.length > 0) throw new UsageError("audit takes no positional argument");
  if (typeof values["stack-state"] !== "string" && typeof values.stack !== "string") {
    throw new UsageError(
      "audit needs the stack's state: --stack NAME (read with `pulumi stack export`), or --stack-state FILE (the output of `pulumi stack export`)",
    );
  }
  const managed = managedGrants(
    typeof values["stack-state"] === "string" ? readInput(values["stack-state"]) : readStackState(values.stack as string),
  );
  const settings = cliSettings(orgFlags(values));
  const api = clientFor(settings, err);
  const org = await api.getOrganization();
  assertSameOrg(managed, org, orgWords(settings).credentials);
  const findings = await audit(api, managed);
  out.write(renderFindings(findings, managed.length, org));
  return findings.length > 0 ? EXIT.findings : EXIT.ok;
}

async function doctorCommand(values: Values, positionals: string[], out: NodeJS.WritableStream): Promise<number> {
  if (positionals.length > 0) throw new UsageError("doctor takes no positional argument");
  const checks = await doctor({ ...orgFlags(values), withRoles: values["with-roles"] === true }, process.env);
  out.write(values.json ? JSON.stringify({ checks }, null, 2) + "\n" : renderChecks(checks));
  return checks.some((c) => c.status === "fail") ? EXIT.findings : EXIT.ok;
}

async function recoverCommand(
  values: Values,
  positionals: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
): Promise<number> {
  if (positionals.length > 0) throw new UsageError("recover takes no positional argument");
  if (typeof values.stack !== "string")
    throw new UsageError("recover needs --stack NAME: the stack whose killed run to recover, in this directory's Pulumi project");
  const flags = orgFlags(values);
  await recover({
    stack: values.stack,
    force: values.force === true,
    settings: () => cliSettings(flags),
    pulumi: pulumiIn(process.cwd(), process.env),
    out,
    err,
  });
  return EXIT.ok;
}

const RUN: Record<
  string,
  (values: Values, positionals: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream) => Promise<number>
> = {
  recover: recoverCommand,
  diff: diffCommand,
  export: exportCommand,
  audit: auditCommand,
  doctor: doctorCommand,
};

export async function run(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === "help" || command === "--help" || command === "-h") return (out.write(mainHelp()), EXIT.ok);
  if (command === undefined) {
    err.write(mainHelp());
    return EXIT.usage;
  }
  if (!(command in COMMANDS)) {
    err.write(
      `genesys-grants: unknown command ${JSON.stringify(terminalText(command))}; the commands are ${Object.keys(COMMANDS).join(", ")} (genesys-grants --help)\n`,
    );
    return EXIT.usage;
  }
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: rest, allowPositionals: true, options: parseOptions(command) }) as typeof parsed;
  } catch (e) {
    err.write(`genesys-grants ${command}: ${terminalText((e as Error).message)}; run genesys-grants ${command} --help\n`);
    return EXIT.usage;
  }
  if (parsed.values.help) return (out.write(commandHelp(command)), EXIT.ok);
  try {
    return await RUN[command](parsed.values, parsed.positionals, out, err);
  } catch (e) {
    err.write(`genesys-grants: ${terminalText((e as Error).message)}\n`);
    return e instanceof UsageError ? EXIT.usage : EXIT.error;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

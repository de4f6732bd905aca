#!/usr/bin/env node
import "../common/exit-on-unsupported-node";
import * as fs from "node:fs";
import * as path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { Command, Help, Option } from "commander";
import { exitOnClosedPipe, parse, program, Streams, UsageError } from "../common/command-line";
import { terminalText } from "../common/text";
import { unreadable } from "../common/files";
import { addedWriteScopes, Catalogue, failedPreviewLine, renderDiff, renderFailedPreview } from "./diff-markdown";
import { Preview, PreviewFormatError, readPreview } from "./preview";
// Each command loads what it uses: the org's HTTP client (axios, the proxy agents) and the
// provider's settings come with the commands that reach the org, when they run (a dynamic import),
// so `--help` and `diff --offline` load none of it.
import type { OrgFlags } from "./org";

/**
 * Exit codes: 0 done, 1 audit found something (or doctor a failed check), 2 --fail-on-write-scopes
 * tripped or the command line is not one (see common/command-line.ts), 3 the command failed.
 */
export const EXIT = { ok: 0, findings: 1, policy: 2, usage: 2, error: 3 } as const;

/** How genesys-grants finds the org: the same settings as the provider, these flags first. */
function orgOptions(stackRequired = false): Option[] {
  const stack = new Option(
    "--stack <NAME>",
    "read the stack's genesyscloud:* config (secrets included) through the pulumi CLI, in this directory's Pulumi project; flags come first, the environment last",
  );
  return [
    stackRequired ? stack.makeOptionMandatory() : stack,
    new Option("--region <R>", "the org's region (else genesyscloud:region with --stack, else GENESYSCLOUD_REGION; default us-east-1)"),
    new Option(
      "--api-url <URL>",
      "a base URL overriding the region, such as the emulator's http://127.0.0.1:8787 (else genesyscloud:apiUrl, else GENESYSCLOUD_API_URL)",
    ),
  ];
}

/** A command's synopsis: its arguments, then every flag it takes but --help. */
function synopsis(command: Command): string {
  const args = command.registeredArguments.map((a) => (a.required ? `<${a.name()}>` : `[${a.name()}]`));
  const flags = command.options.filter((o) => o.long !== "--help").map((o) => `[${o.flags}]`);
  return [...args, ...flags].join(" ");
}

function mainHelp(root: Command): string {
  const lines = root.commands
    .filter((c) => c.name() !== "help")
    .map((c) => `  genesys-grants ${c.name()} ${c.usage()}\n      ${c.summary()}`);
  return `genesys-grants: review and operate Genesys Cloud authorized OAuth clients managed with pulumi-genesys-grants

Usage:
${lines.join("\n")}
  genesys-grants <command> --help      a command's flags, each explained
  genesys-grants --version             the package's version

The org is named as for the provider: GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET
(or GENESYSCLOUD_ACCESS_TOKEN), GENESYSCLOUD_REGION, GENESYSCLOUD_API_URL; --stack NAME reads a
stack's genesyscloud:* config instead; --region and --api-url come first.

${EXIT_CODES}
`;
}

const EXIT_CODES = `Exit codes: 0 done; 1 audit or review found something, or doctor a failed check; 2 --fail-on-write-scopes found
a write scope added, or a usage error (no command, an unknown command or flag, a flag missing or with
a value it does not take, a missing or extra argument); 3 the command failed
(a file that cannot be read, a preview that failed or is not whole, missing credentials, the org
refused or did not answer).`;

/** A file's text, or standard input's for none or `-`; `what` says what it must be, for the error. */
function readInput(file: string | undefined, what: string): string {
  try {
    return fs.readFileSync(file === undefined || file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read ${file === undefined || file === "-" ? "standard input" : file}: ${unreadable(e)}; give ${what}`);
  }
}

/** A file named on the command line that cannot be read: the command fails (exit 3), saying which and why. */
class InputError extends Error {}

const DIFF_SUMMARY = "Markdown for a pull request from `pulumi preview --json` (FILE or standard input)";
const DIFF_DESCRIPTION = `Reads the JSON of \`pulumi preview --json\` from FILE (or standard input) and prints Markdown for a pull-request comment: one section per client (authorized, taken over, adopted, re-scoped, replaced, revoked), the scopes and roles added and removed, each scope with its description from the org's catalogue when the org is reachable, write scopes (not :readonly) flagged.

A preview that failed (an error in its JSON, such as a failed check, or a mandatory policy violation) or an input that is not a whole preview is no plan: the comment says the preview failed and lists its errors, and the command exits 3 whatever the flags, --offline included. A CI job that pipes the preview into this command stays red without pipefail.`;
const EXPORT_SUMMARY = "the org's grants as code (a Pulumi program or a grants file), adopting them";
const EXPORT_DESCRIPTION = `Reads the org's authorized clients and writes a Pulumi program (ts, the default) or a grants file (yaml) declaring them with onExisting: "adopt", so \`pulumi up\` takes them under management and a second \`pulumi preview\` shows no changes.`;
const AUDIT_SUMMARY = "grants in the org that a stack does not manage, and managed ones that drifted";
const AUDIT_DESCRIPTION = `Compares the org with a stack's state: lists authorized clients live in the org that the stack does not manage, and managed grants whose live scopes, roles or state differ, naming each scope and role added or removed, with who changed them and when. Exits 1 when anything is found.

The state is the stack's with --stack (read with \`pulumi stack export\`, as its config is), or the JSON of \`pulumi stack export\` in a file with --stack-state (- for standard input); one of the two is needed.`;
const REVIEW_SUMMARY = "the access review: every authorized app of one org or a fleet, as JSON, CSV or an HTML page";
const REVIEW_DESCRIPTION = `Reads every authorized app of each org (concurrently, each org within its own budget) and the state of each stack that manages it, and writes one report: a row per app per org with its scopes (write scopes marked), roles, who authorized it and when, who changed it last, its state, the stack and URN that manage it or "not in code", its drift from that code, and a risk level. Apps declared in code and absent from the org are rows too. The report says when it was generated, by which client ID, with which version and commit, which orgs and stacks it covers, and per org whether the count of apps listed matches the count the API reported.

--stack NAME reviews the org of the stack's config and that stack; --fleet FILE reviews every org and stack the fleet file lists (docs/reviewing.md, "The fleet file"); with neither, the org of the environment, with no stack. --since PREVIOUS.json marks each app added or changed since that review, and lists those removed. With --out, the report is written whole (or not at all) with FILE.sha256 beside it.

Exits 1 when an app is not in code or drifted; 3 when an org or a stack could not be read, or an org's counts do not match (the report is written all the same, and says so).`;
const DOCTOR_SUMMARY = "settings, login, org, permissions, network, clock and proxy, checked without writing";
const DOCTOR_DESCRIPTION = `Checks, in order and without writing anything: each setting and where it came from (a flag, the stack's config with --stack, or the environment; secrets only as set), the login (region, login host, the token's kind and expiry), the org, the permissions the provider needs (oauth:client:authorize, and authorization:role:view), each probed through the call that needs it (credentials without oauth:client:authorize are called view-only: enough to preview, not to apply; a failure, unless --preview), the reachability and latency of each endpoint, the clock against the org's, and the proxy. One line per check, ✔ or ✘; every ✘ names the setting to fix. Exits 1 when a check fails.`;
const RECOVER_SUMMARY = "after a killed `pulumi up` or destroy: remove the dead run's lock, settle what it left pending against the org";
const RECOVER_DESCRIPTION = `The one command after a run was killed (a cancelled CI job, a lost machine). In the Pulumi project of this directory, for the stack --stack names:
- it removes the dead run's lock when it can tell the run is gone (it ran on this host and its process is no more); otherwise it names the run and needs --force;
- it settles every operation the run left pending against the org: a grant the run authorized (live, and last written with the stack's own OAuth client) is recorded in the state; the rest are cleared; a pending update or revoke keeps what is live;
- it writes the state back (\`pulumi stack import\`), and prints what it did and what is live.

Afterwards \`pulumi up\` converges the org to the program, and \`pulumi destroy\` revokes every grant of the stack. Only reads reach the org.`;

async function diffCommand(
  file: string | undefined,
  o: OrgFlags & { offline?: boolean; manual?: boolean; failOnWriteScopes?: boolean },
  { out, err }: Streams,
): Promise<number> {
  let preview: Preview;
  try {
    preview = readPreview(readInput(file, "the file `pulumi preview --json` wrote, or - for standard input"));
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
  if (!o.offline && changes.length > 0) {
    try {
      const [{ orgClient }, { isMissingPermission }] = await Promise.all([import("./org"), import("../genesys/errors")]);
      const api = orgClient(o, process.env, err);
      // A view-only credential may not read authorizations (the vendor asks for oauth:client:authorize):
      // the comment then names clients by ID, and the preview's own warnings say what was not checked.
      const [org, scopes, listing] = await Promise.all([
        api.getOrganization(),
        api.listScopes(),
        api.listAuthorizations().catch((e) => {
          if (isMissingPermission(e)) return undefined;
          throw e;
        }),
      ]);
      catalogue = {
        org,
        descriptions: new Map(scopes.entities.map((s) => [s.id, s.description ?? ""])),
        clientNames: new Map((listing?.entities ?? []).map((a) => [a.client.id, a.client.name])),
      };
      // Clients never authorized are not in the listing: ask for each by ID.
      await Promise.all(
        changes
          .filter((c) => listing && !catalogue!.clientNames.has(c.clientId) && c.clientId)
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
  out.write(renderDiff(changes, catalogue, note, o.manual === true));
  return o.failOnWriteScopes && addedWriteScopes(changes).length > 0 ? EXIT.policy : EXIT.ok;
}

async function exportCommand(o: OrgFlags & { format: "ts" | "yaml"; out?: string }, { out, err }: Streams): Promise<number> {
  const [{ orgClient }, { readGrants, renderGrantsFile, renderTypeScript }] = await Promise.all([import("./org"), import("./export")]);
  const api = orgClient(o, process.env, err);
  const [org, { grants, warnings }] = await Promise.all([api.getOrganization(), readGrants(api)]);
  for (const w of warnings) err.write(`genesys-grants: warning: ${terminalText(w)}\n`);
  const text = o.format === "ts" ? renderTypeScript(grants, org) : renderGrantsFile(grants, org);
  if (o.out !== undefined) {
    // Whole or not at all: a temporary file beside it, then renamed over it.
    writeFileAtomic.sync(o.out, text);
    err.write(`genesys-grants: wrote ${grants.length} grant(s) to ${o.out}\n`);
  } else {
    out.write(text);
  }
  return EXIT.ok;
}

async function auditCommand(o: OrgFlags & { stackState?: string }, { out, err }: Streams): Promise<number> {
  if (o.stackState === undefined && o.stack === undefined) {
    throw new UsageError(
      "audit needs the stack's state: --stack NAME (read with `pulumi stack export`), or --stack-state FILE (the output of `pulumi stack export`)",
    );
  }
  const [{ cliSettings, clientFor, readStackState }, { assertSameOrg, audit, managedGrants, renderFindings }] = await Promise.all([
    import("./org"),
    import("./audit"),
  ]);
  const managed = managedGrants(
    o.stackState !== undefined
      ? readInput(o.stackState, "the file `pulumi stack export` wrote, or - for standard input")
      : readStackState(o.stack!),
  );
  const settings = cliSettings(o);
  const api = clientFor(settings, err);
  const org = await api.getOrganization();
  assertSameOrg(managed, org, settings.names.orgWords.credentials);
  const findings = await audit(api, managed);
  out.write(renderFindings(findings, managed.length, org));
  return findings.length > 0 ? EXIT.findings : EXIT.ok;
}

async function reviewCommand(
  o: OrgFlags & { fleet?: string; format?: "json" | "csv" | "html"; out?: string; since?: string },
  { out, err }: Streams,
): Promise<number> {
  const { makeReview, reviewSummary, writeReport } = await import("./review");
  const { review, text, failures } = await makeReview(o, process.env, err);
  if (o.out !== undefined) {
    const digest = writeReport(o.out, text);
    err.write(`genesys-grants: wrote the review to ${o.out} (sha256 ${digest}, in ${o.out}.sha256)\n`);
  } else {
    out.write(text);
  }
  err.write(`genesys-grants: ${reviewSummary(review)}\n`);
  for (const f of failures) err.write(`genesys-grants: ${terminalText(f)}\n`);
  if (failures.length > 0) return EXIT.error;
  const { findingsOf } = await import("../review/model");
  return findingsOf(review).length > 0 ? EXIT.findings : EXIT.ok;
}

async function doctorCommand(o: OrgFlags & { json?: boolean; withRoles?: boolean; preview?: boolean }, { out }: Streams): Promise<number> {
  const { doctor, renderChecks } = await import("./doctor");
  const checks = await doctor({ ...o, withRoles: o.withRoles === true, preview: o.preview === true }, process.env);
  out.write(o.json ? JSON.stringify({ checks }, null, 2) + "\n" : renderChecks(checks));
  return checks.some((c) => c.status === "fail") ? EXIT.findings : EXIT.ok;
}

async function recoverCommand(o: OrgFlags & { stack: string; force?: boolean }, { out, err }: Streams): Promise<number> {
  const [{ cliSettings }, { pulumiIn, recover }] = await Promise.all([import("./org"), import("./recover")]);
  await recover({
    stack: o.stack,
    force: o.force === true,
    settings: () => cliSettings(o),
    pulumi: pulumiIn(process.cwd(), process.env),
    out,
    err,
  });
  return EXIT.ok;
}

/** genesys-grants's commands, flags, help and usage, in one place. */
function commands(streams: Streams, exit: { code: number }): Command {
  const root = program("genesys-grants", streams)
    .version(version(), "-V, --version", "the package's version")
    .configureHelp({
      formatHelp: (cmd, helper) => (cmd.parent ? Help.prototype.formatHelp.call(helper, cmd, helper) : mainHelp(cmd)),
    });
  /** A subcommand, its exit codes under its help. */
  const command = (name: string, summary: string, description: string) =>
    root.command(name).summary(summary).description(description).addHelpText("after", `\n${EXIT_CODES}`);
  /** Adds the org flags after the command's own, its synopsis, and its action, whose result is the exit code. */
  const finish = <A extends unknown[]>(c: Command, org: Option[], action: (...args: A) => Promise<number>) => {
    for (const o of org) c.addOption(o);
    c.usage(synopsis(c)).action(async (...args: unknown[]) => {
      exit.code = await action(...(args as A));
    });
  };

  finish(
    command("diff", DIFF_SUMMARY, DIFF_DESCRIPTION)
      .argument("[FILE]", "the JSON of `pulumi preview --json` (- or none: standard input)")
      .option("--fail-on-write-scopes", "exit 2 when a write scope is added (a policy gate)")
      .option("--offline", "do not contact the org (no descriptions)")
      .option("--manual", "add, for each client, the steps an administrator follows in the admin UI (for genesyscloud:applyMode manual)"),
    orgOptions(),
    (file: string | undefined, o: Parameters<typeof diffCommand>[1]) => diffCommand(file, o, streams),
  );
  finish(
    command("export", EXPORT_SUMMARY, EXPORT_DESCRIPTION)
      .addOption(new Option("--format <FORMAT>", "a TypeScript program or a grants file").choices(["ts", "yaml"]).default("ts"))
      .option("--out <FILE>", "write to FILE instead of standard output"),
    orgOptions(),
    (o: Parameters<typeof exportCommand>[0]) => exportCommand(o, streams),
  );
  finish(
    command("audit", AUDIT_SUMMARY, AUDIT_DESCRIPTION).option(
      "--stack-state <FILE>",
      "the output of `pulumi stack export` (- for standard input); else the state of --stack",
    ),
    orgOptions(),
    (o: Parameters<typeof auditCommand>[0]) => auditCommand(o, streams),
  );
  finish(
    command("review", REVIEW_SUMMARY, REVIEW_DESCRIPTION)
      .option("--fleet <FILE>", "the orgs and stacks to review (YAML or JSON, schema/review-fleet.schema.json); instead of --stack")
      .addOption(
        new Option("--format <FORMAT>", "the report's form; default: --out's extension (.csv, .html), else json").choices([
          "json",
          "csv",
          "html",
        ]),
      )
      .option("--out <FILE>", "write the report to FILE, and its SHA-256 to FILE.sha256, instead of standard output")
      .option("--since <PREVIOUS.json>", "an earlier review's JSON: mark the apps added, changed and removed since"),
    orgOptions(),
    (o: Parameters<typeof reviewCommand>[0]) => reviewCommand(o, streams),
  );
  finish(
    command("doctor", DOCTOR_SUMMARY, DOCTOR_DESCRIPTION)
      .option("--json", "the checks as JSON")
      .option("--with-roles", "require authorization:role:view (a resource names roles)")
      .option(
        "--preview",
        "check the credentials of a preview job: view-only credentials (no oauth:client:authorize) pass, as a preview needs no power to write",
      ),
    orgOptions(),
    (o: Parameters<typeof doctorCommand>[0]) => doctorCommand(o, streams),
  );
  finish(
    command("recover", RECOVER_SUMMARY, RECOVER_DESCRIPTION).option(
      "--force",
      "remove the lock even when this command cannot tell that its run is gone (another host, or its process still running)",
    ),
    orgOptions(true),
    (o: Parameters<typeof recoverCommand>[0]) => recoverCommand(o, streams),
  );
  return root;
}

/** The package's version, from the package.json beside the build. */
function version(): string {
  return (JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8")) as { version: string }).version;
}

export async function run(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream = process.stderr,
): Promise<number> {
  const streams = { out, err };
  const exit = { code: EXIT.ok as number };
  return parse(commands(streams, exit), argv, streams, exit, EXIT.error);
}

if (require.main === module) {
  exitOnClosedPipe();
  run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

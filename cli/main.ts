#!/usr/bin/env node
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { terminalText } from "../common/text";
import { describeRetry, GenesysClient } from "../provider/genesys";
import { readGrants, renderGrantsFile, renderTypeScript } from "./export";
import { assertSameOrg, audit, managedGrants, renderFindings } from "./audit";
import { addedWriteScopes, Catalogue, failedPreviewLine, renderDiff, renderFailedPreview } from "./diff-markdown";
import { Preview, PreviewFormatError, readPreview } from "./preview";
import { orgClient } from "./org";
import { doctor, renderChecks } from "./doctor";

/** Exit codes: 0 done, 1 audit found something, 2 --fail-on-write-scopes tripped, 3 the command failed. */
export const EXIT = { ok: 0, findings: 1, policy: 2, error: 3 } as const;

const HELP: Record<string, string> = {
  main: `genesys-grants: review and operate Genesys Cloud authorized OAuth clients managed with pulumi-genesys-grants

Usage:
  genesys-grants diff [FILE] [--fail-on-write-scopes]      Markdown for a PR from \`pulumi preview --json\`
  genesys-grants export [--format ts|yaml] [--out FILE]    the org's grants as code, adopting them
  genesys-grants audit --stack-state FILE                  unmanaged and drifted grants
  genesys-grants doctor [--json] [--with-roles]            settings, login, org, permissions, network

The org is named by GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET (or
GENESYSCLOUD_ACCESS_TOKEN), GENESYSCLOUD_REGION and GENESYSCLOUD_API_URL, as for the provider;
--region and --api-url override the last two.

Exit codes: 0 done; 1 audit found something, or doctor a failed check; 2 --fail-on-write-scopes found a write scope added;
3 the command failed (bad input, a preview that failed or is not whole, missing credentials, the org refused or did not answer).
Run \`genesys-grants <command> --help\` for a command's options.
`,
  diff: `genesys-grants diff [FILE] [--fail-on-write-scopes] [--offline] [--manual] [--region R] [--api-url URL]

Reads the JSON of \`pulumi preview --json\` from FILE (or standard input) and prints Markdown for
a pull-request comment: one section per client (authorized, re-scoped, replaced, revoked), the
scopes and roles added and removed, each scope with its description from the org's catalogue
when the org is reachable, write scopes (not :readonly) flagged. A client already authorized
that the stack will take over (no write) or adopt has its own section.

A preview that failed (an error or a mandatory policy violation in its JSON), or an input that is
not a whole preview, is no plan: the comment says the preview failed and lists its errors, and
the command exits 3 whatever the flags, --offline included. A CI job that pipes the preview into
this command stays red without pipefail.

  --fail-on-write-scopes   exit 2 when a write scope is added (a policy gate)
  --offline                do not contact the org (no descriptions)
  --manual                 add, for each client, the steps an administrator follows in the admin
                           UI (for genesyscloud:applyMode manual)
`,
  export: `genesys-grants export [--format ts|yaml] [--out FILE] [--region R] [--api-url URL]

Reads the org's authorized clients and writes a Pulumi program (ts, the default) or a grants
file (yaml) declaring them with onExisting: "adopt", so \`pulumi up\` takes them under
management and a second \`pulumi preview\` shows no changes.

  --format ts|yaml   TypeScript program or grants file (default ts)
  --out FILE         write to FILE instead of standard output
`,
  audit: `genesys-grants audit --stack-state FILE [--region R] [--api-url URL]

Compares the org with a stack's state (the JSON of \`pulumi stack export\`): lists authorized
clients live in the org that the stack does not manage, and managed grants whose live scopes,
roles or state differ, with who changed them and when. Exits 1 when anything is found.

  --stack-state FILE   the output of \`pulumi stack export\` (- for standard input)
`,
  doctor: `genesys-grants doctor [--json] [--with-roles] [--region R] [--api-url URL]

Checks, in order and without writing anything: each setting and where it came from (a flag or
the environment; secrets only as set), the login (region, login host, the token's kind and
expiry), the org, the permissions the provider needs (oauth:client:authorize, and
authorization:role:view), each probed through the call that needs it, the reachability and
latency of each endpoint, the clock against the org's, and the proxy. One line per check, ✔ or
✘; every ✘ says how to fix it. Exits 1 when a check fails.

  --json         the checks as JSON
  --with-roles   require authorization:role:view (a resource names roles)
`,
};

class UsageError extends Error {}

function readInput(file: string | undefined): string {
  try {
    return fs.readFileSync(file === undefined || file === "-" ? 0 : file, "utf8");
  } catch (e) {
    throw new UsageError(`cannot read ${file ?? "standard input"}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

const ORG_OPTIONS = {
  region: { type: "string" },
  "api-url": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

/** A client for the org; each retry is announced on `err`, so a wait is never silent. */
function client(values: { region?: string; "api-url"?: string }, err: NodeJS.WritableStream): GenesysClient {
  return orgClient({ region: values.region, apiUrl: values["api-url"] }, process.env, (i) => err.write(`genesys-grants: ${describeRetry(i)}\n`));
}

async function diffCommand(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...ORG_OPTIONS, "fail-on-write-scopes": { type: "boolean" }, offline: { type: "boolean" }, manual: { type: "boolean" } },
  });
  if (values.help) return out.write(HELP.diff), EXIT.ok;
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
          .map((c) => api.getAuthorization(c.clientId).then((a) => catalogue!.clientNames.set(c.clientId, a.client.name), () => undefined)),
      );
    } catch (e) {
      note = `Scope descriptions unavailable: ${(e as Error).message}`;
    }
  }
  out.write(renderDiff(changes, catalogue, note, values.manual ?? false));
  return values["fail-on-write-scopes"] && addedWriteScopes(changes).length > 0 ? EXIT.policy : EXIT.ok;
}

async function exportCommand(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...ORG_OPTIONS, format: { type: "string", default: "ts" }, out: { type: "string" } } });
  if (values.help) return out.write(HELP.export), EXIT.ok;
  if (positionals.length > 0) throw new UsageError("export takes no positional argument");
  if (values.format !== "ts" && values.format !== "yaml") throw new UsageError(`--format must be ts or yaml, not "${values.format}"`);
  const api = client(values, err);
  const [org, { grants, warnings }] = await Promise.all([api.getOrganization(), readGrants(api)]);
  for (const w of warnings) err.write(`genesys-grants: warning: ${terminalText(w)}\n`);
  const text = values.format === "ts" ? renderTypeScript(grants, org) : renderGrantsFile(grants, org);
  if (values.out) {
    fs.writeFileSync(values.out, text);
    err.write(`genesys-grants: wrote ${grants.length} grant(s) to ${values.out}\n`);
  } else {
    out.write(text);
  }
  return EXIT.ok;
}

async function auditCommand(args: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...ORG_OPTIONS, "stack-state": { type: "string" } } });
  if (values.help) return out.write(HELP.audit), EXIT.ok;
  if (positionals.length > 0) throw new UsageError("audit takes no positional argument");
  if (!values["stack-state"]) throw new UsageError("audit needs --stack-state FILE (the output of `pulumi stack export`)");
  const managed = managedGrants(readInput(values["stack-state"]));
  const api = client(values, err);
  const org = await api.getOrganization();
  assertSameOrg(managed, org);
  const findings = await audit(api, managed);
  out.write(renderFindings(findings, managed.length, org));
  return findings.length > 0 ? EXIT.findings : EXIT.ok;
}

async function doctorCommand(args: string[], out: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { ...ORG_OPTIONS, json: { type: "boolean" }, "with-roles": { type: "boolean" } } });
  if (values.help) return out.write(HELP.doctor), EXIT.ok;
  if (positionals.length > 0) throw new UsageError("doctor takes no positional argument");
  const checks = await doctor({ region: values.region, apiUrl: values["api-url"], withRoles: values["with-roles"] }, process.env);
  out.write(values.json ? JSON.stringify({ checks }, null, 2) + "\n" : renderChecks(checks));
  return checks.some((c) => c.status === "fail") ? EXIT.findings : EXIT.ok;
}

export async function run(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "diff":
        return await diffCommand(rest, out, err);
      case "export":
        return await exportCommand(rest, out, err);
      case "audit":
        return await auditCommand(rest, out, err);
      case "doctor":
        return await doctorCommand(rest, out);
      case undefined:
      case "help":
      case "--help":
      case "-h":
        out.write(HELP.main);
        return command === undefined ? EXIT.error : EXIT.ok;
      default:
        throw new UsageError(`unknown command "${command}"; run genesys-grants --help`);
    }
  } catch (e) {
    err.write(`genesys-grants: ${terminalText((e as Error).message)}\n`);
    return EXIT.error;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then((code) => (process.exitCode = code));
}

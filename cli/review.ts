/**
 * `genesys-grants review`: the command's side of the access review. It turns the flags into the
 * orgs and stacks to read, reads them (review/collect.ts), builds the report (review/model.ts),
 * renders it (review/render-*.ts) and writes it with its SHA-256 sidecar.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { UsageError } from "../common/command-line";
import { unreadable } from "../common/files";
import { JsonTextError, parseJsonText } from "../common/json-text";
import { terminalText } from "../common/text";
import { describeErrors, problemLines, validate } from "../common/validation";
import { resolveSettings } from "../provider/settings";
import { collect, orgEnvironment, OrgToRead } from "../review/collect";
import { FleetError, FleetStack, parseFleet } from "../review/fleet";
import { buildReview, findingsOf, Review, ToolInfo } from "../review/model";
import { renderCsv } from "../review/render-csv";
import { renderHtml } from "../review/render-html";
import { renderJson } from "../review/render-json";
import { clientFor, cliSettings, OrgFlags, readStackState } from "./org";

export type ReviewFormat = "json" | "csv" | "html";

export interface ReviewFlags extends OrgFlags {
  fleet?: string;
  format?: ReviewFormat;
  out?: string;
  since?: string;
}

/** A file the review was given that it cannot use: the command fails (exit 3), naming it. */
export class ReviewInputError extends Error {}

const RENDER: Record<ReviewFormat, (r: Review) => string> = { json: renderJson, csv: renderCsv, html: renderHtml };

/** The format: --format, else --out's extension, else JSON (the canonical form). */
export function formatOf(flags: Pick<ReviewFlags, "format" | "out">): ReviewFormat {
  if (flags.format) return flags.format;
  const ext = flags.out ? path.extname(flags.out).toLowerCase() : "";
  return ext === ".csv" ? "csv" : ext === ".html" || ext === ".htm" ? "html" : "json";
}

/** What the tool says of itself: its version and the commit it was built from (dist/build-info.json). */
export function toolInfo(): ToolInfo {
  const root = path.join(__dirname, "..", "..");
  const commit = (() => {
    try {
      const info = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "build-info.json"), "utf8")) as { commit?: string | null };
      return info.commit ?? null;
    } catch {
      return null;
    }
  })();
  const { version } = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { version: string };
  return { name: "genesys-grants", version, commit };
}

/** An earlier review, for --since: the JSON form, checked against its schema. */
export function readPreviousReview(file: string): Review {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new ReviewInputError(`--since ${file}: cannot read it (${unreadable(e)}); give the JSON of an earlier review (--format json)`);
  }
  let data: unknown;
  try {
    data = parseJsonText(text, `--since ${file}`);
  } catch (e) {
    if (!(e instanceof JsonTextError)) throw e;
    throw new ReviewInputError(`${e.message}; give the JSON of an earlier review (--format json), not its CSV or HTML`);
  }
  const problems = problemLines(describeErrors(validate("review.schema.json", data)));
  if (problems.length > 0) {
    throw new ReviewInputError(
      `--since ${file} is not the JSON of a review (schema/review.schema.json):\n  ${problems.slice(0, 10).join("\n  ")}`,
    );
  }
  return data as Review;
}

/** The orgs to read: the fleet file's, or the one org of --stack (or of the environment). */
function orgsToRead(flags: ReviewFlags, env: NodeJS.ProcessEnv, err: NodeJS.WritableStream): OrgToRead[] {
  if (flags.fleet !== undefined) {
    let text: string;
    try {
      text = fs.readFileSync(flags.fleet, "utf8");
    } catch (e) {
      throw new ReviewInputError(
        `--fleet ${flags.fleet}: cannot read it (${unreadable(e)}); give a fleet file (docs/reviewing.md, "The fleet file")`,
      );
    }
    let fleet;
    try {
      fleet = parseFleet(text, flags.fleet);
    } catch (e) {
      if (e instanceof FleetError) throw new ReviewInputError(e.message);
      throw e;
    }
    return fleet.orgs.map((org) => ({
      name: org.name,
      stacks: org.stacks,
      connect: () => {
        const settings = resolveSettings({ env: orgEnvironment(org, env, flags.fleet!) });
        return { client: clientFor(settings, err), endpoint: settings.endpoints.apiBase, readBy: settings.clientId };
      },
    }));
  }
  const stacks: FleetStack[] = flags.stack !== undefined ? [{ dir: process.cwd(), stack: flags.stack, label: flags.stack }] : [];
  return [
    {
      name: "current",
      stacks,
      connect: () => {
        const settings = cliSettings(flags, env);
        return { client: clientFor(settings, err), endpoint: settings.endpoints.apiBase, readBy: settings.clientId };
      },
    },
  ];
}

/** A stack's `pulumi stack export`: through the pulumi CLI in its project, or from its saved file. */
function readStack(stack: FleetStack): string {
  if ("state" in stack) {
    try {
      return fs.readFileSync(stack.state, "utf8");
    } catch (e) {
      throw new Error(`cannot read the state file ${stack.label} (${unreadable(e)}); give a saved \`pulumi stack export\``, { cause: e });
    }
  }
  return readStackState(stack.stack, stack.dir);
}

export interface ReviewOutcome {
  review: Review;
  text: string;
  /** Orgs and stacks that could not be read, and orgs whose counts do not match. */
  failures: string[];
}

/** Reads, builds and renders the review; `now` is when it is generated. */
export async function makeReview(
  flags: ReviewFlags,
  env: NodeJS.ProcessEnv,
  err: NodeJS.WritableStream,
  now = new Date(),
): Promise<ReviewOutcome> {
  if (flags.fleet !== undefined && (flags.stack !== undefined || flags.region !== undefined || flags.apiUrl !== undefined)) {
    throw new UsageError(
      "review: --fleet names every org and stack itself; give --fleet FILE alone, or --stack NAME (with --region or --api-url) for one org",
    );
  }
  const previous = flags.since !== undefined ? readPreviousReview(flags.since) : undefined;
  const read = await collect(orgsToRead(flags, env, err), { readStack });
  if (flags.fleet === undefined) {
    // One org: the report names it as the org does.
    const me = read.orgs[0];
    if (me.org) {
      for (const s of read.stacks) s.org = me.org.name;
      me.name = me.org.name;
    }
  }
  const review = buildReview({ generatedAt: now.toISOString(), tool: toolInfo(), orgs: read.orgs, stacks: read.stacks, previous });
  const failures = [
    ...review.coverage.orgs.filter((o) => o.status === "failed").map((o) => `org ${o.name}: ${o.error}`),
    ...review.coverage.orgs
      .filter((o) => o.countsMatch === false)
      .map(
        (o) =>
          `org ${o.name}: the API reported ${o.appsReported} authorization(s) and listed ${o.appsListed}; the report may be incomplete`,
      ),
    ...review.coverage.stacks.filter((s) => s.status === "failed").map((s) => `stack ${s.stack} (org ${s.org}): ${s.error}`),
  ];
  return { review, text: RENDER[formatOf(flags)](review), failures };
}

/** Writes the report whole or not at all, and beside it FILE.sha256 (as `sha256sum` writes it). */
export function writeReport(file: string, text: string): string {
  const digest = createHash("sha256").update(text, "utf8").digest("hex");
  writeFileAtomic.sync(file, text);
  writeFileAtomic.sync(`${file}.sha256`, `${digest}  ${path.basename(file)}\n`);
  return digest;
}

/** The one-line account of a review, for standard error. */
export function reviewSummary(review: Review): string {
  const rows = review.rows;
  const orgs = review.coverage.orgs.length;
  const stacks = review.coverage.stacks.length;
  const count = (f: (s: Review["summary"][number]) => number) => review.summary.reduce((n, s) => n + f(s), 0);
  return terminalText(
    `review of ${orgs} org(s) and ${stacks} stack(s): ${rows.length} row(s), ${count((s) => s.apps)} app(s) authorized, ` +
      `${count((s) => s.notInCode)} not in code, ${count((s) => s.drifted)} drifted, ${count((s) => s.high)} high risk; ${findingsOf(review).length} finding(s)`,
  );
}

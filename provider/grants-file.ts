import * as fs from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import type * as Yaml from "yaml";
import type * as Validation from "../common/validation";
import type * as Check from "./authorized-client/check";
import { AuthorizedClient, AuthorizedClientArgs } from "./resource";

/**
 * The YAML parser, the JSON Schema validator and the resource's checks, loaded when a grants file
 * is read: every Pulumi program imports this package, and one without a grants file would
 * otherwise load them (and the HTTP client behind the checks) on each run, for nothing.
 */
const load = {
  yaml: () => require("yaml") as typeof Yaml,
  validation: () => require("../common/validation") as typeof Validation,
  check: () => require("./authorized-client/check") as typeof Check,
};

/** A grants file: resource name → AuthorizedClient inputs (schema/grants-file.schema.json). */
export interface GrantsFile {
  grants: Record<string, AuthorizedClientArgs & { scopes: string[] }>;
}

export class GrantsFileError extends Error {}

/** Parses and validates a grants file's text (YAML, which includes JSON). */
export function parseGrantsFile(text: string, source = "grants file"): GrantsFile {
  let data: unknown;
  try {
    data = load.yaml().parse(text);
  } catch (e) {
    throw new GrantsFileError(`${source} is not valid YAML: ${(e as Error).message}`);
  }
  // The file's own shape first; then each grant exactly as the resource's check sees it, so a
  // mistake reads the same in a grants file as in code.
  const { describeErrors, validate } = load.validation();
  const problems = describeErrors(validate("grants-file.schema.json", data), (e) => /^\/grants\/[^/]+\//.test(e.instancePath)).map(
    (p) => `${p.property || "(top level)"}: ${p.reason}`,
  );
  const grants = (data as { grants?: unknown })?.grants;
  if (problems.length === 0 && typeof grants === "object" && grants !== null) {
    for (const [name, grant] of Object.entries(grants)) {
      for (const f of load.check().structuralFailures(grant as Record<string, unknown>))
        problems.push(`grant "${name}": ${f.property}: ${f.reason}`);
    }
  }
  if (problems.length > 0) throw new GrantsFileError(`${source} is not a valid grants file:\n  ${problems.join("\n  ")}`);
  return data as GrantsFile;
}

/**
 * One AuthorizedClient per grant of a grants file, named as in the file. Validation errors name
 * the grant and the key; the provider checks each grant against the org at preview as usual.
 */
export function authorizedClientsFromFile(file: string, opts?: pulumi.CustomResourceOptions): Record<string, AuthorizedClient> {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    throw new GrantsFileError(`cannot read grants file ${file}: ${(e as Error).message}`);
  }
  const parsed = parseGrantsFile(text, file);
  const out: Record<string, AuthorizedClient> = {};
  for (const [name, args] of Object.entries(parsed.grants)) out[name] = new AuthorizedClient(name, args, opts);
  return out;
}

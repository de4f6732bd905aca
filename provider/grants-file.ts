import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { AuthorizedClient, AuthorizedClientArgs } from "./resource";
import { describeErrors, validate } from "../common/validation";
import { structuralFailures } from "./authorized-client/check";

/** A grants file: resource name → AuthorizedClient inputs (schema/grants-file.schema.json). */
export interface GrantsFile {
  grants: Record<string, AuthorizedClientArgs & { scopes: string[] }>;
}

export class GrantsFileError extends Error {}

/** Parses and validates a grants file's text (YAML, which includes JSON). */
export function parseGrantsFile(text: string, source = "grants file"): GrantsFile {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (e) {
    throw new GrantsFileError(`${source} is not valid YAML: ${(e as Error).message}`);
  }
  // The file's own shape first; then each grant exactly as the resource's check sees it, so a
  // mistake reads the same in a grants file as in code.
  const problems = describeErrors(validate("grants-file.schema.json", data), (e) => /^\/grants\/[^/]+\//.test(e.instancePath)).map(
    (p) => `${p.property || "(top level)"}: ${p.reason}`,
  );
  const grants = (data as { grants?: unknown })?.grants;
  if (problems.length === 0 && typeof grants === "object" && grants !== null) {
    for (const [name, grant] of Object.entries(grants)) {
      for (const f of structuralFailures(grant as Record<string, unknown>)) problems.push(`grant "${name}": ${f.property}: ${f.reason}`);
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

import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { AuthorizedClient, AuthorizedClientArgs } from "./resource";
import { propertyPath, validate } from "./validation/validators";

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
  const errors = validate("grants-file.schema.json", data);
  if (errors.length > 0) {
    const problems = errors
      .filter((e) => e.keyword !== "oneOf" && !e.schemaPath.includes("/oneOf/"))
      .map((e) => {
        const where = propertyPath(e.instancePath) || "(top level)";
        if (e.keyword === "additionalProperties") return `${where}: unknown key "${(e.params as { additionalProperty: string }).additionalProperty}"`;
        if (e.keyword === "required") return `${where}: "${(e.params as { missingProperty: string }).missingProperty}" is required`;
        return `${where}: ${e.message}`;
      });
    const both = errors.some((e) => e.keyword === "oneOf");
    if (both) problems.push("each grant needs exactly one of clientId and authorizationUrl");
    throw new GrantsFileError(`${source} is not a valid grants file:\n  ${[...new Set(problems)].join("\n  ")}`);
  }
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

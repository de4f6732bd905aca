import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";

/** The repository's schema/ folder (dist/emulator → ../../schema, same in the installed package). */
export const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "schema");

export function readSchema(relative: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, relative), "utf8"));
}

let seedValidator: ValidateFunction | undefined;

/** Compiled once, on first use. */
export function validateSeedShape(data: unknown): ErrorObject[] {
  if (!seedValidator) {
    const ajv = new Ajv({ strict: true, allErrors: true });
    ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
    seedValidator = ajv.compile(readSchema("emulator-seed.schema.json"));
  }
  return seedValidator(data) ? [] : [...(seedValidator.errors ?? [])];
}

export function describeAjvError(e: ErrorObject): string {
  const where = e.instancePath || "(root)";
  if (e.keyword === "additionalProperties") {
    return `${where}: unknown property "${(e.params as { additionalProperty: string }).additionalProperty}"`;
  }
  if (e.keyword === "enum") {
    return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return `${where}: ${e.message}`;
}

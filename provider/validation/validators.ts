import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";

/** The one Ajv instance of the provider: strict, all errors; each schema compiled once, lazily. */
const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "..", "schema");

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

export function schemaValidator(file: string): ValidateFunction {
  let v = compiled.get(file);
  if (!v) {
    // strictRequired is off so oneOf branches may name properties declared at the top level.
    ajv ??= new Ajv({ strict: true, strictRequired: false, allErrors: true });
    v = ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8")));
    compiled.set(file, v);
  }
  return v;
}

export function validate(file: string, data: unknown): ErrorObject[] {
  const v = schemaValidator(file);
  return v(data) ? [] : [...(v.errors ?? [])];
}

/** `/scopes/1` → `scopes[1]`. */
export function propertyPath(instancePath: string): string {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join("");
}

import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";

/** The one Ajv instance of the provider: strict, all errors; each schema compiled once, lazily. */
const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "..", "schema");

let ajv: Ajv | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Every schema is registered, so `$ref`s between them resolve; each is compiled on first use. */
function instance(): Ajv {
  if (!ajv) {
    // strictRequired is off so oneOf branches may name properties declared at the top level.
    ajv = new Ajv({ strict: true, strictRequired: false, allErrors: true });
    for (const dir of [SCHEMA_DIR, path.join(SCHEMA_DIR, "genesys")]) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".schema.json"))) {
        ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")), path.relative(SCHEMA_DIR, path.join(dir, f)));
      }
    }
    ajv.addFormat("date-time", (s: string) => !Number.isNaN(Date.parse(s)));
  }
  return ajv;
}

export function schemaValidator(file: string): ValidateFunction {
  let v = compiled.get(file);
  if (!v) {
    v = instance().getSchema(file);
    if (!v) throw new Error(`no schema ${file} in ${SCHEMA_DIR}`);
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

import * as fs from "node:fs";
import * as path from "node:path";
import Ajv, { ErrorObject, ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { didYouMean } from "./suggest";

/**
 * The one JSON Schema setup of the project, shared by the provider (resource inputs), the grants
 * file and the emulator (seeds, request bodies, control plane): every schema of `schema/` is
 * registered once, formats come from ajv-formats, and errors are worded by one formatter.
 *
 * Strict (the default): no type coercion, no removal of unknown keys, no defaults, all errors.
 * Lenient (the emulator's `--lenient`): fastify's historical defaults, coercing types and
 * dropping unknown keys.
 */
export const SCHEMA_DIR = path.resolve(__dirname, "..", "..", "schema");

/** The two setups, by leniency. */
const instances = new Map<boolean, Ajv>();

function instance(lenient: boolean): Ajv {
  let ajv = instances.get(lenient);
  if (!ajv) {
    ajv = new Ajv({
      // strictRequired is off so oneOf branches may name properties declared at the top level.
      strict: true,
      strictRequired: false,
      allErrors: true,
      verbose: true,
      coerceTypes: lenient ? "array" : false,
      removeAdditional: lenient,
      useDefaults: false,
      // The schemas are the repository's own: each is checked against the JSON Schema
      // meta-schema by the unit tests (metaSchemaErrors), not again by every process that starts.
      validateSchema: false,
    });
    addFormats(ajv, ["uuid", "date-time", "uri"]);
    // Annotation: reasons per failing keyword, read by describeErrors.
    ajv.addKeyword({ keyword: "x-reasons", schemaType: "object" });
    for (const dir of [SCHEMA_DIR, path.join(SCHEMA_DIR, "genesys")]) {
      for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".schema.json"))) {
        ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")), path.relative(SCHEMA_DIR, path.join(dir, f)));
      }
    }
    instances.set(lenient, ajv);
  }
  return ajv;
}

/**
 * Every schema file under `root` (default `schema/`) that does not conform to the JSON Schema
 * meta-schema, named relative to `root`, with Ajv's errors.
 */
export function metaSchemaErrors(root = SCHEMA_DIR): string[] {
  // Only the meta-schema check: strict mode governs compiling, not this.
  const checker = new Ajv();
  checker.addKeyword({ keyword: "x-reasons", schemaType: "object" });
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((n) => n.endsWith(".schema.json")).sort();
  const out: string[] = [];
  for (const f of files) {
    const schema = JSON.parse(fs.readFileSync(path.join(root, f), "utf8"));
    if (!checker.validateSchema(schema)) out.push(`${f}: ${checker.errorsText(checker.errors)}`);
  }
  return out;
}

/** The validator of one schema file of `schema/` (e.g. "authorized-client.schema.json"). */
export function schemaValidator(file: string, lenient = false): ValidateFunction {
  const v = instance(lenient).getSchema(file);
  if (!v) throw new Error(`no schema ${file} in ${SCHEMA_DIR}`);
  return v;
}

/** A validator for a schema object (fastify route schemas): a registered `$id` is reused. */
export function compileSchema(schema: Record<string, unknown>, lenient = false): ValidateFunction {
  const ajv = instance(lenient);
  const id = typeof schema.$id === "string" ? schema.$id : undefined;
  return (id && ajv.getSchema(id)) || ajv.compile(schema);
}

export function validate(file: string, data: unknown): ErrorObject[] {
  const v = schemaValidator(file);
  return v(data) ? [] : [...(v.errors ?? [])];
}

export function readSchema(relative: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, relative), "utf8"));
}

/** `/scopes/1` → `scopes[1]`; `/grants/acme-crm/clientId` → `grants.acme-crm.clientId`. */
export function propertyPath(instancePath: string): string {
  return instancePath
    .split("/")
    .filter(Boolean)
    .map((seg) => seg.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((seg, i) => (/^\d+$/.test(seg) ? `[${seg}]` : i === 0 ? seg : `.${seg}`))
    .join("");
}

export interface Problem {
  /** Where, as a property path (`scopes[1]`); "" for the document itself. */
  property: string;
  reason: string;
}

const join = (base: string, key: string) => (base ? `${base}.${key}` : key);
const article = (t: string) =>
  ({
    array: "a list",
    object: "an object",
    integer: "an integer",
    boolean: "true or false",
    string: "a string",
    number: "a number",
    null: "null",
  })[t] ?? t;

/**
 * The one formatter of schema errors. A schema may word a reason itself with the annotation
 * `"x-reasons": {"<keyword>": "<reason>"}` beside the failing keyword; otherwise the reason is
 * built from the keyword. Unknown keys get a did-you-mean among the keys the schema knows.
 * Errors of `oneOf`/`anyOf` alternatives are left to the caller (`skip`).
 */
export function describeErrors(errors: ErrorObject[], skip: (e: ErrorObject) => boolean = () => false): Problem[] {
  const out: Problem[] = [];
  for (const e of errors) {
    // A propertyNames failure is reported by its inner keyword, on the offending key.
    if (skip(e) || e.keyword === "propertyNames") continue;
    const name = (e as ErrorObject & { propertyName?: string }).propertyName;
    const base = name === undefined ? propertyPath(e.instancePath) : join(propertyPath(e.instancePath), name);
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    const own = (parent["x-reasons"] as Record<string, string> | undefined)?.[e.keyword];
    const p = e.params as Record<string, unknown>;
    let problem: Problem;
    switch (e.keyword) {
      case "additionalProperties": {
        const extra = String(p.additionalProperty);
        const known = Object.keys((parent.properties as Record<string, unknown>) ?? {});
        const list = known.length > 0 ? ` (known: ${known.join(", ")})` : "";
        problem = { property: join(base, extra), reason: `${own ?? "is not a known key"}${didYouMean(extra, known)}${list}` };
        break;
      }
      case "required":
        problem = { property: join(base, String(p.missingProperty)), reason: own ?? "is required" };
        break;
      case "type": {
        const types = String(p.type).split(",").map(article);
        problem = { property: base, reason: own ?? `must be ${types.join(" or ")}` };
        break;
      }
      case "enum":
        problem = {
          property: base,
          reason: own ?? `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}`,
        };
        break;
      case "format":
        problem = { property: base, reason: own ?? `must be a valid ${p.format}` };
        break;
      case "minItems":
        problem = { property: base, reason: own ?? `must have at least ${p.limit} item(s)` };
        break;
      case "minLength":
        problem = { property: base, reason: own ?? (p.limit === 1 ? "must not be empty" : `must be at least ${p.limit} characters`) };
        break;
      default:
        problem = { property: base, reason: own ?? e.message ?? "is invalid" };
    }
    if (!out.some((x) => x.property === problem.property && x.reason === problem.reason)) out.push(problem);
  }
  return out;
}

/** `property: reason` lines, for messages. */
export function problemLines(problems: Problem[], prefix = ""): string[] {
  return problems.map((p) => `${prefix}${p.property || "(document)"}: ${p.reason}`);
}

import * as assert from "node:assert/strict";
import fc from "fast-check";
import { compileSchema, describeErrors, problemLines, propertyPath, schemaValidator, validate } from "../../../common/validation";

/** The problems a schema finds in `data`, worded by the one formatter. */
function problems(schema: Record<string, unknown>, data: unknown, skip?: Parameters<typeof describeErrors>[1]) {
  const v = compileSchema(schema);
  assert.equal(v(data), false, `${JSON.stringify(data)} passed`);
  return describeErrors(v.errors ?? [], skip);
}

describe("the one Ajv setup", () => {
  it("each schema file has one validator, compiled once, and an unknown file is named", () => {
    assert.equal(schemaValidator("authorized-client.schema.json"), schemaValidator("authorized-client.schema.json"));
    assert.equal(schemaValidator("genesys/error-body.schema.json"), schemaValidator("genesys/error-body.schema.json"));
    assert.notEqual(schemaValidator("authorized-client.schema.json"), schemaValidator("authorized-client.schema.json", true));
    assert.throws(
      () => schemaValidator("nope.schema.json"),
      (e: Error) => e.message.startsWith("no schema nope.schema.json in ") && e.message.endsWith("schema"),
    );
  });

  it("strict by default: no coercion, no removal of unknown keys, no defaults filled in", () => {
    const schema = {
      type: "object",
      properties: { n: { type: "number" }, list: { type: "array", items: { type: "string" } }, d: { type: "string", default: "x" } },
      additionalProperties: false,
    };
    const strict = compileSchema(schema);
    const data = { n: "1", list: "a", extra: true };
    assert.equal(strict(data), false);
    assert.deepEqual(data, { n: "1", list: "a", extra: true });
    const empty = {};
    assert.equal(strict(empty), true);
    assert.deepEqual(empty, {});
    assert.equal(validate("authorized-client.schema.json", { clientId: 1 }).length > 0, true);
  });

  it("lenient (the emulator's --lenient): types coerced, scalars made lists, unknown keys dropped", () => {
    const lenient = compileSchema(
      {
        type: "object",
        properties: { n: { type: "number" }, list: { type: "array", items: { type: "string" } } },
        additionalProperties: false,
      },
      true,
    );
    const data = { n: "1", list: "a", extra: true };
    assert.equal(lenient(data), true);
    assert.deepEqual(data, { n: 1, list: ["a"] });
  });

  it("a schema with a registered $id is reused; an unknown keyword is refused (strict mode); the meta-schema is not checked again at run time", () => {
    const id = "https://example.test/reuse.json";
    const first = compileSchema({ $id: id, type: "string" });
    assert.equal(compileSchema({ $id: id, type: "number" }), first);
    assert.throws(() => compileSchema({ type: "string", notAKeyword: 1 }), /unknown keyword/);
    assert.equal(typeof compileSchema({ type: "string", minLength: -1 }), "function");
  });

  it("all errors are reported, not only the first", () => {
    const found = problems({ type: "object", required: ["a", "b"] }, {});
    assert.deepEqual(found, [
      { property: "a", reason: "is required" },
      { property: "b", reason: "is required" },
    ]);
  });
});

describe("propertyPath", () => {
  const cases: Array<[string, string]> = [
    ["", ""],
    ["/scopes/1", "scopes[1]"],
    ["/grants/acme-crm/clientId", "grants.acme-crm.clientId"],
    ["/a~1b/c~0d/10", "a/b.c~d[10]"],
    ["/0/x", "[0].x"],
    ["/a/1b/b2", "a.1b.b2"],
    ["/a/~01", "a.~1"],
  ];
  for (const [pointer, shown] of cases)
    it(`${JSON.stringify(pointer)} → ${JSON.stringify(shown)}`, () => assert.equal(propertyPath(pointer), shown));

  it("property: a JSON pointer of plain keys and indexes reads back", () => {
    const seg = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.nat(99).map(String));
    fc.assert(
      fc.property(fc.array(seg, { maxLength: 6 }), (segs) => {
        const expected = segs.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
        assert.equal(propertyPath(segs.map((s) => `/${s}`).join("")), expected);
      }),
    );
  });
});

describe("describeErrors: one wording for every schema", () => {
  it("an unknown key: its path, a did-you-mean, and the known keys", () => {
    const schema = { type: "object", properties: { scopes: {}, roles: {} }, additionalProperties: false };
    assert.deepEqual(problems(schema, { scoeps: [] }), [
      { property: "scoeps", reason: 'is not a known key — did you mean "scopes"? (known: scopes, roles)' },
    ]);
    assert.deepEqual(problems({ type: "object", additionalProperties: false }, { x: 1 }), [
      { property: "x", reason: "is not a known key" },
    ]);
    assert.deepEqual(
      problems(
        { type: "object", properties: { a: { type: "object", properties: { b: {} }, additionalProperties: false } } },
        { a: { zzz: 1 } },
      ),
      [{ property: "a.zzz", reason: "is not a known key (known: b)" }],
    );
  });

  it("a type: each JSON type in words, alternatives joined with or", () => {
    const words: Array<[string, string]> = [
      ["array", "a list"],
      ["object", "an object"],
      ["integer", "an integer"],
      ["boolean", "true or false"],
      ["string", "a string"],
      ["number", "a number"],
      ["null", "null"],
    ];
    for (const [type, word] of words) {
      const data = type === "string" ? 1 : "x";
      assert.deepEqual(
        problems({ type: "object", properties: { v: { type } } }, { v: data }),
        [{ property: "v", reason: `must be ${word}` }],
        type,
      );
    }
    assert.deepEqual(problems({ type: ["string", "null"] }, 1), [{ property: "", reason: "must be a string or null" }]);
  });

  it("enum, format, minItems, minLength, and any other keyword by Ajv's message", () => {
    assert.deepEqual(problems({ enum: ["fail", "adopt", 1] }, "x"), [{ property: "", reason: 'must be one of "fail", "adopt", 1' }]);
    assert.deepEqual(problems({ type: "string", format: "uuid" }, "x"), [{ property: "", reason: "must be a valid uuid" }]);
    assert.deepEqual(problems({ type: "array", minItems: 2 }, [1]), [{ property: "", reason: "must have at least 2 item(s)" }]);
    assert.deepEqual(problems({ type: "string", minLength: 1 }, ""), [{ property: "", reason: "must not be empty" }]);
    assert.deepEqual(problems({ type: "string", minLength: 3 }, "ab"), [{ property: "", reason: "must be at least 3 characters" }]);
    assert.deepEqual(problems({ type: "string", maxLength: 1 }, "ab"), [{ property: "", reason: "must NOT have more than 1 characters" }]);
  });

  it("a schema's own words (x-reasons) win over the built ones, for each keyword", () => {
    const own = (keyword: string, schema: Record<string, unknown>, data: unknown, property = "", after = "") =>
      assert.deepEqual(
        problems({ ...schema, "x-reasons": { [keyword]: `own ${keyword}` } }, data),
        [{ property, reason: `own ${keyword}${after}` }],
        keyword,
      );
    own(
      "additionalProperties",
      { type: "object", properties: { abc: {} }, additionalProperties: false },
      { abd: 1 },
      "abd",
      ' — did you mean "abc"? (known: abc)',
    );
    own("required", { type: "object", required: ["a"] }, {}, "a");
    own("type", { type: "string" }, 1);
    own("enum", { enum: ["a"] }, "b");
    own("format", { type: "string", format: "uuid" }, "x");
    own("minItems", { type: "array", minItems: 1 }, []);
    own("minLength", { type: "string", minLength: 1 }, "");
    own("pattern", { type: "string", pattern: "^a$" }, "b");
  });

  it("a propertyNames failure is reported once, by its inner keyword on the offending key; skipped errors are left out", () => {
    const schema = { type: "object", propertyNames: { pattern: "^[a-z]+$", "x-reasons": { pattern: "must be lower case" } } };
    assert.deepEqual(problems(schema, { Abc: 1 }), [{ property: "Abc", reason: "must be lower case" }]);
    const two = { type: "object", required: ["a"], properties: { b: { type: "string" } } };
    assert.deepEqual(
      problems(two, { b: 1 }, (e) => e.keyword === "required"),
      [{ property: "b", reason: "must be a string" }],
    );
  });

  it("the same problem twice is reported once; problems differing in property or reason are both kept", () => {
    const schema = { anyOf: [{ type: "string" }, { type: "string", minLength: 2 }, { type: "number" }] };
    assert.deepEqual(problems(schema, true), [
      { property: "", reason: "must be a string" },
      { property: "", reason: "must be a number" },
      { property: "", reason: "must match a schema in anyOf" },
    ]);
    const two = { type: "object", properties: { a: { type: "string" }, b: { type: "string" } } };
    assert.deepEqual(problems(two, { a: 1, b: 2 }), [
      { property: "a", reason: "must be a string" },
      { property: "b", reason: "must be a string" },
    ]);
  });

  it("problemLines: property: reason, the document itself named, with an optional prefix", () => {
    assert.deepEqual(
      problemLines([
        { property: "scopes[1]", reason: "must be a string" },
        { property: "", reason: "must be an object" },
      ]),
      ["scopes[1]: must be a string", "(document): must be an object"],
    );
    assert.deepEqual(problemLines([{ property: "a", reason: "r" }], "  - "), ["  - a: r"]);
  });
});

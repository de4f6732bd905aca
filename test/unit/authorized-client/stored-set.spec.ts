import * as assert from "node:assert/strict";
import fc from "fast-check";
import {
  fromStoredSet,
  fromStoredInputs,
  setChange,
  storedKey,
  isStoredSet,
  setMembers,
  toStoredInputs,
  toStoredSet,
  withSetsAsArrays,
} from "../../../provider/authorized-client/stored-set";
import { normalizeSet } from "../../../provider/authorized-client/normalize";
import { CheckedInputs, UNKNOWN } from "../../../provider/authorized-client/types";
import { ClientId } from "../../../provider/authorized-client/client-id";
import { terminalText } from "../../../common/text";
import { hostileNames } from "../../support/hostile";

const RUNS = { numRuns: 1000 };
/** Member names: any text, with the keys an object literal would mistake for its own machinery. */
const member = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "0", "length", "a.b", "x[0]"),
);

describe("scopes and roles as stored sets", () => {
  it("round-trips any set through the stored shape, and JSON, to the same sorted members (property)", () => {
    fc.assert(
      fc.property(fc.array(member, { maxLength: 12 }), (values) => {
        const members = normalizeSet(values);
        const stored = toStoredSet(members);
        assert.ok(isStoredSet(stored));
        assert.equal(Object.keys(stored).length, members.length, "one key per member");
        // What the engine hands back has been through JSON (protobuf Struct): it reads the same.
        const back = JSON.parse(JSON.stringify(stored));
        assert.deepEqual(setMembers(back), members);
        assert.deepEqual(setMembers(members), members);
      }),
      RUNS,
    );
  });

  it("keys each member as an own property, so an added or removed member is one key", () => {
    const stored = toStoredSet(["constructor", "users:readonly"]) as Record<string, true>;
    assert.equal(Object.getPrototypeOf(stored), Object.prototype);
    assert.deepEqual(Object.keys(stored), ["constructor", "users:readonly"]);
    assert.equal(JSON.stringify(stored), '{"constructor":true,"users:readonly":true}');
  });

  it("keys a member that would not print as inert text by its ASCII literal, which reads back as the member", () => {
    const hostile = ["\u001b[31mAdmins", "Line\nbreak", "\u202eevil", "__hidden", '"quoted"', "<{%fg 1%}>red", "\ud800lone", "Supervisor"];
    const stored = toStoredSet(hostile) as Record<string, true>;
    assert.deepEqual(Object.keys(stored), [
      '"\\u001b[31mAdmins"',
      '"Line\\u000abreak"',
      '"\\u202eevil"',
      '"__hidden"',
      '"\\"quoted\\""',
      '"<{%fg 1%}>red"',
      '"\\ud800lone"',
      "Supervisor",
    ]);
    assert.deepEqual(setMembers(JSON.parse(JSON.stringify(stored))), [...hostile].sort());
  });

  it("keys every member by printable, inert text that reads back as the member (property)", () => {
    const any = fc.oneof(member, fc.string({ unit: "binary", maxLength: 20 }), fc.constantFrom(...hostileNames()));
    fc.assert(
      fc.property(fc.array(any, { maxLength: 8 }), (values) => {
        const members = normalizeSet(values);
        const stored = toStoredSet(members) as Record<string, true>;
        for (const key of Object.keys(stored)) {
          assert.equal(terminalText(key), key);
          assert.ok(!key.includes("<{%") && !key.startsWith("__"), key);
          assert.doesNotMatch(key, /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/, "half a surrogate pair");
        }
        assert.deepEqual(setMembers(JSON.parse(JSON.stringify(stored))), members);
      }),
      RUNS,
    );
  });

  it("makes a set with an unknown member unknown as a whole, and keeps the unknown marker", () => {
    assert.equal(toStoredSet(["users:readonly", UNKNOWN]), UNKNOWN);
    assert.equal(toStoredSet(UNKNOWN), UNKNOWN);
    assert.equal(fromStoredInputs({ clientId: "x" as ClientId, scopes: UNKNOWN, roles: {}, onExisting: "fail" }).scopes, UNKNOWN);
  });

  it("reads checked inputs of either shape: stored sets, and the arrays of states written before them", () => {
    const inputs: CheckedInputs = {
      clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd" as ClientId,
      scopes: ["a:readonly", "b"],
      roles: ["Agent"],
      onExisting: "fail",
    };
    const stored = toStoredInputs(inputs);
    assert.deepEqual(stored.scopes, { "a:readonly": true, b: true });
    assert.deepEqual(fromStoredInputs(stored), inputs);
    assert.deepEqual(fromStoredInputs(inputs), inputs);
    assert.deepEqual(fromStoredInputs({ ...inputs, roles: undefined } as unknown as CheckedInputs).roles, []);
  });

  it("accepts nothing else as a set: mixed arrays, objects with other values, class instances", () => {
    for (const v of [[1, "a"], { a: 1 }, { a: "true" }, new Map([["a", true]]), "a", null, 3])
      assert.equal(setMembers(v), undefined, JSON.stringify(v));
    assert.equal(isStoredSet([]), false);
    // A set parsed with a null prototype (as some YAML and JSON readers make) is a set.
    assert.equal(isStoredSet(Object.assign(Object.create(null), { a: true })), true);
  });

  it("keys a member by itself unless it would not print as itself: whole astral characters and inner quotes are inert, lone surrogates and a leading quote are not", () => {
    assert.equal(storedKey("🎉 party"), "🎉 party");
    assert.equal(storedKey('say "hi"'), 'say "hi"');
    assert.equal(storedKey("a\udc00"), '"a\\udc00"');
    assert.equal(storedKey("\ud800a"), '"\\ud800a"');
    assert.equal(storedKey('"quoted'), '"\\"quoted"');
  });

  it("reads anything that is not a set as no members, and the unknown marker as it is", () => {
    assert.deepEqual(fromStoredSet(42), []);
    assert.equal(fromStoredSet(UNKNOWN), UNKNOWN);
  });

  it("setChange: added, removed and kept, each sorted whatever the order given", () => {
    assert.deepEqual(setChange(["d", "b", "a", "c"], ["f", "c", "a", "e"]), { added: ["e", "f"], removed: ["b", "d"], kept: ["a", "c"] });
  });

  it("turns stored sets in a program's inputs back into arrays (ignoreChanges hands check the stored value)", () => {
    assert.deepEqual(withSetsAsArrays({ scopes: { b: true, a: true }, roles: ["R"], clientId: "c" }), {
      scopes: ["a", "b"],
      roles: ["R"],
      clientId: "c",
    });
    assert.deepEqual(withSetsAsArrays({ roles: { R: true, Q: true } }), { roles: ["Q", "R"] });
    assert.deepEqual(withSetsAsArrays({ scopes: { a: 1 } }), { scopes: { a: 1 } }, "not a stored set: left for the schema to refuse");
  });
});

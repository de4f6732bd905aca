import * as assert from "node:assert/strict";
import { diffAuthorizedClient } from "../../../provider/authorized-client/diff";
import { ClientId } from "../../../provider/authorized-client/client-id";
import { CheckedInputs, UNKNOWN } from "../../../provider/authorized-client/types";

const ID = "cea70f27-901c-5085-a2d0-8fee5ace6ccd" as ClientId;
const OTHER = "b6aa9c7b-9e42-5695-ace7-c74d8076a721" as ClientId;
const base: CheckedInputs = { clientId: ID, scopes: ["analytics", "users:readonly"], roles: [], onExisting: "fail" };

describe("diffAuthorizedClient", () => {
  const cases: Array<{ name: string; olds: Partial<CheckedInputs>; news: CheckedInputs; changes: boolean; replaces: string[] }> = [
    { name: "identical sets are no change", olds: base, news: { ...base }, changes: false, replaces: [] },
    {
      name: "reordered scopes are no change",
      olds: base,
      news: { ...base, scopes: ["users:readonly", "analytics"] },
      changes: false,
      replaces: [],
    },
    {
      name: "reordered roles are no change",
      olds: { ...base, roles: ["A", "B"] },
      news: { ...base, roles: ["B", "A"] },
      changes: false,
      replaces: [],
    },
    {
      name: "an added scope is an update in place",
      olds: base,
      news: { ...base, scopes: [...base.scopes, "routing:readonly"] },
      changes: true,
      replaces: [],
    },
    { name: "a removed scope is an update in place", olds: base, news: { ...base, scopes: ["analytics"] }, changes: true, replaces: [] },
    { name: "an added role is an update in place", olds: base, news: { ...base, roles: ["Supervisor"] }, changes: true, replaces: [] },
    {
      name: "missing roles in old state equal an empty list",
      olds: { clientId: ID, scopes: base.scopes },
      news: base,
      changes: false,
      replaces: [],
    },
    { name: "another client replaces", olds: base, news: { ...base, clientId: OTHER }, changes: true, replaces: ["clientId"] },
    {
      name: "the same client in another letter case is not a replace",
      olds: base,
      news: { ...base, clientId: ID.toUpperCase() as ClientId },
      changes: false,
      replaces: [],
    },
    {
      name: "an unknown client ID may replace",
      olds: base,
      news: { ...base, clientId: UNKNOWN as ClientId },
      changes: true,
      replaces: ["clientId"],
    },
    {
      name: "unknown scopes are a possible change",
      olds: base,
      news: { ...base, scopes: UNKNOWN as unknown as string[] },
      changes: true,
      replaces: [],
    },
    {
      name: "an unknown scope element is a possible change",
      olds: base,
      news: { ...base, scopes: ["analytics", UNKNOWN] },
      changes: true,
      replaces: [],
    },
    {
      name: "the org recorded (and its name) is never a change",
      olds: { ...base, orgId: "a" },
      news: { ...base, orgId: "b", orgName: "renamed" },
      changes: false,
      replaces: [],
    },
    { name: "onExisting changes are updates", olds: base, news: { ...base, onExisting: "adopt" }, changes: true, replaces: [] },
    {
      name: "an unknown set is a possible change, even against an empty one",
      olds: { ...base, scopes: [] },
      news: { ...base, scopes: UNKNOWN as unknown as string[] },
      changes: true,
      replaces: [],
    },
    {
      name: "scopes, roles and onExisting missing from an old state read as none, none and fail",
      olds: { clientId: ID },
      news: { clientId: ID, scopes: [], roles: [], onExisting: "fail" },
      changes: false,
      replaces: [],
    },
    {
      name: "switching from authorizationUrl to clientId of the same client is an update",
      olds: { ...base, authorizationUrl: "https://login.mypurecloud.com/oauth/authorize?client_id=" + ID },
      news: base,
      changes: true,
      replaces: [],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = diffAuthorizedClient(c.olds, c.news);
      assert.equal(d.changes, c.changes);
      assert.deepEqual(d.replaces, c.replaces);
      assert.equal(d.deleteBeforeReplace, false);
    });
  }
});

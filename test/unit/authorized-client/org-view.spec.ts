import * as assert from "node:assert/strict";
import { OrgMismatchError } from "../../../provider/authorized-client/org";
import { OrgView } from "../../../provider/authorized-client/org-view";
import { GenesysClient } from "../../../provider/genesys";

const A = { id: "0B9B1C53-4A1F-4F6E-9D2A-2C1D5E0F7A11", name: "Org A" };
const B = { id: "7d3e0f2a-5b6c-4d8e-9f01-23456789abcd", name: "Org `B` | <b>" };

/** An API stand-in that answers GET /api/v2/organizations/me and counts the calls. */
function api(org: { id: string; name: string }) {
  const calls = { org: 0 };
  const stub = { options: {}, getOrganization: async () => (calls.org++, org) } as unknown as GenesysClient;
  return { stub, calls };
}

describe("OrgView: the org of the credentials", () => {
  it("reads the org once per process, whatever the number of resources", async () => {
    const { stub, calls } = api(A);
    const view = new OrgView(stub);
    const orgs = await Promise.all(Array.from({ length: 50 }, () => view.sameOrgAs({ orgId: A.id.toLowerCase() }, "client x")));
    assert.equal(calls.org, 1);
    assert.ok(orgs.every((o) => o.id === A.id.toLowerCase() && o.name === A.name));
  });

  it("refuses another recorded org, naming both, and lets a state without an org through", async () => {
    const view = new OrgView(api(B).stub);
    await assert.rejects(view.sameOrgAs({ orgId: A.id, orgName: A.name }, "client 123"), (e: Error) => {
      assert.ok(e instanceof OrgMismatchError);
      assert.match(
        e.message,
        /^this stack's grant of client 123 lives in the org "Org A" \(0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11\), but the credentials in use belong to the org "Org `B` \| <b>" \(7d3e0f2a-/,
      );
      return true;
    });
    assert.equal((await view.sameOrgAs({}, "client 123")).id, B.id);
  });

  it("refuses every use when pinned to another org, naming the setting", async () => {
    const view = new OrgView(api(B).stub, { id: A.id.toLowerCase(), setting: "GENESYSCLOUD_ORG_ID" });
    await assert.rejects(
      view.org(),
      /belong to the org "Org `B` \| <b>" \(7d3e0f2a-5b6c-4d8e-9f01-23456789abcd\), but GENESYSCLOUD_ORG_ID pins this stack to the org 0b9b1c53-4a1f-4f6e-9d2a-2c1d5e0f7a11; nothing was changed/,
    );
    await assert.rejects(view.sameOrgAs({}, "client 123"), OrgMismatchError);
    const pinnedRight = new OrgView(api(A).stub, { id: A.id.toLowerCase(), setting: "genesyscloud:orgId" });
    assert.equal((await pinnedRight.org()).name, "Org A");
  });
});

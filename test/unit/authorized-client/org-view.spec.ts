import * as assert from "node:assert/strict";
import { OrgMismatchError } from "../../../provider/authorized-client/org";
import { OrgView } from "../../../provider/authorized-client/org-view";
import { GenesysClient } from "../../../genesys";
import { clientIdOf } from "../../../provider/authorized-client/client-id";
import { clientsNear, PREFETCH_WINDOW, programClients } from "../../../provider/authorized-client/declarations";

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

describe("OrgView: the program's clients, read together", () => {
  /** An API whose single-authorization reads wait until the test answers them, counted per client. */
  function pending(listed: string[]) {
    const started: string[] = [];
    const answer = new Map<string, (a: unknown) => void>();
    const stub = {
      options: {},
      listAuthorizations: async () => ({ entities: listed.map((id) => ({ client: { id, name: id }, state: "Authorized", scope: [] })) }),
      getAuthorization: (id: string) =>
        new Promise((resolve) => {
          started.push(id);
          answer.set(id, resolve);
        }),
    } as unknown as GenesysClient;
    return { stub, started, answer };
  }
  const id = (n: number) => clientIdOf(`00000000-0000-4000-8000-${String(n).padStart(12, "0")}`);
  /** Lets every settled promise run its callbacks (no timer). */
  const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

  it("reads the clients the listing lacks, at most `concurrency` at once and each once; a check then shares the read", async () => {
    const { stub, started, answer } = pending([id(1)]);
    const view = new OrgView(stub);
    view.prefetch([id(1), id(2), id(3), id(2), id(4)], 2);
    await settle();
    assert.deepEqual(started, [id(2), id(3)]);
    const check = view.authorization(id(4));
    answer.get(id(2))!({ client: { id: id(2), name: "two" }, state: "Unauthorized", scope: [] });
    await settle();
    assert.deepEqual(started, [id(2), id(3), id(4)]);
    answer.get(id(4))!({ client: { id: id(4), name: "four" }, state: "Unauthorized", scope: [] });
    assert.equal((await check)?.client.name, "four");
    answer.get(id(3))!({ client: { id: id(3), name: "three" }, state: "Unauthorized", scope: [] });
    await settle();
    assert.equal((await view.authorization(id(2)))?.client.name, "two");
    assert.deepEqual(started, [id(2), id(3), id(4)]);
  });

  it("takes client IDs and authorization URLs from a resource's list of clients near it, and nothing else", () => {
    const url = `https://login.mypurecloud.ie/oauth/authorize?client_id=${id(7).toUpperCase()}&response_type=code`;
    assert.deepEqual(programClients(`${id(5).toUpperCase()} ${url} not-an-id 42 https://evil.example/x`), [id(5), id(7)]);
    assert.deepEqual(programClients([id(5)]), []);
    assert.deepEqual(programClients(undefined), []);
  });

  it("gives each declaration the clients of at least the next window of declarations, and at most two windows", () => {
    for (let n = 0; n <= 3 * PREFETCH_WINDOW + 1; n++) {
      const declared = Array.from({ length: n }, (_, i) => id(i));
      for (let index = 0; index < n; index++) {
        const near = clientsNear(declared, index).split(" ");
        for (let j = index; j < Math.min(n, index + PREFETCH_WINDOW); j++)
          assert.ok(near.includes(declared[j]), `n=${n} index=${index}: ${j}`);
        assert.ok(near.length <= 2 * PREFETCH_WINDOW, `n=${n} index=${index}`);
        assert.deepEqual(programClients(near.join(" ")), near, "the list reads back whole");
      }
    }
  });
});

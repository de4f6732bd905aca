import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";

interface Registered {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

describe("AuthorizedClient under setMocks", () => {
  const registered: Registered[] = [];

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push({ type: args.type, name: args.name, inputs: args.inputs });
          return { id: `${args.name}-id`, state: { ...args.inputs, clientName: "Mocked client" } };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
  });

  it("registers the type token and the inputs of a small program", async () => {
    const { AuthorizedClient } = await import("../../provider");
    const res = new AuthorizedClient("acme", {
      clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
      scopes: ["users:readonly", "analytics"],
      roles: ["Supervisor"],
      onExisting: "adopt",
    });
    const name = await new Promise<string>((resolve) => res.clientName.apply(resolve));
    assert.equal(name, "Mocked client");
    const r = registered.find((x) => x.name === "acme");
    assert.ok(r);
    assert.equal(r.type, "pulumi-nodejs:dynamic/genesyscloud:AuthorizedClient");
    assert.equal(r.inputs.clientId, "cea70f27-901c-5085-a2d0-8fee5ace6ccd");
    assert.deepEqual(r.inputs.scopes, ["users:readonly", "analytics"]);
    assert.deepEqual(r.inputs.roles, ["Supervisor"]);
    assert.equal(r.inputs.onExisting, "adopt");
    assert.equal(typeof r.inputs.__provider, "string");
    assert.ok((r.inputs.__provider as string).length < 2048);
  });

  it("passes a misspelt input on, so the provider's check can name it", async () => {
    const { AuthorizedClient } = await import("../../provider");
    // What a JavaScript program or a configuration file can do.
    new AuthorizedClient("typo", {
      clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
      scopes: ["users:readonly"],
      role: ["Agent"],
    } as never);
    await new Promise((resolve) => setImmediate(resolve));
    const r = registered.find((x) => x.name === "typo");
    assert.deepEqual(r?.inputs.role, ["Agent"]);
  });
});

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
    assert.ok((r.inputs.__provider as string).length < 2200);
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

  describe("the SDK's per-promise stack traces", () => {
    const ID = "cea70f27-901c-5085-a2d0-8fee5ace6ccd";
    /** Args whose client ID reads Error.stackTraceLimit when the constructor takes it. */
    function observed(): { args: { clientId: string; scopes: string[] }; limits: number[] } {
      const limits: number[] = [];
      const args = {
        get clientId() {
          limits.push(Error.stackTraceLimit);
          return ID;
        },
        scopes: ["users:readonly"],
      };
      return { args, limits };
    }
    let saved: { limit: number; leaks: string | undefined };
    beforeEach(() => (saved = { limit: Error.stackTraceLimit, leaks: process.env.PULUMI_DEBUG_PROMISE_LEAKS }));
    afterEach(() => {
      Error.stackTraceLimit = saved.limit;
      if (saved.leaks === undefined) delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
      else process.env.PULUMI_DEBUG_PROMISE_LEAKS = saved.leaks;
    });

    it("are off while the resource is set up, and the limit is restored after", async () => {
      const { AuthorizedClient } = await import("../../provider");
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
      Error.stackTraceLimit = 17;
      const { args, limits } = observed();
      new AuthorizedClient("traces-off", args);
      assert.ok(limits.includes(0), `limits seen: ${limits.join(", ")}`);
      assert.equal(Error.stackTraceLimit, 17);
    });

    it("stay on when PULUMI_DEBUG_PROMISE_LEAKS asks for them", async () => {
      const { AuthorizedClient } = await import("../../provider");
      process.env.PULUMI_DEBUG_PROMISE_LEAKS = "true";
      Error.stackTraceLimit = 17;
      const { args, limits } = observed();
      new AuthorizedClient("traces-on", args);
      assert.ok(limits.length > 0 && limits.every((l) => l === 17), `limits seen: ${limits.join(", ")}`);
      assert.equal(Error.stackTraceLimit, 17);
    });

    it("restores the limit when the SDK refuses the resource", async () => {
      const { AuthorizedClient } = await import("../../provider");
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
      Error.stackTraceLimit = 17;
      // The SDK throws, inside the constructor, for an input named like its own serialized provider.
      assert.throws(() => new AuthorizedClient("refused", { clientId: ID, scopes: [], __provider: "x" } as never), /__provider/);
      assert.equal(Error.stackTraceLimit, 17);
    });
  });
});

import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { userProject } from "../../scripts/lib/user-project";

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

    it("restores the limit when the SDK refuses the resource, whose error keeps the program's line", async () => {
      const { AuthorizedClient } = await import("../../provider");
      delete process.env.PULUMI_DEBUG_PROMISE_LEAKS;
      Error.stackTraceLimit = 17;
      // The SDK throws, inside the constructor, for an input named like its own serialized provider.
      let refusal: Error | undefined;
      try {
        new AuthorizedClient("refused", { clientId: ID, scopes: [], __provider: "x" } as never);
      } catch (e) {
        refusal = e as Error;
      }
      assert.equal(Error.stackTraceLimit, 17);
      assert.match(String(refusal), /__provider/);
      // Its stack names the line that declared the resource, as the SDK's errors do.
      assert.match(refusal?.stack ?? "", /^Error: .*__provider[^]*\n\s+at .*resource\.spec\.js:\d+/);
    });
  });

  describe("the provider each resource hands to Pulumi's serializer", () => {
    /** The serialized provider a resource of the copy at `p.dir` registers, from the project's folder. */
    async function registeredProvider(p: { root: string; dir: string }, name: string): Promise<string> {
      const cwd = process.cwd();
      process.chdir(p.root);
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { AuthorizedClient } = require(p.dir) as typeof import("../../provider");
        new AuthorizedClient(name, { clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd", scopes: ["users:readonly"] });
        for (let i = 0; i < 50 && !registered.some((r) => r.name === name); i++) await new Promise((resolve) => setImmediate(resolve));
      } finally {
        process.chdir(cwd);
      }
      const r = registered.find((x) => x.name === name);
      assert.ok(r, `${name} was not registered`);
      return r.inputs.__provider as string;
    }

    it("is a reference to the package when the project's node_modules holds it", async () => {
      const p = userProject("grants-project-");
      try {
        const text = await registeredProvider(p, "installed");
        assert.match(text, /require\("pulumi-genesys-grants\/dist\/provider\/provider\.js"\)/);
        assert.ok(text.length < 300, `${text.length} bytes`);
        assert.ok(!text.includes(p.root), "a local path is in the serialized provider");
      } finally {
        p.remove();
      }
    });

    it("is written out by value when the package is nested in another's node_modules", async () => {
      // Pulumi's serializer would name it after the outer package, whose exports do not list it.
      const p = userProject("grants-project-", "node_modules/outer/node_modules/pulumi-genesys-grants", {
        "node_modules/outer/package.json": JSON.stringify({ name: "outer", version: "1.0.0", exports: { ".": "./index.js" } }),
        "node_modules/outer/index.js": "module.exports = {};\n",
      });
      try {
        const text = await registeredProvider(p, "nested");
        assert.match(text, /require\("pulumi-genesys-grants\/runtime"\)\.check\(/);
        assert.doesNotMatch(text, /dist\/provider\/provider\.js/);
        assert.ok(!text.includes(p.root), "a local path is in the serialized provider");
      } finally {
        p.remove();
      }
    });
  });
});

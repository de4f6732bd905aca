import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as path from "node:path";
import { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { AuthorizedClient } from "../../provider";
import { inlineStack, REPO_ROOT, tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { CLIENTS, EmulatorHandle, orgEnv } from "../support/emulator";
import { backendFiles, exportAsUser, mustFail, withoutReadBack } from "../support/engine";
import { deadPort, ForwardProxy, loopbackCertificate } from "../support/proxy";
import { demoStackConfig } from "../../scripts/lib/demo-org";

const CLI = path.join(REPO_ROOT, "dist", "cli", "main.js");
const PROXY_USER = "svc-grants";
const PROXY_PASSWORD = "proxy-pw-7f3a9c1e";
/** An expected failure reads as its message: no JavaScript stack frame. */
const NO_TRACE = /\bat \S+ \(\S+\.[jt]s:\d+:\d+\)/;

/** genesys-grants as a user runs it: its own process, with only the given environment (and PATH). */
function genesysGrants(env: Record<string, string>, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? "", ...env } }, (error, out, err) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: String(out), err: String(err) });
    });
  });
}

/**
 * A corporate proxy between the tools and the org, for real: a forward proxy on loopback (open,
 * or asking for a user and password), the emulator behind it over HTTPS (reached through CONNECT,
 * its certificate trusted through NODE_EXTRA_CA_CERTS as a TLS-intercepting proxy's is) and over
 * plain HTTP (absolute-URL requests). Both genesys-grants and the provider under the real engine.
 */
describe("through a corporate proxy (real forward proxy on loopback, real engine)", function () {
  this.timeout(600_000);
  let tlsOrg: EmulatorHandle;
  let plainOrg: EmulatorHandle;
  let open: ForwardProxy;
  let guarded: ForwardProxy;
  let cert: Awaited<ReturnType<typeof loopbackCertificate>>;
  let dead: string;
  let ws: Workspace;
  let stack: Stack;
  let output = "";
  const collect = (s: string) => (output += s);

  /** The emulator's host:port, as a CONNECT names it. */
  const authority = (org: EmulatorHandle) => new URL(org.url).host;
  const env = (): Record<string, string> => (stack.workspace as LocalWorkspace).envVars;
  /** Runs a preview that must fail; returns everything the engine printed. */
  const previewFails = (): Promise<string> => mustFail((onOutput) => stack.preview({ onOutput }));

  before(async () => {
    cert = await loopbackCertificate();
    tlsOrg = await EmulatorHandle.start({ tls: { key: cert.key, cert: cert.cert } });
    plainOrg = await EmulatorHandle.start();
    open = await ForwardProxy.start();
    guarded = await ForwardProxy.start({ user: PROXY_USER, password: PROXY_PASSWORD });
    dead = `http://127.0.0.1:${await deadPort()}`;
    ws = tempWorkspace("genesys-grants-proxy-", { NODE_EXTRA_CA_CERTS: cert.caFile });
    stack = await inlineStack(ws, {
      projectName: "grants-proxy",
      stackName: "proxy",
      program: async () => ({ acme: new AuthorizedClient("acme", { clientId: CLIENTS.acme, scopes: ["analytics"] }).clientName }),
    });
    await stack.setAllConfig(demoStackConfig(tlsOrg.url));
  });

  after(async () => {
    try {
      delete env().HTTPS_PROXY;
      if (stack) await withoutReadBack(stack).destroy({ onOutput: collect });
    } finally {
      await Promise.all([tlsOrg?.close(), plainOrg?.close(), open?.close(), guarded?.close()]);
      ws?.remove();
      cert?.remove();
    }
  });

  describe("genesys-grants", () => {
    beforeEach(() => {
      open.reset();
      guarded.reset();
    });

    it("goes through HTTPS_PROXY with CONNECT to an HTTPS origin", async () => {
      const r = await genesysGrants(
        { ...orgEnv(tlsOrg.url), NODE_EXTRA_CA_CERTS: cert.caFile, HTTPS_PROXY: open.url },
        "export",
        "--format",
        "yaml",
      );
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /acme-crm|clientId/);
      assert.ok(open.carried.length >= 2, JSON.stringify(open.carried));
      assert.ok(
        open.carried.every((c) => c.method === "CONNECT" && c.target === authority(tlsOrg)),
        JSON.stringify(open.carried),
      );
    });

    it("reaches the origin directly when NO_PROXY names it by curl's rules (a host, its port, a CIDR range, *), and through the proxy otherwise", async () => {
      const port = new URL(tlsOrg.url).port;
      const cases: Array<[string, boolean]> = [
        ["localhost,127.0.0.1", true],
        [`127.0.0.1:${port}`, true],
        ["127.0.0.0/8", true],
        ["example.com, 10.0.0.0/8 ,127.0.0.0/16", true],
        ["*", true],
        ["10.0.0.0/8", false],
        ["127.0.0.1:1", false],
        ["::1", false],
      ];
      for (const [noProxy, direct] of cases) {
        open.reset();
        const r = await genesysGrants(
          { ...orgEnv(tlsOrg.url), NODE_EXTRA_CA_CERTS: cert.caFile, HTTPS_PROXY: open.url, NO_PROXY: noProxy },
          "export",
        );
        assert.equal(r.code, 0, r.err);
        assert.equal(open.carried.length === 0, direct, `NO_PROXY=${noProxy}: ${JSON.stringify(open.carried)}`);
      }
    });

    it("logs in to the proxy set by GENESYSCLOUD_PROXY_*, and says which settings to check when it refuses, without the password", async () => {
      const proxyEnv = {
        GENESYSCLOUD_PROXY_HOST: "127.0.0.1",
        GENESYSCLOUD_PROXY_PORT: String(guarded.port),
        GENESYSCLOUD_PROXY_AUTH_USERNAME: PROXY_USER,
      };
      const ok = await genesysGrants({ ...orgEnv(plainOrg.url), ...proxyEnv, GENESYSCLOUD_PROXY_AUTH_PASSWORD: PROXY_PASSWORD }, "export");
      assert.equal(ok.code, 0, ok.err);
      // Plain HTTP goes to the proxy as absolute URLs.
      assert.ok(
        guarded.carried.some((c) => c.method === "POST" && c.target === `${plainOrg.url}/oauth/token`),
        JSON.stringify(guarded.carried),
      );
      assert.equal(guarded.refused, 0);

      const wrong = await genesysGrants(
        { ...orgEnv(plainOrg.url), ...proxyEnv, GENESYSCLOUD_PROXY_AUTH_PASSWORD: "not-the-password" },
        "export",
      );
      assert.equal(wrong.code, 3);
      assert.equal(
        wrong.err,
        `genesys-grants: the proxy http://127.0.0.1:${guarded.port} (set by GENESYSCLOUD_PROXY_HOST) refused POST ${plainOrg.url}/oauth/token: 407 Proxy Authentication Required; check GENESYSCLOUD_PROXY_AUTH_USERNAME and GENESYSCLOUD_PROXY_AUTH_PASSWORD\n`,
      );
      assert.ok(!(ok.out + ok.err + wrong.out + wrong.err).includes(PROXY_PASSWORD));
    });

    it("names a dead proxy's host and port and the variable that set it, announcing each retry", async () => {
      const r = await genesysGrants(
        {
          ...orgEnv(tlsOrg.url),
          NODE_EXTRA_CA_CERTS: cert.caFile,
          HTTPS_PROXY: `http://${PROXY_USER}:${PROXY_PASSWORD}@${new URL(dead).host}`,
        },
        "export",
      );
      assert.equal(r.code, 3);
      const lines = r.err.trimEnd().split("\n");
      // Two retries of a refused connection, then the one error.
      assert.equal(lines.length, 3, r.err);
      assert.match(lines[0], /^genesys-grants: retrying POST \/oauth\/token in \d+\.\d s \(retry 1\): no response \(ECONNREFUSED\)$/);
      assert.equal(
        lines[2],
        `genesys-grants: no answer through the proxy ${dead} (set by HTTPS_PROXY) for POST ${tlsOrg.url}/oauth/token: ECONNREFUSED; check that the proxy is up and reachable, or change HTTPS_PROXY`,
      );
      assert.ok(!r.err.includes(PROXY_PASSWORD));
    });
  });

  describe("the provider under pulumi preview and up", () => {
    it("goes through an authenticating proxy set in stack config, over CONNECT; the password never reaches state or output", async () => {
      await stack.setAllConfig({
        "genesyscloud:proxyHost": { value: "127.0.0.1" },
        "genesyscloud:proxyPort": { value: String(guarded.port) },
        "genesyscloud:proxyUsername": { value: PROXY_USER },
        "genesyscloud:proxyPassword": { value: PROXY_PASSWORD, secret: true },
      });
      guarded.reset();
      await stack.preview({ onOutput: collect });
      const up = await stack.up({ onOutput: collect });
      assert.equal(up.outputs.acme.value, "Acme CRM Connector");
      assert.equal((await tlsOrg.liveGrant(CLIENTS.acme))?.state, "Authorized");
      assert.ok(
        guarded.carried.length > 0 && guarded.carried.every((c) => c.method === "CONNECT" && c.target === authority(tlsOrg)),
        JSON.stringify(guarded.carried),
      );
      await stack.preview({ expectNoChanges: true, onOutput: collect });
      const everything = output + (await exportAsUser(stack)) + backendFiles(ws);
      assert.ok(!everything.includes(PROXY_PASSWORD), "the proxy password leaked");
    });

    it("fails preview on a refused proxy login, naming the stack-config keys, with nothing written", async () => {
      await stack.setConfig("genesyscloud:proxyPassword", { value: "not-the-password", secret: true });
      await tlsOrg.control("DELETE", "requests");
      const text = await previewFails();
      assert.ok(
        text.includes(
          `the proxy http://127.0.0.1:${guarded.port} (set by genesyscloud:proxyHost) refused POST ${tlsOrg.url}/oauth/token: 407 Proxy Authentication Required; check genesyscloud:proxyUsername and genesyscloud:proxyPassword`,
        ),
        text,
      );
      assert.doesNotMatch(text, NO_TRACE);
      assert.deepEqual(await tlsOrg.requests(), []);
    });

    it("names a dead proxy from HTTPS_PROXY, and reaches the org directly once NO_PROXY names it", async () => {
      for (const key of ["proxyHost", "proxyPort", "proxyUsername", "proxyPassword"]) await stack.removeConfig(`genesyscloud:${key}`);
      env().HTTPS_PROXY = dead;
      const text = await previewFails();
      assert.ok(
        text.includes(`no answer through the proxy ${dead} (set by HTTPS_PROXY) for POST ${tlsOrg.url}/oauth/token: ECONNREFUSED`),
        text,
      );
      assert.doesNotMatch(text, NO_TRACE);

      env().NO_PROXY = "127.0.0.1";
      open.reset();
      await withoutReadBack(stack).up({ onOutput: collect });
      await stack.preview({ expectNoChanges: true, onOutput: collect });
      delete env().NO_PROXY;
    });
  });
});

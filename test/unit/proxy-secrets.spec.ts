import * as assert from "node:assert/strict";
import fc from "fast-check";
import { errorFromResponse, networkError } from "../../genesys";
import { noProxyMatches } from "../../genesys/no-proxy";
import { redactUserinfo, resolveSettings, SettingsError } from "../../provider/settings";

const API = "https://api.mypurecloud.com:443";

/** A password with a marker no message holds, and the characters that break naive redaction. */
const passwords = fc
  .array(fc.constantFrom(..."ab@/:%#? !x9Z=&+~'\""), { minLength: 1, maxLength: 12 })
  .map((chars) => `Qz7${chars.join("")}`);

/** Every spelling of a password a message could carry. */
const spellings = (pw: string) => [pw, encodeURIComponent(pw), encodeURI(pw), "Qz7"];

/** What a settings failure says (its message and its JSON), or the resolved settings' proxies when none. */
function attempt(
  config: Record<string, string>,
  env: NodeJS.ProcessEnv,
): { text: string; proxies?: ReturnType<typeof resolveSettings>["proxies"] } {
  try {
    const s = resolveSettings({ config, env: { GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "secret", ...env } });
    return { text: "", proxies: s.proxies };
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    return { text: `${e.message} ${JSON.stringify(e)} ${e.stack}` };
  }
}

describe("a proxy's password never appears in any output", () => {
  /** Proxy settings a user may write, valid or not, each holding the password. */
  const forms = (pw: string): Array<[string, Record<string, string>, NodeJS.ProcessEnv]> => [
    ["HTTPS_PROXY, raw", {}, { HTTPS_PROXY: `http://svc:${pw}@proxy.corp:3128` }],
    ["HTTPS_PROXY, encoded", {}, { HTTPS_PROXY: `http://svc:${encodeURIComponent(pw)}@proxy.corp:3128` }],
    ["HTTPS_PROXY without a scheme", {}, { HTTPS_PROXY: `svc:${pw}@proxy.corp:3128` }],
    ["HTTPS_PROXY, a SOCKS proxy", {}, { HTTPS_PROXY: `socks5://svc:${encodeURIComponent(pw)}@proxy.corp:1080` }],
    ["HTTPS_PROXY with no host", {}, { HTTPS_PROXY: `http://svc:${pw}@` }],
    ["HTTPS_PROXY with a bad port", {}, { HTTPS_PROXY: `http://svc:${pw}@proxy.corp:99999` }],
    ["ALL_PROXY, raw", {}, { ALL_PROXY: `http://svc:${pw}@proxy.corp:3128` }],
    ["GENESYSCLOUD_PROXY_HOST holding a login", {}, { GENESYSCLOUD_PROXY_HOST: `svc:${pw}@proxy.corp`, GENESYSCLOUD_PROXY_PORT: "3128" }],
    ["genesyscloud:proxyHost holding a login", { proxyHost: `http://svc:${pw}@proxy.corp`, proxyPort: "3128" }, {}],
    ["genesyscloud:proxyPassword without a user", { proxyHost: "proxy.corp", proxyPort: "3128", proxyPassword: pw }, {}],
    ["genesyscloud:proxyPassword without a host", { proxyPassword: pw }, {}],
    [
      "GENESYSCLOUD_PROXY_AUTH_PASSWORD, a bad port",
      {},
      {
        GENESYSCLOUD_PROXY_HOST: "proxy.corp",
        GENESYSCLOUD_PROXY_PORT: "x",
        GENESYSCLOUD_PROXY_AUTH_USERNAME: "svc",
        GENESYSCLOUD_PROXY_AUTH_PASSWORD: pw,
      },
    ],
    ["genesyscloud:apiUrl holding a login", { apiUrl: `https://svc:${pw}@api.example.com` }, {}],
  ];

  it("in every settings error, and in every error of the HTTP layer through the proxy (407, no answer, TLS)", () => {
    fc.assert(
      fc.property(passwords, (pw) => {
        for (const [what, config, env] of forms(pw)) {
          const { text, proxies } = attempt(config, env);
          const outputs = [text];
          for (const proxy of Object.values(proxies ?? {})) {
            const url = `${API}/api/v2/organizations/me`;
            outputs.push(errorFromResponse("GET", "/api/v2/organizations/me", 407, "", {}, [], 0, { proxy, url }).message);
            for (const code of ["ECONNREFUSED", "ETIMEDOUT", "CERT_HAS_EXPIRED"]) {
              const e = networkError({ method: "GET", path: "/api/v2/organizations/me", url, code, proxy, timeoutMs: 5 }, []);
              outputs.push(e.message, JSON.stringify(e));
            }
            assert.ok(!proxy.url.includes("Qz7") && !proxy.display.includes("Qz7"), `${what}: ${proxy.url}`);
          }
          for (const out of outputs) for (const s of spellings(pw)) assert.ok(!out.includes(s), `${what}: ${JSON.stringify(s)} in ${out}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("a URL is shown with its login replaced, whatever the login holds", () => {
    assert.equal(redactUserinfo("http://svc:p@ss/w:rd@proxy.corp:3128"), "http://***@proxy.corp:3128");
    assert.equal(redactUserinfo("svc:pass@proxy.corp:3128"), "***@proxy.corp:3128");
    assert.equal(redactUserinfo("http://proxy.corp:3128"), "http://proxy.corp:3128");
  });
});

describe("NO_PROXY follows curl's rules", () => {
  const direct = (list: string, url: string) => noProxyMatches(list, new URL(url));
  const cases: Array<[string, string, string, boolean]> = [
    ["* matches every host", "*", "https://api.mypurecloud.com", true],
    ["a host name matches itself", "api.mypurecloud.com", "https://api.mypurecloud.com", true],
    ["a host name matches in any letter case", "API.MyPureCloud.com", "https://api.mypurecloud.com", true],
    ["a domain matches its subdomains", "mypurecloud.com", "https://api.mypurecloud.com", true],
    ["a domain does not match a longer name", "purecloud.com", "https://api.mypurecloud.com", false],
    ["a domain does not match its parent", "api.mypurecloud.com", "https://mypurecloud.com", false],
    ["a leading dot is ignored", ".mypurecloud.com", "https://mypurecloud.com", true],
    ["a leading *. is ignored", "*.mypurecloud.com", "https://api.mypurecloud.com", true],
    ["a trailing dot is ignored", "mypurecloud.com.", "https://api.mypurecloud.com", true],
    ["a host with the target's port", "api.mypurecloud.com:443", "https://api.mypurecloud.com", true],
    ["a host with another port", "api.mypurecloud.com:8443", "https://api.mypurecloud.com", false],
    ["entries separated by commas and spaces", "example.com , mypurecloud.com", "https://api.mypurecloud.com", true],
    ["an IPv4 literal", "127.0.0.1", "http://127.0.0.1:8787", true],
    ["an IPv4 literal does not match another", "127.0.0.2", "http://127.0.0.1:8787", false],
    ["an IPv4 literal is no domain suffix", "0.0.1", "http://127.0.0.1:8787", false],
    ["an IPv4 literal with its port", "127.0.0.1:8787", "http://127.0.0.1:8787", true],
    ["an IPv4 literal with another port", "127.0.0.1:9999", "http://127.0.0.1:8787", false],
    ["an IPv4 CIDR range", "10.0.0.0/8", "http://10.20.30.40:8787", true],
    ["an IPv4 CIDR range, outside", "10.0.0.0/8", "http://11.0.0.1:8787", false],
    ["a /32 range", "192.168.1.7/32", "http://192.168.1.7", true],
    ["a /0 range", "0.0.0.0/0", "http://203.0.113.9", true],
    ["an IPv6 literal without brackets", "::1", "http://[::1]:8787", true],
    ["an IPv6 literal with brackets", "[::1]", "http://[::1]:8787", true],
    ["an IPv6 literal in another spelling", "0:0:0:0:0:0:0:1", "http://[::1]:8787", true],
    ["an IPv6 literal with brackets and its port", "[::1]:8787", "http://[::1]:8787", true],
    ["an IPv6 literal with brackets and another port", "[::1]:1", "http://[::1]:8787", false],
    ["an IPv6 CIDR range", "fd00::/8", "http://[fd12:3456::1]", true],
    ["an IPv6 CIDR range, outside", "fd00::/8", "http://[fe80::1]", false],
    ["an IPv4 range never matches an IPv6 target", "0.0.0.0/0", "http://[::1]", false],
    ["an IP entry never matches a host name", "127.0.0.1", "http://localhost:8787", false],
    ["a range never matches a host name", "127.0.0.0/8", "http://localhost:8787", false],
    ["a name never matches an IP target", "localhost", "http://127.0.0.1", false],
    ["an empty list matches nothing", "", "http://127.0.0.1", false],
    ["a range with too many bits matches nothing", "10.0.0.0/40", "http://10.0.0.1", false],
  ];
  for (const [rule, list, url, expected] of cases)
    it(`${rule}: ${JSON.stringify(list)} ${expected ? "reaches" : "does not reach"} ${url} directly`, () =>
      assert.equal(direct(list, url), expected));

  it("decides the route of the settings: a CIDR entry keeps loopback away from the proxy", () => {
    const via = (env: NodeJS.ProcessEnv) =>
      Object.keys(
        resolveSettings({
          flags: { apiUrl: "http://127.0.0.1:8787" },
          env: { GENESYSCLOUD_OAUTHCLIENT_ID: "i", GENESYSCLOUD_OAUTHCLIENT_SECRET: "s", HTTP_PROXY: "http://p:1", ...env },
        }).proxies,
      ).length > 0;
    assert.equal(via({}), true);
    assert.equal(via({ NO_PROXY: "127.0.0.0/8" }), false);
    assert.equal(via({ no_proxy: "10.0.0.0/8" }), true);
  });
});

import * as assert from "node:assert/strict";
import { GenesysProxyError, networkError, errorFromResponse, REGION_DOMAINS, resolveEndpoints } from "../../genesys";
import { clientOptions, expectedDomain, readConfigValues, resolveSettings, SETTING_KEYS, SettingSources } from "../../provider/settings";

const CREDS = { GENESYSCLOUD_OAUTHCLIENT_ID: "id", GENESYSCLOUD_OAUTHCLIENT_SECRET: "s3cret-value" };
/** As the provider sees them: stack config, then the environment. */
const provider = (config: Record<string, string>, env: NodeJS.ProcessEnv = {}) => resolveSettings({ config, env });
/** As genesys-grants sees them: its flags, then the environment. */
const cli = (flags: SettingSources["flags"], env: NodeJS.ProcessEnv = {}) => resolveSettings({ flags, env });
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail("expected an error");
};

describe("settings", () => {
  it("takes a flag first, then stack config, then the environment, and remembers which", () => {
    const s = resolveSettings({
      flags: { region: "eu-central-1" },
      config: { oauthclientId: "from-config", region: "us-west-2" },
      env: { GENESYSCLOUD_OAUTHCLIENT_ID: "from-env", GENESYSCLOUD_OAUTHCLIENT_SECRET: "env-secret", GENESYSCLOUD_REGION: "EU_WEST_1" },
    });
    assert.equal(s.clientId, "from-config");
    assert.equal(s.clientSecret, "env-secret");
    assert.equal(s.region, "eu-central-1");
    assert.deepEqual(s.set.region, { value: "eu-central-1", setting: "--region" });
    assert.equal(s.set.oauthclientSecret?.setting, "GENESYSCLOUD_OAUTHCLIENT_SECRET");
    assert.equal(provider({}, { GENESYSCLOUD_REGION: "EU_WEST_1" }).region, "eu-west-1");
  });

  it("reads the genesyscloud namespace from a config getter", () => {
    const values: Record<string, string> = {
      "genesyscloud:region": "ap-southeast-2",
      "other:region": "x",
      "genesyscloud:apiUrl": "",
      "genesyscloud:proxyHost": "p",
    };
    assert.deepEqual(
      readConfigValues((k) => values[k]),
      { region: "ap-southeast-2", proxyHost: "p" },
    );
  });

  it("knows the public regions only", () => {
    assert.equal(Object.keys(REGION_DOMAINS).length, 18);
    assert.ok(!Object.values(REGION_DOMAINS).some((d) => /inin/.test(d)));
    assert.equal(resolveEndpoints("us-east-2", undefined).apiBase, "https://api.use2.us-gov-pure.cloud");
    assert.equal(resolveEndpoints("ap-southeast-2", undefined).loginBase, "https://login.mypurecloud.com.au");
  });

  it("derives login from an https://api.<domain> apiUrl, and serves login from any other base", () => {
    assert.deepEqual(resolveEndpoints("us-east-1", "https://api.mypurecloud.de/"), {
      apiBase: "https://api.mypurecloud.de",
      loginBase: "https://login.mypurecloud.de",
      domain: "mypurecloud.de",
    });
    assert.deepEqual(resolveEndpoints("us-east-1", "http://127.0.0.1:8787"), {
      apiBase: "http://127.0.0.1:8787",
      loginBase: "http://127.0.0.1:8787",
    });
  });

  it("checks authorization URLs against the region, also behind a custom apiUrl", () => {
    assert.equal(expectedDomain(provider({ region: "eu-central-1" })), "mypurecloud.de");
    assert.equal(expectedDomain(provider({ region: "eu-west-1", apiUrl: "http://127.0.0.1:1" })), "mypurecloud.ie");
    assert.equal(expectedDomain(provider({ apiUrl: "https://api.usw2.pure.cloud" })), "usw2.pure.cloud");
  });

  it("passes tuning values, and the settings' names, to the HTTP layer", () => {
    const o = clientOptions(
      provider({ timeoutMs: "5000", maxRetries: "0", maxRetryAfterSeconds: "15" }, { GENESYSCLOUD_ACCESS_TOKEN: "t" }),
    );
    assert.equal(o.timeoutMs, 5000);
    assert.equal(o.maxRetries, 0);
    assert.equal(o.maxRetryAfterMs, 15_000);
    assert.equal(o.accessToken, "t");
    assert.deepEqual(o.labels, {
      credentials: "GENESYSCLOUD_ACCESS_TOKEN",
      origin: "the default region us-east-1 (set genesyscloud:region or GENESYSCLOUD_REGION to change it)",
      retryAfterCeiling: "genesyscloud:maxRetryAfterSeconds",
    });
    assert.deepEqual(clientOptions(cli({ apiUrl: "http://127.0.0.1:9" }, CREDS)).labels, {
      credentials: "GENESYSCLOUD_OAUTHCLIENT_ID / GENESYSCLOUD_OAUTHCLIENT_SECRET",
      origin: "--api-url",
      retryAfterCeiling: "GENESYSCLOUD_MAX_RETRY_AFTER_SECONDS",
    });
    assert.throws(
      () => cli({}, { ...CREDS, GENESYSCLOUD_MAX_RETRY_AFTER_SECONDS: "0" }),
      /GENESYSCLOUD_MAX_RETRY_AFTER_SECONDS must be a whole number above 0/,
    );
  });
});

describe("settings own their names: messages take their words from the settings in use", () => {
  it("names each setting as it was set, and an unset one by the ways to set it in this context", () => {
    const p = provider({ region: "eu-west-1" }, { ...CREDS, GENESYSCLOUD_APPLY_MODE: "manual" });
    assert.equal(p.names.of("region"), "genesyscloud:region");
    assert.equal(p.names.of("oauthclientId"), "GENESYSCLOUD_OAUTHCLIENT_ID");
    assert.equal(p.names.of("applyMode"), "GENESYSCLOUD_APPLY_MODE");
    assert.equal(p.names.of("accessToken"), "genesyscloud:accessToken or GENESYSCLOUD_ACCESS_TOKEN");
    const c = cli({}, { ...CREDS, GENESYSCLOUD_API_URL: "http://127.0.0.1:8787" });
    assert.equal(c.names.of("accessToken"), "GENESYSCLOUD_ACCESS_TOKEN");
    assert.equal(c.names.of("region"), "--region or GENESYSCLOUD_REGION");
    for (const key of SETTING_KEYS) assert.ok(!c.names.of(key).includes("genesyscloud:"), `${key}: ${c.names.of(key)}`);
  });

  it("an org chosen by GENESYSCLOUD_API_URL is named so in the org checks, with no stack-config key for a CLI user", () => {
    const words = cli({}, { ...CREDS, GENESYSCLOUD_API_URL: "http://127.0.0.1:8787" }).names.orgWords;
    assert.match(words.credentials, /GENESYSCLOUD_API_URL/);
    assert.ok(!Object.values(words).some((w) => w.includes("genesyscloud:")), JSON.stringify(words));
    const stack = provider({ apiUrl: "http://127.0.0.1:8787", oauthclientId: "id", oauthclientSecret: "s" }).names.orgWords;
    assert.match(stack.credentials, /^genesyscloud:oauthclientId and genesyscloud:oauthclientSecret .*\(genesyscloud:apiUrl\)$/);
  });
});

describe("settings: errors name the setting as the user set it", () => {
  const cases: [string, () => unknown, string][] = [
    [
      "a region flag",
      () => cli({ region: "eu-west-3" }),
      `--region "eu-west-3" is not a public Genesys Cloud region — did you mean "eu-west-1" or "eu-west-2"? Use one of: ${Object.keys(REGION_DOMAINS).join(", ")}`,
    ],
    [
      "a region variable",
      () => provider({}, { GENESYSCLOUD_REGION: "dca" }),
      `GENESYSCLOUD_REGION "dca" is not a public Genesys Cloud region; use one of: ${Object.keys(REGION_DOMAINS).join(", ")}`,
    ],
    [
      "a timeout of 0 in the environment",
      () => provider({}, { GENESYSCLOUD_TIMEOUT_MS: "0" }),
      'GENESYSCLOUD_TIMEOUT_MS must be a whole number above 0, got "0"',
    ],
    [
      "a negative retry count in stack config",
      () => provider({ maxRetries: "-1" }),
      'genesyscloud:maxRetries must be a whole number, 0 or more, got "-1"',
    ],
    [
      "an API URL flag without a scheme",
      () => cli({ apiUrl: "localhost:8787" }),
      '--api-url must be an http(s) URL such as https://api.mypurecloud.de, got "localhost:8787"',
    ],
    [
      "an API URL with credentials",
      () => provider({ apiUrl: "https://u:p@api.mypurecloud.de" }),
      'genesyscloud:apiUrl must be a base URL, without credentials, query or fragment, got "https://***@api.mypurecloud.de"',
    ],
    [
      "an org pin in stack config",
      () => provider({ orgId: "acme" }),
      'genesyscloud:orgId must be an org ID (a UUID, as GET /api/v2/organizations/me or Admin > Account Settings shows it), got "acme"',
    ],
    [
      "no credentials, to the provider",
      () => clientOptions(provider({})),
      "no Genesys Cloud credentials: set genesyscloud:oauthclientId or GENESYSCLOUD_OAUTHCLIENT_ID, and genesyscloud:oauthclientSecret or GENESYSCLOUD_OAUTHCLIENT_SECRET; or an access token in genesyscloud:accessToken or GENESYSCLOUD_ACCESS_TOKEN. In this stack: pulumi config set genesyscloud:oauthclientId <client ID> && pulumi config set --secret genesyscloud:oauthclientSecret <secret>",
    ],
    [
      "no credentials, to genesys-grants",
      () => clientOptions(cli({})),
      "no Genesys Cloud credentials: set GENESYSCLOUD_OAUTHCLIENT_ID, and GENESYSCLOUD_OAUTHCLIENT_SECRET; or an access token in GENESYSCLOUD_ACCESS_TOKEN. In this shell: export GENESYSCLOUD_OAUTHCLIENT_ID=<client ID> GENESYSCLOUD_OAUTHCLIENT_SECRET=<secret>",
    ],
    [
      "a stack's client ID without its secret",
      () => provider({ oauthclientId: "x" }),
      "genesyscloud:oauthclientId is set but not genesyscloud:oauthclientSecret or GENESYSCLOUD_OAUTHCLIENT_SECRET: the client ID and secret go together; set it with: pulumi config set --secret genesyscloud:oauthclientSecret <secret>",
    ],
    [
      "an apiUrl with the API's path",
      () => cli({}, { GENESYSCLOUD_API_URL: "http://127.0.0.1:8787/api/v2" }),
      'GENESYSCLOUD_API_URL must be the base URL, without the path /api/v2 (the provider adds /api/v2/… and /oauth/token itself): use http://127.0.0.1:8787, got "http://127.0.0.1:8787/api/v2"',
    ],
    [
      "a client ID without its secret",
      () => cli({}, { GENESYSCLOUD_OAUTHCLIENT_ID: "x" }),
      "GENESYSCLOUD_OAUTHCLIENT_ID is set but not GENESYSCLOUD_OAUTHCLIENT_SECRET: the client ID and secret go together; set it with: export GENESYSCLOUD_OAUTHCLIENT_SECRET=<secret>",
    ],
    [
      "a proxy host with a scheme",
      () => provider({ proxyHost: "http://proxy" }),
      'genesyscloud:proxyHost must be a host name or IP address, without scheme or port (they have settings of their own), got "http://proxy"',
    ],
    [
      "a proxy host without a port",
      () => provider({}, { GENESYSCLOUD_PROXY_HOST: "proxy" }),
      "GENESYSCLOUD_PROXY_HOST is set but not the proxy's port: set GENESYSCLOUD_PROXY_PORT",
    ],
    [
      "a proxy port out of range",
      () => provider({}, { GENESYSCLOUD_PROXY_HOST: "proxy", GENESYSCLOUD_PROXY_PORT: "70000" }),
      'GENESYSCLOUD_PROXY_PORT must be a port number, 1 to 65535, got "70000"',
    ],
    [
      "a proxy protocol",
      () => provider({ proxyHost: "proxy", proxyPort: "3128", proxyProtocol: "socks5" }),
      'genesyscloud:proxyProtocol must be "http" or "https", got "socks5"',
    ],
    [
      "a proxy password without its user",
      () => provider({ proxyHost: "proxy", proxyPort: "3128", proxyPassword: "hunter22" }),
      "genesyscloud:proxyPassword is set but not genesyscloud:proxyUsername: the proxy's user and password go together",
    ],
    [
      "a proxy port without a host",
      () => provider({}, { GENESYSCLOUD_PROXY_PORT: "3128" }),
      "GENESYSCLOUD_PROXY_PORT is set but not the proxy's host: set GENESYSCLOUD_PROXY_HOST too, or unset GENESYSCLOUD_PROXY_PORT",
    ],
    [
      "a SOCKS proxy in the standard variable",
      () => provider({}, { https_proxy: "socks5://127.0.0.1:1080" }),
      "https_proxy names a socks5 proxy; only http:// and https:// proxies are supported",
    ],
  ];
  for (const [what, run, expected] of cases) {
    it(what, () => assert.equal(message(run), expected));
  }

  it("never shows a secret setting's value", () => {
    assert.doesNotMatch(
      message(() =>
        provider({}, { GENESYSCLOUD_PROXY_HOST: "p", GENESYSCLOUD_PROXY_PORT: "1", GENESYSCLOUD_PROXY_AUTH_PASSWORD: "hunter22" }),
      ),
      /hunter22/,
    );
    assert.doesNotMatch(
      message(() => provider({}, { HTTPS_PROXY: "ftp://user:hunter22@proxy" })),
      /hunter22/,
    );
  });
});

describe("settings: proxies", () => {
  const API = "https://api.mypurecloud.com:443";
  const LOGIN = "https://login.mypurecloud.com:443";

  it("reads HTTPS_PROXY for https, the lower-case name first, with its credentials taken out of the URL, once", () => {
    const s = provider({}, { HTTPS_PROXY: "http://upper:3128", https_proxy: "http://alice:pa%40ss@lower:8080" });
    assert.deepEqual(Object.keys(s.proxies), [API, LOGIN]);
    assert.deepEqual(s.proxies[API], {
      url: "http://lower:8080",
      display: "http://lower:8080",
      setting: "https_proxy",
      authSettings: "the user and password in https_proxy",
      login: { username: "alice", password: "pa@ss" },
    });
  });

  it("reads HTTP_PROXY for an http origin, and ALL_PROXY last; a proxy without a scheme is http", () => {
    assert.equal(
      cli({ apiUrl: "http://127.0.0.1:8787" }, { HTTPS_PROXY: "http://h:1", HTTP_PROXY: "127.0.0.1:3128" }).proxies["http://127.0.0.1:8787"]
        .display,
      "http://127.0.0.1:3128",
    );
    assert.equal(
      cli({ apiUrl: "http://127.0.0.1:8787" }, { ALL_PROXY: "http://all:9" }).proxies["http://127.0.0.1:8787"].setting,
      "ALL_PROXY",
    );
  });

  it("proxies loopback unless NO_PROXY names it, by host, parent domain, port or *", () => {
    const via = (apiUrl: string, env: NodeJS.ProcessEnv) =>
      Object.keys(cli({ apiUrl }, { HTTP_PROXY: "http://p:1", HTTPS_PROXY: "http://p:1", ...env }).proxies).length > 0;
    assert.equal(via("http://127.0.0.1:8787", {}), true);
    assert.equal(via("http://127.0.0.1:8787", { NO_PROXY: "localhost, 127.0.0.1" }), false);
    assert.equal(via("http://127.0.0.1:8787", { no_proxy: "127.0.0.1:9999" }), true);
    assert.equal(via("http://127.0.0.1:8787", { no_proxy: "127.0.0.1:8787" }), false);
    assert.equal(via("https://api.mypurecloud.de", { NO_PROXY: ".mypurecloud.de" }), false);
    assert.equal(via("https://api.mypurecloud.de", { NO_PROXY: "*.mypurecloud.de" }), false);
    assert.equal(via("https://api.mypurecloud.de", { NO_PROXY: "purecloud.de" }), true);
    assert.equal(via("https://api.mypurecloud.de", { NO_PROXY: "*" }), false);
  });

  it("takes GENESYSCLOUD_PROXY_* (or the stack config) over the standard variables, for every origin", () => {
    const s = provider(
      { proxyHost: "proxy.corp", proxyPort: "8443", proxyProtocol: "HTTPS", proxyUsername: "svc", proxyPassword: "p@ss word" },
      { HTTPS_PROXY: "http://other:1", NO_PROXY: "*" },
    );
    assert.deepEqual(s.proxies[API], {
      url: "https://proxy.corp:8443",
      display: "https://proxy.corp:8443",
      setting: "genesyscloud:proxyHost",
      authSettings: "genesyscloud:proxyUsername and genesyscloud:proxyPassword",
      login: { username: "svc", password: "p@ss word" },
    });
    // The credentials stay apart from the URL: no URL of any route holds them.
    for (const route of Object.values(s.proxies)) assert.ok(!route.url.includes("svc") && !route.url.includes("p%40ss"), route.url);
  });
});

describe("network errors name the origin or the proxy, and the setting that chose it", () => {
  it("names the origin and the setting of an unanswered request", () => {
    const e = networkError(
      {
        method: "POST",
        path: "/oauth/token",
        url: "http://127.0.0.1:9/oauth/token",
        code: "ECONNREFUSED",
        originSetting: "GENESYSCLOUD_API_URL",
      },
      [],
    );
    assert.equal(
      e.message,
      "Genesys Cloud did not answer POST /oauth/token at http://127.0.0.1:9 (chosen by GENESYSCLOUD_API_URL): ECONNREFUSED",
    );
  });

  it("names a timeout's limit", () => {
    const e = networkError(
      {
        method: "GET",
        path: "/p",
        url: "https://api.mypurecloud.com/p",
        code: "ETIMEDOUT",
        timeoutMs: 5000,
        originSetting: "genesyscloud:region",
      },
      [],
    );
    assert.equal(
      e.message,
      "Genesys Cloud did not answer GET /p at https://api.mypurecloud.com:443 (chosen by genesyscloud:region): no answer within 5000 ms (ETIMEDOUT)",
    );
  });

  it("names a dead proxy's host and port and its setting, not its password", () => {
    const proxy = provider({}, { HTTPS_PROXY: "http://bob:hunter22@127.0.0.1:3999" }).proxies["https://api.mypurecloud.com:443"];
    const e = networkError(
      {
        method: "GET",
        path: "/api/v2/organizations/me",
        url: "https://api.mypurecloud.com/api/v2/organizations/me",
        code: "ECONNREFUSED",
        proxy,
      },
      ["hunter22"],
    );
    assert.equal(
      e.message,
      "no answer through the proxy http://127.0.0.1:3999 (set by HTTPS_PROXY) for GET https://api.mypurecloud.com:443/api/v2/organizations/me: ECONNREFUSED; check that the proxy is up and reachable, or change HTTPS_PROXY",
    );
  });

  it("says a 407 is the proxy's refusal and which settings hold its user and password", () => {
    const proxy = provider({}, { GENESYSCLOUD_PROXY_HOST: "10.0.0.1", GENESYSCLOUD_PROXY_PORT: "3128" }).proxies[
      "https://api.mypurecloud.com:443"
    ];
    const e = errorFromResponse("GET", "/p", 407, "", {}, [], 0, { proxy, url: "https://api.mypurecloud.com/p" });
    assert.ok(e instanceof GenesysProxyError);
    assert.equal(
      e.message,
      "the proxy http://10.0.0.1:3128 (set by GENESYSCLOUD_PROXY_HOST) refused GET https://api.mypurecloud.com:443/p: 407 Proxy Authentication Required; check GENESYSCLOUD_PROXY_AUTH_USERNAME and GENESYSCLOUD_PROXY_AUTH_PASSWORD",
    );
  });
});

describe("settings: the org pin", () => {
  const ORG = "5F0C6D0E-1B2A-4C3D-8E9F-0A1B2C3D4E5F";

  it("reads genesyscloud:orgId first, then GENESYSCLOUD_ORG_ID, naming the setting that pinned it", () => {
    assert.deepEqual(provider({ orgId: ORG }, { GENESYSCLOUD_ORG_ID: "x" }).orgPin, {
      id: ORG.toLowerCase(),
      setting: "genesyscloud:orgId",
    });
    assert.deepEqual(provider({}, { GENESYSCLOUD_ORG_ID: ORG }).orgPin, { id: ORG.toLowerCase(), setting: "GENESYSCLOUD_ORG_ID" });
    assert.equal(provider({}).orgPin, undefined);
  });

  it("refuses an org ID that is not a UUID, in the words of its source", () => {
    assert.throws(() => provider({}, { GENESYSCLOUD_ORG_ID: "acme" }), /^Error: GENESYSCLOUD_ORG_ID must be an org ID/);
  });
});

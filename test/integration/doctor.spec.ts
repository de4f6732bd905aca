import * as assert from "node:assert/strict";
import { DEMO, EmulatorHandle } from "../support/emulator";
import { cli } from "../support/cli";

describe("genesys-grants doctor against the emulator", () => {
  let emu: EmulatorHandle;
  const saved = { ...process.env };

  before(async () => {
    emu = await EmulatorHandle.start();
  });
  afterEach(() => {
    process.env = saved;
  });
  after(async () => {
    await emu.close();
  });

  const as = (id: string, secret: string) => {
    process.env = {
      PATH: saved.PATH,
      GENESYSCLOUD_API_URL: emu.url,
      GENESYSCLOUD_OAUTHCLIENT_ID: id,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: secret,
    };
  };

  it("passes with the admin client: one ✔ line per check, naming the org and the permission, writing nothing and showing no secret", async () => {
    as(DEMO.clientId, DEMO.clientSecret);
    await emu.control("DELETE", "requests");
    const r = await cli("doctor");
    assert.equal(r.code, 0, r.out + r.err);
    const lines = r.out.trimEnd().split("\n");
    assert.ok(
      lines.every((l) => /^[✔·] /.test(l)),
      r.out,
    );
    assert.ok(lines.includes(`✔ setting GENESYSCLOUD_API_URL: ${emu.url}`), r.out);
    assert.ok(lines.includes("✔ setting GENESYSCLOUD_OAUTHCLIENT_SECRET: set (secret, not shown)"), r.out);
    assert.ok(
      lines.some((l) =>
        /^✔ login: client credentials at http:\/\/127\.0\.0\.1:\d+ \(chosen by GENESYSCLOUD_API_URL\), token good for \d+ min$/.test(l),
      ),
      r.out,
    );
    assert.ok(
      lines.some((l) => /^✔ org: "Demo Org" \([0-9a-f-]{36}\)$/.test(l)),
      r.out,
    );
    assert.ok(
      lines.some((l) => /^✔ permission oauth:client:authorize: GET \/api\/v2\/oauth\/authorizations answered in \d+ ms$/.test(l)),
      r.out,
    );
    assert.ok(
      lines.some((l) => /^✔ clock: \d+ s (ahead of|behind) the org's$/.test(l)),
      r.out,
    );
    assert.ok(lines.includes("· proxy: none: the org is reached directly"), r.out);
    assert.ok(!r.out.includes(DEMO.clientSecret));
    assert.deepEqual(await emu.writes(), []);
  });

  it("fails with a client that lacks oauth:client:authorize, naming it and how to fix it", async () => {
    as(DEMO.viewerClientId, DEMO.viewerClientSecret);
    const r = await cli("doctor", "--json");
    assert.equal(r.code, 1);
    const { checks } = JSON.parse(r.out) as { checks: { check: string; status: string; detail: string; fix?: string }[] };
    const failed = checks.filter((c) => c.status === "fail");
    assert.deepEqual(
      failed.map((c) => c.check),
      ["permission oauth:client:authorize"],
    );
    assert.match(failed[0].fix!, /OAuth > Client > Authorize \(oauth:client:authorize\)/);
    assert.ok(!r.out.includes(DEMO.viewerClientSecret));
  });

  it("fails at login with a wrong secret, never printing it", async () => {
    as(DEMO.clientId, "wrong-secret-5c1d");
    const r = await cli("doctor");
    assert.equal(r.code, 1);
    assert.match(r.out, /^✘ login: Genesys Cloud login failed at http:\/\/127\.0\.0\.1:\d+ \(401 invalid_client/m);
    assert.ok(!r.out.includes("wrong-secret-5c1d"));
  });

  it("fails on a bad setting, in the words of its source", async () => {
    as(DEMO.clientId, DEMO.clientSecret);
    const r = await cli("doctor", "--region", "mars");
    assert.equal(r.code, 1);
    assert.match(r.out, /^✘ settings: --region "mars" is not a public Genesys Cloud region/);
  });
});

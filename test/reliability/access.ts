import * as assert from "node:assert/strict";
import { syntheticClientId } from "../../scripts/lib/big-org";
import { DEMO } from "../support/emulator";
import { Reliability } from "./harness";

const CASES: Array<{ name: string; config: Record<string, string>; expect: RegExp }> = [
  {
    name: "a wrong client secret",
    config: { "genesyscloud:oauthclientSecret": "bad-secret-xyz" },
    expect: /Genesys Cloud login failed at http:\/\/127\.0\.0\.1:\d+ \(401 invalid_client: authentication failed\): check genesyscloud:oauthclientId \/ genesyscloud:oauthclientSecret, and that they belong to an org in the region chosen by genesyscloud:apiUrl/,
  },
  {
    name: "credentials without oauth:client:authorize",
    config: { "genesyscloud:oauthclientId": DEMO.viewerClientId, "genesyscloud:oauthclientSecret": DEMO.viewerClientSecret },
    expect: /needs a role with the permission OAuth > Client > Authorize \(oauth:client:authorize\)/,
  },
  {
    name: "an unreachable API URL",
    config: { "genesyscloud:apiUrl": "http://127.0.0.1:9", "genesyscloud:maxRetryElapsedMs": "3000" },
    expect: /Genesys Cloud did not answer POST \/oauth\/token at http:\/\/127\.0\.0\.1:9 \(chosen by genesyscloud:apiUrl\): ECONNREFUSED/,
  },
];

export function accessScenarios(r: Reliability): void {
  for (const c of CASES) {
    it(`stops with one clear message on ${c.name}, writing nothing`, async () => {
      await r.emu.control("POST", "reset");
      r.declared = { one: { clientId: syntheticClientId(1), scopes: ["users:readonly"] } };
      await r.configure(c.config);
      try {
        const err = await r.stack.up({ onOutput: r.collect }).then(
          () => undefined,
          (e: Error) => e,
        );
        assert.ok(err, "the up succeeded");
        r.output += err.message;
        assert.match(err.message, c.expect);
        assert.deepEqual(await r.emu.writes(), []);
        r.results.push({ scenario: `access: ${c.name}`, grants: 1, faults: "—", retries: 0, outcome: "one clear error, non-zero exit, 0 writes" });
      } finally {
        await r.configure();
        r.declare(0);
      }
    });
  }
}

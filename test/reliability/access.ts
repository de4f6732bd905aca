import * as assert from "node:assert/strict";
import { syntheticClientId } from "../../scripts/lib/big-org";
import { DEMO } from "../support/emulator";
import { Reliability } from "./harness";

const CASES: Array<{ name: string; config: Record<string, string>; expect: RegExp; retries: number; warning?: RegExp }> = [
  {
    name: "a wrong client secret",
    config: { "genesyscloud:oauthclientSecret": "bad-secret-xyz" },
    expect:
      /Genesys Cloud login failed at http:\/\/127\.0\.0\.1:\d+ \(401 invalid_client: authentication failed\): check genesyscloud:oauthclientId \/ genesyscloud:oauthclientSecret: they must be an OAuth client of the org at that address \(set by genesyscloud:apiUrl\)/,
    retries: 0,
  },
  {
    name: "credentials without oauth:client:authorize",
    config: { "genesyscloud:oauthclientId": DEMO.viewerClientId, "genesyscloud:oauthclientSecret": DEMO.viewerClientSecret },
    expect:
      /the credentials in use are view-only: GET \/api\/v2\/oauth\/authorizations answered 403 missing\.any\.permissions .*oauth:client:authorize \(OAuth > Client > Authorize\).*view-only is enough to preview, not to apply; nothing was changed/,
    retries: 0,
    // Check cannot read authorizations with these credentials, and says so first: enough to preview.
    warning: /^warning: AuthorizedClient "one": not checked for client [0-9a-f-]+, as the credentials are view-only/,
  },
  {
    name: "an unreachable API URL",
    config: { "genesyscloud:apiUrl": "http://127.0.0.1:9", "genesyscloud:maxRetryElapsedMs": "3000" },
    expect: /Genesys Cloud did not answer POST \/oauth\/token at http:\/\/127\.0\.0\.1:9 \(chosen by genesyscloud:apiUrl\): ECONNREFUSED/,
    // A refused connection is retried twice.
    retries: 2,
  },
];

/** The Diagnostics section of a Pulumi run's output: each header with its non-empty lines. */
function diagnosticSections(output: string): [string, string[]][] {
  const start = output.indexOf("\nDiagnostics:\n");
  const end = output.indexOf("\nResources:\n", start);
  assert.ok(start >= 0 && end > start, output);
  const sections: [string, string[]][] = [];
  for (const line of output.slice(start + "\nDiagnostics:\n".length, end).split("\n")) {
    if (/^ {2}\S/.test(line)) sections.push([line.trim(), []]);
    else if (line.trim() !== "") sections[sections.length - 1][1].push(line.trim());
  }
  return sections;
}

export function accessScenarios(r: Reliability): void {
  for (const c of CASES) {
    it(`stops with one clear message on ${c.name}, writing nothing`, async () => {
      await r.emu.control("POST", "reset");
      r.declared = { one: { clientId: syntheticClientId(1), scopes: ["users:readonly"] } };
      await r.configure(c.config);
      try {
        let seen = "";
        const err = await r.stack.up({ onOutput: (t) => (r.collect(t), (seen += t)) }).then(
          () => undefined,
          (e: Error) => e,
        );
        assert.ok(err, "the up succeeded");
        r.output += err.message;
        assert.match(err.message, c.expect);
        // Exactly what a user reads under Diagnostics: under the stack, one line per retry (and, for
        // view-only credentials, check's warning of what it could not check, then "update failed")
        // and nothing else; under the resource, the one error line. The message is said once, and
        // no line ends in a dangling colon.
        const diagnostics = diagnosticSections(seen);
        const stackLines = diagnostics.find(([header]) => header.startsWith("pulumi:pulumi:Stack"))?.[1] ?? [];
        const resourceLines = diagnostics.find(([header]) => header.includes("AuthorizedClient (one)"))?.[1] ?? [];
        const warned = c.warning ? stackLines.filter((l) => c.warning!.test(l)) : [];
        const retryLines = stackLines.filter((l) => !warned.includes(l) && !(c.warning && l === "error: update failed"));
        assert.equal(diagnostics.length, c.retries > 0 || c.warning ? 2 : 1, seen);
        assert.equal(warned.length, c.warning ? 1 : 0, seen);
        assert.equal(retryLines.length, c.retries, seen);
        assert.ok(
          retryLines.every((l) => l.startsWith("pulumi-genesys-grants: retrying ")),
          seen,
        );
        assert.ok(
          diagnostics.every(([, lines]) => lines.every((l) => !l.endsWith(":"))),
          seen,
        );
        const message = resourceLines[0]?.replace(/^error: /, "") ?? "\u0000";
        assert.equal(
          diagnostics.flatMap(([, lines]) => lines).filter((l) => l.includes(message)).length,
          1,
          `the message is said once under Diagnostics:\n${seen}`,
        );
        assert.equal(resourceLines.length, 1, seen);
        assert.match(resourceLines[0], /^error: /);
        assert.match(resourceLines[0], c.expect);
        assert.deepEqual(await r.emu.writes(), []);
        r.results.push({
          scenario: `access: ${c.name}`,
          grants: 1,
          faults: "—",
          retries: c.retries,
          outcome: "one clear error, non-zero exit, 0 writes",
        });
      } finally {
        await r.configure();
        r.declare(0);
      }
    });
  }
}

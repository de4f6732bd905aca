import * as assert from "node:assert/strict";
import { AuthorizedClientArgs } from "../../provider";
import { syntheticClientId } from "../../scripts/lib/big-org";
import { CLIENTS } from "../support/emulator";
import { Reliability } from "./harness";

const ID = syntheticClientId(0);
const url = (q: string, host = "login.mypurecloud.com", scheme = "https") => `${scheme}://${host}/oauth/authorize?${q}&response_type=code&redirect_uri=https%3A%2F%2Fapp.example%2Fcb`;

/** Each must fail `pulumi preview` naming the property and the reason, with no write to the org. */
const CASES: Array<{ name: string; args: Record<string, unknown>; expect: RegExp }> = [
  { name: "malformed UUID", args: { clientId: "3dfb45d2-acbd-4709-a652", scopes: ["users:readonly"] }, expect: /clientId.*must be an OAuth client ID, a UUID/ },
  { name: "client ID of the wrong type", args: { clientId: 1234, scopes: ["users:readonly"] }, expect: /clientId.*must be a string/ },
  { name: "empty scopes", args: { clientId: ID, scopes: [] }, expect: /scopes.*must list at least one scope/ },
  { name: "missing scopes", args: { clientId: ID }, expect: /scopes.*is required/ },
  { name: "scopes of the wrong type", args: { clientId: ID, scopes: "users:readonly" }, expect: /scopes.*must be a list of strings/ },
  { name: "an empty scope", args: { clientId: ID, scopes: [""] }, expect: /scopes\[0\].*must not be empty/ },
  { name: "a scope with a space", args: { clientId: ID, scopes: ["users readonly"] }, expect: /scopes\[0\].*without spaces/ },
  { name: "unknown scope", args: { clientId: ID, scopes: ["users:readonly", "analytcs:readonly"] }, expect: /scopes\[1\].*"analytcs:readonly" is not a scope in this org — did you mean "analytics:readonly"/ },
  { name: "scope the client did not request", args: { clientId: ID, scopes: ["telephony"] }, expect: /scopes\[0\].*did not request "telephony"/ },
  { name: "unknown role name", args: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["Supervisr"] }, expect: /roles\[0\].*"Supervisr" is not a role in this org — did you mean "Supervisor"/ },
  { name: "ambiguous role name", args: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["REPORTING ANALYST"] }, expect: /roles\[0\].*ambiguous: it matches 2 roles/ },
  { name: "unknown role ID", args: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: ["00000000-1111-4222-8333-444444444444"] }, expect: /roles\[0\].*no role with ID/ },
  { name: "roles of the wrong type", args: { clientId: CLIENTS.directory, scopes: ["users:readonly"], roles: "Agent" }, expect: /roles.*must be a list of strings/ },
  { name: "both clientId and authorizationUrl", args: { clientId: ID, authorizationUrl: url(`client_id=${ID}`), scopes: ["users:readonly"] }, expect: /authorizationUrl.*either clientId or authorizationUrl, not both/ },
  { name: "neither clientId nor authorizationUrl", args: { scopes: ["users:readonly"] }, expect: /clientId.*is required \(or give authorizationUrl\)/ },
  { name: "malformed URL", args: { authorizationUrl: "login.mypurecloud.com/oauth/authorize", scopes: ["users:readonly"] }, expect: /authorizationUrl.*is not a URL/ },
  { name: "URL of another region", args: { authorizationUrl: url(`client_id=${ID}`, "login.mypurecloud.de"), scopes: ["users:readonly"] }, expect: /authorizationUrl.*is for login\.mypurecloud\.de, but the provider is configured for region us-east-1/ },
  { name: "URL without client_id", args: { authorizationUrl: url("state=x"), scopes: ["users:readonly"] }, expect: /authorizationUrl.*has no client_id parameter/ },
  { name: "URL over http", args: { authorizationUrl: url(`client_id=${ID}`, "login.mypurecloud.com", "http"), scopes: ["users:readonly"] }, expect: /authorizationUrl.*must use https/ },
  { name: "URL on the API host", args: { authorizationUrl: url(`client_id=${ID}`, "api.mypurecloud.com"), scopes: ["users:readonly"] }, expect: /authorizationUrl.*not a Genesys Cloud login host/ },
  { name: "client unknown to the org", args: { clientId: "00000000-1111-4222-8333-444444444444", scopes: ["users:readonly"] }, expect: /clientId.*no OAuth client "00000000-1111-4222-8333-444444444444" is visible/ },
  { name: "unknown onExisting", args: { clientId: ID, scopes: ["users:readonly"], onExisting: "overwrite" }, expect: /onExisting.*must be "fail" or "adopt"/ },
  { name: "unknown input", args: { clientId: ID, scopes: ["users:readonly"], scope: ["users:readonly"] }, expect: /scope.*is not an input of AuthorizedClient — did you mean "scopes"/ },
];

export function badInputScenarios(r: Reliability): void {
  it(`fails the preview of ${CASES.length} bad inputs, each naming the property and the reason, with no write`, async () => {
    await r.emu.control("POST", "reset");
    for (const c of CASES) {
      r.declared = { bad: c.args as unknown as AuthorizedClientArgs };
      const err = await r.stack.preview({ onOutput: r.collect }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(err, `${c.name}: the preview succeeded`);
      r.output += err.message;
      assert.match(err.message, c.expect, c.name);
    }
    assert.deepEqual(await r.emu.writes(), [], "a bad input reached the org");
    r.results.push({ scenario: `bad input (${CASES.length} cases)`, grants: 1, faults: "—", retries: 0, outcome: "every preview failed naming property and reason; 0 writes" });
    r.declare(0);
  });
}

import * as assert from "node:assert/strict";
import { Stack } from "@pulumi/pulumi/automation";
import { bigOrgSeed } from "../../scripts/lib/big-org";
import { tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { EmulatorHandle } from "../support/emulator";
import { reportedChanges, syntheticStack, withoutReadBack } from "../support/engine";

const BUDGET = 30;
const GRANTS = 20;

/**
 * The vendor's budget, through the real engine: the emulator refuses a token's requests past
 * BUDGET a minute, as the vendor does past 300, and the provider, told the same budget
 * (genesyscloud:requestsPerMinute), paces itself: an up that needs more requests than one
 * minute's budget waits for its slots instead of being refused.
 */
describe("within the vendor's budget: the provider paces itself (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  let stack: Stack;

  before(async () => {
    emu = await EmulatorHandle.start({ seed: bigOrgSeed(GRANTS), rateLimitPerMinute: BUDGET });
    ws = tempWorkspace("grants-budget-");
    stack = await syntheticStack(ws, "budget", GRANTS, emu.url, { "genesyscloud:requestsPerMinute": { value: String(BUDGET) } });
  });
  after(async () => {
    ws?.remove();
    await emu?.close();
  });

  it(`an up that needs more than a minute's budget (${BUDGET} requests) converges with no request refused, never past the budget in any minute`, async () => {
    const up = await withoutReadBack(stack).up({ parallel: 8 });
    assert.deepEqual(reportedChanges(up.stdout), { create: GRANTS + 1 }, up.stdout);
    const api = (await emu.requests()).filter((e) => e.path.startsWith("/api/"));
    assert.ok(api.length > BUDGET, `the up needed ${api.length} API requests, more than a minute's budget`);
    assert.deepEqual(
      api.filter((e) => e.status === 429),
      [],
      "no request was refused",
    );
    for (const e of api) {
      const inWindow = api.filter((x) => x.timeMs >= e.timeMs && x.timeMs < e.timeMs + 60_000).length;
      assert.ok(inWindow <= BUDGET, `${inWindow} requests in the minute from ${e.time}`);
    }
    const live = (await emu.state()).authorizations.filter((a) => a.state === "Authorized" && a.clientId.startsWith("5e1ec7ed"));
    assert.equal(live.length, GRANTS);
  });
});

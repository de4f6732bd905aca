import * as assert from "node:assert/strict";
import { Stack } from "@pulumi/pulumi/automation";
import { PREFETCH_WINDOW } from "../../provider/authorized-client/declarations";
import type { RequestLogEntry } from "../../emulator/context";
import { bigOrgSeed } from "../../scripts/lib/big-org";
import { tempWorkspace, Workspace } from "../../scripts/lib/pulumi-cli";
import { EmulatorHandle } from "../support/emulator";
import { reportedChanges, syntheticStack, withoutReadBack } from "../support/engine";

const GRANTS = 40;
/** Long enough that reads made one after another could not overlap. */
const LATENCY_MS = 40;

/** The most requests of `entries` that were in flight at one moment. */
function mostInFlight(entries: RequestLogEntry[]): number {
  return Math.max(0, ...entries.map((e) => entries.filter((x) => x.timeMs <= e.timeMs && e.timeMs < x.timeMs + x.durationMs).length));
}

/**
 * The engine checks one resource at a time, and the check of a new grant reads its client from
 * the org. Through the real engine: the checks of a program's grants find their clients read
 * together, not one round trip after another.
 */
describe("the checks of a program read the org together (real engine)", function () {
  this.timeout(600_000);
  let emu: EmulatorHandle;
  let ws: Workspace;
  let stack: Stack;

  before(async () => {
    emu = await EmulatorHandle.start({ seed: bigOrgSeed(GRANTS), latencyMs: LATENCY_MS });
    ws = tempWorkspace("grants-checks-");
    stack = await syntheticStack(ws, "checks", GRANTS, emu.url);
  });
  after(async () => {
    try {
      await withoutReadBack(stack)?.destroy();
    } finally {
      ws?.remove();
      await emu?.close();
    }
  });

  it(`an up of ${GRANTS} new grants reads their clients ${PREFETCH_WINDOW} or more at a time, once each, and the org's facts at once`, async () => {
    const up = await withoutReadBack(stack).up({ parallel: 8 });
    assert.deepEqual(reportedChanges(up.stdout), { create: GRANTS + 1 }, up.stdout);
    const reads = (await emu.requests()).filter((e) => e.method === "GET");
    const clients = reads.filter((e) => /^\/api\/v2\/oauth\/authorizations\/[^/]+$/.test(e.path));
    assert.equal(clients.length, GRANTS, "each client is read once");
    assert.ok(mostInFlight(clients) >= PREFETCH_WINDOW, `at most ${mostInFlight(clients)} client reads were in flight together`);
    const facts = reads.filter((e) =>
      ["/api/v2/organizations/me", "/api/v2/oauth/scopes", "/api/v2/oauth/authorizations"].includes(e.path),
    );
    assert.equal(facts.length, 3, "the org, the scope catalogue and the listing are read once each");
    assert.equal(mostInFlight(facts), 3, "the org, the scope catalogue and the listing are read together");
  });

  it("a refresh reads the org and the listing, once each and together", async () => {
    await emu.control("DELETE", "requests");
    const refresh = await withoutReadBack(stack).refresh();
    assert.deepEqual(reportedChanges(refresh.stdout), { same: GRANTS + 1 }, refresh.stdout);
    const reads = (await emu.requests()).filter((e) => e.method === "GET");
    assert.deepEqual(reads.map((e) => e.path).sort(), ["/api/v2/oauth/authorizations", "/api/v2/organizations/me"]);
    assert.equal(mostInFlight(reads), 2, "the org and the listing are read together");
  });
});

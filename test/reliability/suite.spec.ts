import * as assert from "node:assert/strict";
import { DEMO } from "../support/emulator";
import { accessScenarios } from "./access";
import { badInputScenarios } from "./bad-input";
import { crashScenario } from "./crash";
import { faultScenarios } from "./faults";
import { Reliability } from "./harness";

/**
 * Does a run either converge or fail cleanly, lose nothing in a crash, keep typos out of the org
 * and leak no secret? The real engine against the emulator's control plane.
 */
describe("reliability", function () {
  this.timeout(600_000);
  const r = new Reliability();

  before(() => r.start());
  // Each scenario names the seed of its fault draws, so a failing run can be replayed exactly.
  beforeEach(function () {
    process.stdout.write(`      fault seed ${r.seed}: replay with RELIABILITY_SEED=${r.seed} npm run test:reliability\n`);
  });
  after(async () => {
    await r.stop();
    // The secrets scan covers every scenario's states and output, so its count applies to each row.
    const found = r.secretsFound === undefined ? "not scanned" : String(r.secretsFound);
    const rows = r.results.map((x) => `| ${x.scenario} | ${x.grants} | ${x.faults} | ${x.retries} | ${x.outcome} | ${found} |`);
    process.stdout.write(["", `Fault seed ${r.seed}.`, "", "| scenario | grants | faults injected | retries observed | outcome | secrets found |", "|---|---|---|---|---|---|", ...rows, ""].join("\n"));
  });

  describe("faults", () => faultScenarios(r));

  describe("concurrency", () => {
    it("converges with --parallel 32, 200 grants and 5% injected faults", async () => {
      await r.emu.control("POST", "reset");
      r.declare(200);
      await r.emu.fault({ status: 503, probability: 0.03 });
      await r.emu.fault({ method: "PUT", status: 429, retryAfter: 1, probability: 0.02 });
      await r.stack.up({ parallel: 32, onOutput: r.collect });
      const log = await r.emu.requests();
      await r.emu.control("DELETE", "faults");
      await r.assertOrgMatches();
      Reliability.assertRetryAfterHonoured(log);
      await r.exportState();
      r.results.push({ scenario: "--parallel 32 under 5% faults (503, 429)", grants: 200, faults: `${log.filter((e) => e.fault).length} injected`, retries: Reliability.retries(log), outcome: "converged; org = declaration" });
      await r.stack.destroy({ parallel: 32, onOutput: r.collect });
      r.declare(0);
    });
  });

  describe("crash", () => crashScenario(r));
  describe("bad input", () => badInputScenarios(r));
  describe("access problems", () => accessScenarios(r));

  describe("secrets", () => {
    it("finds neither the client secret nor any token in states, CLI output or errors", async () => {
      await r.exportState();
      const tokens = r.emu.issuedTokens();
      assert.ok(tokens.length > 5, "tokens were issued");
      const haystacks = [...r.states, r.output];
      let found = 0;
      for (const secret of [DEMO.clientSecret, DEMO.viewerClientSecret, "bad-secret-xyz", ...tokens]) {
        for (const h of haystacks) if (h.includes(secret)) found++;
      }
      r.secretsFound = found;
      assert.equal(found, 0);
      r.results.push({ scenario: `secrets: ${r.states.length} states, ${Math.round(r.output.length / 1024)} KiB of output scanned for ${tokens.length + 3} secrets`, grants: 0, faults: "—", retries: 0, outcome: `${found} found` });
    });
  });
});

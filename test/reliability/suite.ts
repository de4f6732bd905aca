import * as assert from "node:assert/strict";
import { DEMO } from "../support/emulator";
import { Reliability } from "./harness";
import { markdownTable } from "../../common/text";

/**
 * One file of the reliability suite: its scenarios share a harness (an emulator, a stack), and
 * end with the secrets scan over every state and output they produced. Files run side by side
 * (`npm test` runs the spec files in parallel), each with its own emulator and backend.
 *
 * Does a run either converge or fail cleanly, lose nothing in a crash, keep typos out of the org
 * and leak no secret? The real engine against the emulator's control plane.
 */
export function reliabilitySuite(title: string, scenarios: (r: Reliability) => void): void {
  describe(`reliability: ${title}`, function () {
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
      const rows = r.results.map((x) => [x.scenario, String(x.grants), x.faults, String(x.retries), x.outcome, found]);
      process.stdout.write(
        [
          "",
          `Fault seed ${r.seed}.`,
          "",
          ...markdownTable(["scenario", "grants", "faults injected", "retries observed", "outcome", "secrets found"], rows),
          "",
        ].join("\n"),
      );
    });

    scenarios(r);

    describe("secrets", () => {
      it("finds neither the client secret nor any token in the states, CLI output or errors of the scenarios above", async () => {
        await r.exportState();
        const tokens = r.emu.issuedTokens();
        assert.ok(tokens.length > 0, "tokens were issued");
        assert.ok(r.output.length > 0, "the scenarios' output was collected");
        const haystacks = [...r.states, r.output];
        let found = 0;
        for (const secret of [DEMO.clientSecret, DEMO.viewerClientSecret, "bad-secret-xyz", ...tokens]) {
          for (const h of haystacks) if (h.includes(secret)) found++;
        }
        r.secretsFound = found;
        assert.equal(found, 0);
        r.results.push({
          scenario: `secrets: ${r.states.length} states, ${Math.round(r.output.length / 1024)} KiB of output scanned for ${tokens.length + 3} secrets`,
          grants: 0,
          faults: "—",
          retries: 0,
          outcome: `${found} found`,
        });
      });
    });
  });
}

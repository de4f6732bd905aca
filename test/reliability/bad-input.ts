import * as assert from "node:assert/strict";
import { AuthorizedClientArgs } from "../../provider";
import { CLIENTS } from "../support/emulator";
import { badInputCases, GHOST_CLIENT } from "../support/hostile";
import { Reliability } from "./harness";

const CASES = badInputCases({ ...CLIENTS, ghost: GHOST_CLIENT });
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Each case of test/corpus/bad-inputs.json must fail `pulumi preview` naming the property and the reason, with no write. */
export function badInputScenarios(r: Reliability): void {
  let refused = 0;
  before(() => r.emu.control("POST", "reset"));

  for (const c of CASES) {
    it(`fails the preview of ${c.name}, naming ${c.property} and the reason, with no write`, async () => {
      r.declared = { bad: c.inputs as unknown as AuthorizedClientArgs };
      let seen = "";
      const err = await r.stack.preview({ onOutput: (t) => (r.collect(t), (seen += t)) }).then(
        () => undefined,
        (e: Error) => e,
      );
      assert.ok(err, `the preview succeeded:\n${seen}`);
      r.output += err.message;
      // The engine's line names the property (a scope or role by the member the reason quotes), then the reason.
      const property = c.property.replace(/^(scopes|roles)\[\d+\]$/, "$1");
      assert.match(err.message, new RegExp(`has a problem: ${escape(property)}: .*${c.reason}`));
      assert.ok(!err.message.includes("<nil>"), err.message);
      assert.deepEqual(await r.emu.writes(), [], "a bad input reached the org");
      refused++;
    });
  }

  after(() => {
    r.results.push({
      scenario: `bad input (${CASES.length} cases, test/corpus/bad-inputs.json)`,
      grants: 1,
      faults: "—",
      retries: 0,
      outcome: `${refused} of ${CASES.length} previews failed naming property and reason; 0 writes`,
    });
    r.declare(0);
  });
}

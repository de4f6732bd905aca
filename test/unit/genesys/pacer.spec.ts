import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Pacer, PACER_MARGIN_MS, PACER_WINDOW_MS } from "../../../genesys/pacer";

/** A pacer on an injected clock: sleeping moves the clock; nothing really waits. */
function paced(perMinute: number) {
  let now = 0;
  const sent: number[] = [];
  const pacer = new Pacer(
    perMinute,
    () => now,
    async (ms) => void (now += ms),
  );
  return {
    pacer,
    sent,
    at: (t: number) => (now = Math.max(now, t)),
    send: async () => {
      await pacer.acquire();
      sent.push(now);
    },
  };
}

describe("the pacer: within the vendor's budget per rolling minute", () => {
  it("sends a budget's worth at once, then each next request when the oldest leaves the window", async () => {
    const p = paced(3);
    await Promise.all(Array.from({ length: 7 }, () => p.send()));
    const slot = PACER_WINDOW_MS + PACER_MARGIN_MS;
    assert.deepEqual(p.sent, [0, 0, 0, slot, slot, slot, 2 * slot]);
  });

  it("never sends more than its budget in any window, whatever the arrival of requests", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.array(fc.nat(200_000), { maxLength: 40 }), async (perMinute, arrivals) => {
        const p = paced(perMinute);
        for (const t of [...arrivals].sort((a, b) => a - b)) {
          p.at(t);
          await p.send();
        }
        for (let i = 0; i < p.sent.length; i++) {
          const inWindow = p.sent.filter((t) => t >= p.sent[i] && t < p.sent[i] + PACER_WINDOW_MS + PACER_MARGIN_MS).length;
          assert.ok(inWindow <= perMinute, `${inWindow} sends within a window from ${p.sent[i]}: ${p.sent.join(", ")}`);
        }
        assert.equal(p.sent.length, arrivals.length);
      }),
    );
  });
});

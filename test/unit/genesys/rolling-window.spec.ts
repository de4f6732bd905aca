import * as assert from "node:assert/strict";
import { RollingWindow } from "../../../common/rolling-window";

/** The one budget model of the pacer and the emulator (common/rolling-window.ts), on its own. */
describe("the rolling window", () => {
  it("takes up to its limit, then says how long until the oldest leaves; a refused take counts nothing", () => {
    const w = new RollingWindow(2, 1000);
    assert.equal(w.tryTake(0), 0);
    assert.equal(w.tryTake(100), 0);
    assert.equal(w.tryTake(400), 600, "the oldest (0) leaves at 1000");
    assert.equal(w.countAt(400), 2, "the refused take was not counted");
    assert.equal(w.waitAt(999), 1);
    assert.equal(w.waitAt(1000), 0, "an event leaves the window exactly windowMs after it was taken");
    assert.equal(w.countAt(1000), 1);
    assert.equal(w.countAt(1100), 0);
  });

  it("forgets everything when cleared", () => {
    const w = new RollingWindow(1, 60_000);
    w.tryTake(0);
    assert.equal(w.waitAt(1), 59_999);
    w.clear();
    assert.equal(w.countAt(1), 0);
    assert.equal(w.tryTake(1), 0);
  });
});

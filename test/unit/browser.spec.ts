import * as assert from "node:assert/strict";
import { CHROMIUM_CANDIDATES, chromiumPath } from "../support/browser";

/** The browser tests find Chromium, or fail saying how to provide one: never a skip. */
describe("the browser tests' Chromium", () => {
  const only = (present: string[]) => (p: string) => present.includes(p);

  it("takes GRANTS_CHROMIUM first, then the usual paths in order", () => {
    assert.equal(chromiumPath({ GRANTS_CHROMIUM: "/opt/c/chrome" }, only(["/opt/c/chrome", "/usr/bin/chromium"])), "/opt/c/chrome");
    assert.equal(chromiumPath({}, only(["/usr/bin/google-chrome", "/usr/bin/chromium"])), "/usr/bin/chromium");
    assert.equal(chromiumPath({}, only(["/usr/bin/google-chrome-stable"])), "/usr/bin/google-chrome-stable");
  });

  it("fails naming where it looked and how to install one, when there is none", () => {
    assert.throws(
      () => chromiumPath({}, only([])),
      (e: Error) => {
        for (const p of CHROMIUM_CANDIDATES) assert.ok(e.message.includes(p));
        assert.match(e.message, /apt-get install chromium/);
        assert.match(e.message, /GRANTS_CHROMIUM/);
        return true;
      },
    );
    assert.throws(
      () => chromiumPath({ GRANTS_CHROMIUM: "/nope" }, only(["/usr/bin/chromium"])),
      /GRANTS_CHROMIUM is \/nope, and no file is there/,
    );
  });
});

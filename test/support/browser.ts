// The browser tests' Chromium: scripts/lib/chromium.ts (the review benchmark uses it too).
export { CHROMIUM_CANDIDATES, chromiumPath, withChromium } from "../../scripts/lib/chromium";

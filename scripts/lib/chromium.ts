import * as fs from "node:fs";
import { Browser, chromium } from "playwright-core";

/**
 * The Chromium that the browser tests and the review benchmark drive through Playwright (whose own
 * browser download is not used): GRANTS_CHROMIUM names it, else the usual paths of Debian's and
 * Google's packages. None is an error that says how to get one, never a skip: `.ci/run` installs
 * Debian's `chromium` when it is missing.
 */
export const CHROMIUM_CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync): string {
  const named = env.GRANTS_CHROMIUM;
  if (named !== undefined && named !== "") {
    if (exists(named)) return named;
    throw new Error(
      `GRANTS_CHROMIUM is ${named}, and no file is there; set it to a Chromium or Chrome executable, or unset it to look in ${CHROMIUM_CANDIDATES.join(", ")}`,
    );
  }
  const found = CHROMIUM_CANDIDATES.find(exists);
  if (found) return found;
  throw new Error(
    `no Chromium found for the browser tests (looked in ${CHROMIUM_CANDIDATES.join(", ")}); install Debian's (apt-get install chromium, as .ci/run does) or set GRANTS_CHROMIUM to a Chromium or Chrome executable`,
  );
}

/** Runs `use` with a headless Chromium, closed afterwards whatever happens, so no browser outlives a run. */
export async function withChromium<T>(use: (browser: Browser) => Promise<T>): Promise<T> {
  // As root (CI containers), Chromium runs only without its sandbox.
  const args = process.getuid?.() === 0 ? ["--no-sandbox"] : [];
  const browser = await chromium.launch({ executablePath: chromiumPath(), args, headless: true });
  try {
    return await use(browser);
  } finally {
    await browser.close();
  }
}

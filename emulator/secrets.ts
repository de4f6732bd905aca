import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * The emulator keeps no client secret: only a salted SHA-256 of it, enough to check a login. A
 * seed may give a plaintext `secret` (the demo org's are public); the store turns it into
 * `secretHash` as it loads, so neither `/__emulator/state` nor a `--state` file ever holds a
 * secret, not even one taken from GENESYSCLOUD_OAUTHCLIENT_SECRET.
 */
const FORMAT = /^sha256:([0-9a-f]{32}):([0-9a-f]{64})$/;

export function hashSecret(secret: string, salt: string = randomBytes(16).toString("hex")): string {
  return `sha256:${salt}:${createHash("sha256").update(salt).update("\0").update(secret, "utf8").digest("hex")}`;
}

/** Whether `secret` is the one `stored` (a hashSecret result) was made from, in constant time. */
export function secretMatches(stored: string | undefined, secret: string): boolean {
  const m = stored ? FORMAT.exec(stored) : null;
  if (!m) return false;
  const expected = Buffer.from(m[2], "hex");
  const given = Buffer.from(hashSecret(secret, m[1]).slice(-64), "hex");
  return timingSafeEqual(expected, given);
}

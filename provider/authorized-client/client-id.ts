/**
 * An OAuth client ID as the provider compares and stores it: a UUID, lower case. Every client ID
 * that enters the provider (from a program, an authorization URL, state, or the org) goes through
 * `clientIdOf` once, so no other code lower-cases or compares IDs case-insensitively.
 */
export type ClientId = string & { readonly __brand: "ClientId" };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string): boolean => UUID.test(s);

/** The normal form of a client ID. The caller has checked it is a UUID (schema or parse). */
export function clientIdOf(raw: string): ClientId {
  return raw.trim().toLowerCase() as ClientId;
}

/** Same as clientIdOf, for values that may be absent (optional outputs, vendor bodies). */
export function maybeClientId(raw: unknown): ClientId | undefined {
  return typeof raw === "string" && raw.trim() !== "" ? clientIdOf(raw) : undefined;
}

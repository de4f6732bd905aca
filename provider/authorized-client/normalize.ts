import { ClientId, clientIdOf, isUuid } from "./client-id";
import { CheckedInputs, OnExisting, isUnknown } from "./types";

/** Sorted and de-duplicated, so order never shows as a diff. Unknown elements are kept as they are. */
export function normalizeSet(values: readonly string[] | undefined): string[] {
  if (!values) return [];
  const known = values.filter((v) => !isUnknown(v));
  const unknown = values.filter(isUnknown);
  return [...[...new Set(known)].sort(), ...unknown.slice(0, 1)];
}

/** Role names are compared case-insensitively only when resolving; role IDs are lower-cased. */

export function normalizeInputs(raw: {
  clientId: string;
  authorizationUrl?: string;
  scopes: string[];
  roles?: string[];
  onExisting?: OnExisting;
}): CheckedInputs {
  const out: CheckedInputs = {
    clientId: clientIdOf(raw.clientId), // the unknown marker is already in normal form
    scopes: isUnknown(raw.scopes) ? raw.scopes : normalizeSet(raw.scopes),
    roles: isUnknown(raw.roles) ? (raw.roles as string[]) : normalizeSet((raw.roles ?? []).map((r) => (isUuid(r) ? r.toLowerCase() : r))),
    onExisting: raw.onExisting ?? "fail",
  };
  if (raw.authorizationUrl !== undefined) out.authorizationUrl = raw.authorizationUrl;
  return out;
}

export interface ParsedAuthorizationUrl {
  clientId: ClientId;
  domain: string;
}

/**
 * Takes the client ID from an authorization URL an app vendor sends
 * (`https://login.<domain>/oauth/authorize?client_id=…&response_type=…&redirect_uri=…`).
 * Returns a reason string when the URL is not one.
 */
export function parseAuthorizationUrl(text: string): ParsedAuthorizationUrl | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return "is not a URL; expected https://login.<domain>/oauth/authorize?client_id=…";
  }
  if (url.protocol !== "https:") return `must use https, not ${url.protocol.replace(":", "")}`;
  const host = url.hostname.toLowerCase();
  if (!host.startsWith("login.")) return `host "${host}" is not a Genesys Cloud login host (login.<domain>)`;
  const path = url.pathname.replace(/\/+$/, "");
  if (path !== "/oauth/authorize" && path !== "/authorize") return `path "${url.pathname}" is not /oauth/authorize`;
  const ids = url.searchParams.getAll("client_id");
  if (ids.length === 0) return "has no client_id parameter";
  if (ids.length > 1) return "has more than one client_id parameter";
  if (!isUuid(ids[0])) return `client_id "${ids[0]}" is not a UUID`;
  return { clientId: clientIdOf(ids[0]), domain: host.slice("login.".length) };
}

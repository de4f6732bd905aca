import { randomBytes } from "node:crypto";
import { EmulatorClock } from "./clock";
import { TokenError, errors } from "./errors";
import { SeedClient } from "./model";
import { OrgStore } from "./store";
import { Budget } from "./budget";
import { secretMatches } from "./secrets";

interface IssuedToken {
  /** Its number, in the order tokens were issued (1, 2, …): how the request log names it, never by its value. */
  number: number;
  clientId: string;
  expiresAt: number;
  /** The org of the client that logged in: every call made with the token reads and writes it. */
  org: OrgStore;
}

export interface Caller {
  /** The org the caller's token belongs to, as at the vendor, where the credentials choose the org. */
  org: OrgStore;
  client: SeedClient;
  permissions: Set<string>;
  /** The access token the call came with (the per-token budget counts by it). */
  token: string;
  /** The token's number (IssuedToken.number). */
  tokenNumber: number;
}

/**
 * Client-credentials login and bearer-token checks, over every org the emulator holds: a client ID
 * belongs to one org, and its tokens to that org. Tokens live in memory only.
 */
export class TokenService {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Every token ever handed out, expired ones included. */
  private readonly everIssued: string[] = [];

  constructor(
    private readonly orgs: readonly OrgStore[],
    private readonly clock: EmulatorClock,
    /** The token endpoint's limit, when enforced (`--login-rate-limit`): so many logins per client per 10 s. */
    private readonly logins?: Budget,
  ) {}

  /** Revokes live tokens (of `clientId`, or the one numbered `number`, else all): their next call gets 401. */
  revoke(which: { clientId?: string; number?: number } = {}): number {
    let n = 0;
    for (const [value, t] of this.tokens) {
      const client = which.clientId === undefined || t.clientId.toLowerCase() === which.clientId.toLowerCase();
      if (client && (which.number === undefined || t.number === which.number)) {
        this.tokens.delete(value);
        n++;
      }
    }
    return n;
  }

  /** The org holding the client `id`, and the client. */
  private clientOf(id: string): { org: OrgStore; client: SeedClient } | undefined {
    for (const org of this.orgs) {
      const client = org.client(id);
      if (client) return { org, client };
    }
    return undefined;
  }

  /** Every token handed out so far, expired ones included (tests scan outputs for them). */
  issued(): string[] {
    return [...this.everIssued];
  }

  clear(): void {
    this.tokens.clear();
  }

  login(authorization: string | undefined, form: URLSearchParams) {
    const grantType = form.get("grant_type");
    if (!grantType) throw new TokenError(400, "invalid_request", "Missing grant type");
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? "");
    if (!basic) throw new TokenError(401, "invalid_client", "client authentication required");
    const decoded = Buffer.from(basic[1], "base64").toString("utf8");
    const sep = decoded.indexOf(":");
    const clientId = sep >= 0 ? decoded.slice(0, sep) : decoded;
    const secret = sep >= 0 ? decoded.slice(sep + 1) : "";
    const found = this.clientOf(clientId);
    const client = found?.client;
    if (!found || !client || client.owner !== "org") throw new TokenError(401, "invalid_client", "client not found");
    if (!secretMatches(client.secretHash, secret)) throw new TokenError(401, "invalid_client", "authentication failed");
    if (grantType !== "client_credentials") {
      throw new TokenError(400, "unsupported_grant_type", `grant type ${grantType} is not supported by this endpoint`);
    }
    if (client.authorizedGrantType !== "CLIENT-CREDENTIALS") {
      throw new TokenError(400, "unauthorized_client", "client is not authorized for the client_credentials grant");
    }
    if ((client.state ?? "active") !== "active") throw new TokenError(400, "invalid_client", "client is not active");
    // Too many logins at once: the vendor's 400, its description starting "rate limit exceeded;".
    if (this.logins?.take(client.id.toLowerCase()) !== undefined) {
      throw new TokenError(400, "invalid_request", "rate limit exceeded; too many token requests, try again later");
    }
    const lifetime = client.accessTokenValiditySeconds ?? 86400;
    const accessToken = randomBytes(32).toString("base64url");
    this.tokens.set(accessToken, {
      number: this.everIssued.length + 1,
      clientId,
      expiresAt: this.clock.now() + lifetime * 1000,
      org: found.org,
    });
    this.everIssued.push(accessToken);
    return { access_token: accessToken, token_type: "bearer", expires_in: lifetime };
  }

  /** The caller behind an `Authorization: Bearer` header, or a vendor 401. */
  authenticate(authorization: string | undefined): Caller {
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!bearer) throw errors.authenticationRequired();
    const token = this.tokens.get(bearer[1]);
    if (!token) throw errors.badCredentials();
    if (token.expiresAt <= this.clock.now()) {
      this.tokens.delete(bearer[1]);
      throw errors.badCredentials();
    }
    const client = token.org.client(token.clientId);
    if (!client) throw errors.badCredentials();
    const permissions = new Set<string>();
    for (const roleId of client.roleIds ?? []) for (const p of token.org.role(roleId)?.permissions ?? []) permissions.add(p);
    return { org: token.org, client, permissions, token: bearer[1], tokenNumber: token.number };
  }
}

/** The vendor's "requires ANY of these permissions" check. */
export function requireAny(caller: Caller, permissions: string[]): void {
  if (!permissions.some((p) => caller.permissions.has(p))) throw errors.missingAnyPermission(permissions);
}

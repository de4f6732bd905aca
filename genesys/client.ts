import { GenesysApiError, GenesysAuthError, errorFromResponse } from "./errors";
import { GenesysClientOptions, NormalizedOptions, normalizeOptions, originOf, ProxyRoute } from "./options";
import { PooledToken, TokenPool } from "./token-pool";
import { refusedWait, retryDecision } from "./retry";
import { RawRequest, RawResponse, Transport } from "./transport";
import type { OAuthAuthorization, OAuthScope, Role, Listing, PagedListing, Organization, TokenInfo } from "./types";

/**
 * A small Genesys Cloud Platform API client: client-credentials logins into a pool of tokens
 * (token-pool.ts: minted as the work needs them, renewed before expiry, replaced after a 401),
 * every request within its token's budget and the app's, retries per retry.ts, one error family.
 */
export class GenesysClient {
  readonly options: NormalizedOptions;
  private readonly transport: { send(r: RawRequest): Promise<RawResponse> };
  /** The proxies' passwords: never shown. */
  private readonly proxyPasswords: string[];
  /** Every API request takes a token with room in its budget and the app's. */
  private readonly pool: TokenPool;
  /** Every token this client ever held (never to be shown, though it left the pool). */
  private readonly heldTokens: string[] = [];

  /** `transport` is replaceable for unit tests; it defaults to axios with keep-alive. */
  constructor(options: GenesysClientOptions, transport?: { send(r: RawRequest): Promise<RawResponse> }) {
    this.options = normalizeOptions(options);
    this.transport = transport ?? new Transport();
    this.proxyPasswords = Object.values(this.options.proxies).flatMap((p) => (p.login ? [p.login.password] : []));
    const o = this.options;
    this.pool = new TokenPool({
      size: o.tokenPoolSize,
      perTokenPerMinute: o.requestsPerMinute,
      appPerMinute: o.appRequestsPerMinute,
      mintSpacingMs: o.loginSpacingMs,
      renewMarginMs: o.tokenRenewMarginMs,
      now: o.now,
      sleep: o.sleep,
      mint: async () => {
        const token = await this.loginWithClientCredentials();
        this.heldTokens.push(token.value);
        return token;
      },
      fixed: o.accessToken ? { value: o.accessToken, expiresAt: Number.POSITIVE_INFINITY } : undefined,
    });
  }

  /** Sends `request`, telling onRequest as it leaves and as its answer comes (status 0 when none came). */
  private async sent(method: string, path: string, request: RawRequest): Promise<RawResponse> {
    const tell = this.options.onRequest;
    let checkedMs: number | undefined;
    if ((method === "PUT" || method === "DELETE") && this.options.beforeWrite) {
      checkedMs = this.options.now();
      await this.options.beforeWrite();
    }
    tell?.({ event: "send", timeMs: this.options.now(), method, path, ...(checkedMs === undefined ? {} : { checkedMs }) });
    try {
      const res = await this.transport.send(request);
      tell?.({ event: "answer", timeMs: this.options.now(), method, path, status: res.status });
      return res;
    } catch (e) {
      tell?.({ event: "answer", timeMs: this.options.now(), method, path, status: 0 });
      throw e;
    }
  }

  /** Values never to show in a message. */
  private secrets(): string[] {
    return [this.options.clientSecret ?? "", this.options.accessToken ?? "", ...this.heldTokens, ...this.proxyPasswords];
  }

  /** The proxy for `url`, if any, and the setting that chose its origin. */
  private route(url: string): { proxy?: ProxyRoute; originSetting: string } {
    return { proxy: this.options.proxies[originOf(url)], originSetting: this.options.labels.origin };
  }

  // ---- the calls the provider and the CLI use ----

  listAuthorizations(): Promise<Listing<OAuthAuthorization>> {
    return this.request("GET", "/api/v2/oauth/authorizations");
  }

  getAuthorization(clientId: string): Promise<OAuthAuthorization> {
    return this.request("GET", `/api/v2/oauth/authorizations/${encodeURIComponent(clientId)}`);
  }

  putAuthorization(clientId: string, body: { scope: string[]; roles: string[] }): Promise<OAuthAuthorization> {
    return this.request("PUT", `/api/v2/oauth/authorizations/${encodeURIComponent(clientId)}`, body);
  }

  async deleteAuthorization(clientId: string): Promise<void> {
    await this.request("DELETE", `/api/v2/oauth/authorizations/${encodeURIComponent(clientId)}`);
  }

  listScopes(): Promise<Listing<OAuthScope>> {
    return this.request("GET", "/api/v2/oauth/scopes");
  }

  tokenInfo(): Promise<TokenInfo> {
    return this.request("GET", "/api/v2/tokens/me");
  }

  getOrganization(): Promise<Organization> {
    return this.request("GET", "/api/v2/organizations/me");
  }

  /** Every role of the org, walking the pages. */
  async listAllRoles(): Promise<Role[]> {
    const roles: Role[] = [];
    for (let page = 1; ; page++) {
      const listing = await this.request<PagedListing<Role>>(
        "GET",
        `/api/v2/authorization/roles?pageSize=100&pageNumber=${page}&userCount=false`,
      );
      roles.push(...(listing.entities ?? []));
      if (!listing.pageCount || page >= listing.pageCount) return roles;
    }
  }

  // ---- plumbing ----

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await this.exchange<T>(method, path, body)).body;
  }

  /** A GET with the time it took (retries included) and the server's Date header: for checks such as `genesys-grants doctor`. */
  async timedGet<T>(path: string): Promise<{ body: T; ms: number; serverDate?: string }> {
    const started = Date.now();
    const { body, headers } = await this.exchange<T>("GET", path);
    return { body, ms: Date.now() - started, serverDate: typeof headers.date === "string" ? headers.date : undefined };
  }

  /** How this client logs in, and until when its token is good (once a call has been made). */
  loginState(): { kind: "client credentials" | "access token"; expiresAt?: number } {
    if (this.options.accessToken) return { kind: "access token" };
    return { kind: "client credentials", expiresAt: this.pool.firstExpiry() };
  }

  private async exchange<T>(method: string, path: string, body?: unknown): Promise<{ body: T; headers: Record<string, unknown> }> {
    let reauthenticated = false;
    for (;;) {
      let token = "";
      try {
        return await this.withRetries(method, path, async () => {
          token = await this.pool.acquire();
          const url = this.options.apiBase + path;
          const route = this.route(url);
          const res = await this.sent(method, path, {
            method,
            path,
            url,
            ...route,
            headers: {
              Authorization: `Bearer ${token}`,
              Accept: "application/json",
              "User-Agent": this.options.userAgent,
              ...(body === undefined ? {} : { "Content-Type": "application/json" }),
            },
            body,
            timeoutMs: this.options.timeoutMs,
            secrets: this.secrets(),
          });
          if (res.status >= 200 && res.status < 300) return { body: res.body as T, headers: res.headers };
          throw errorFromResponse(method, path, res.status, res.body, res.headers, this.secrets(), this.options.now(), {
            labels: this.options.labels,
            proxy: route.proxy,
            url,
          });
        });
      } catch (e) {
        // A 401 with a token we minted: it expired or was revoked early. It leaves the pool, and
        // the call goes again, once, with another (minted anew if none has room).
        if (e instanceof GenesysAuthError && e.status === 401 && e.path === path && !reauthenticated && !this.options.accessToken) {
          reauthenticated = true;
          this.pool.invalidate(token);
          continue;
        }
        throw e;
      }
    }
  }

  private async withRetries<T>(method: string, path: string, call: () => Promise<T>): Promise<T> {
    const started = this.options.now();
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        // A failed login met on the way (the token pool minting) had its own retries: it is not
        // this call's to retry again.
        if (!(e instanceof GenesysApiError) || e.path !== path) throw e;
        const decision = retryDecision(e, attempt, this.options.now() - started, this.options);
        if (!decision.retry) throw decision.refusedWaitMs === undefined ? e : refusedWait(e, decision.refusedWaitMs, this.options);
        this.options.onRetry?.({ method, path, attempt, delayMs: decision.delayMs, reason: decision.reason });
        await this.options.sleep(decision.delayMs);
      }
    }
  }

  private async loginWithClientCredentials(): Promise<PooledToken> {
    const path = "/oauth/token";
    const basic = Buffer.from(`${this.options.clientId}:${this.options.clientSecret}`).toString("base64");
    const url = this.options.loginBase + path;
    const route = this.route(url);
    return this.withRetries("POST", path, async () => {
      const res = await this.sent("POST", path, {
        method: "POST",
        path,
        url,
        ...route,
        headers: {
          Authorization: `Basic ${basic}`,
          "Content-Type": "application/x-www-form-urlencoded",
          Accept: "application/json",
          "User-Agent": this.options.userAgent,
        },
        body: "grant_type=client_credentials",
        timeoutMs: this.options.timeoutMs,
        secrets: [...this.secrets(), basic],
      });
      const b = res.body as { access_token?: unknown; expires_in?: unknown };
      if (res.status === 200 && typeof b?.access_token === "string") {
        const lifetimeMs = (typeof b.expires_in === "number" ? b.expires_in : 86400) * 1000;
        return { value: b.access_token, expiresAt: this.options.now() + lifetimeMs };
      }
      throw errorFromResponse("POST", path, res.status, res.body, res.headers, [...this.secrets(), basic], this.options.now(), {
        labels: this.options.labels,
        proxy: route.proxy,
        url,
      });
    });
  }
}

import {
  GenesysApiError,
  GenesysClient,
  GenesysNotFoundError,
  isGenesysApiError,
  isMissingPermission,
  OAuthAuthorization,
  Role,
} from "../../genesys";
import { ExpectedError } from "./errors";
import { ClientId, clientIdOf, maybeClientId } from "./client-id";
import type { CreateFacts } from "./plan";
import { DeclaredRoles, roleNamer } from "./roles";
import { checkPin, describeOrg, GENERIC_WORDS, OrgPin, OrgRef, orgIdOf, OrgWords, recordedMismatch, recordedOrg } from "./org";

/**
 * The org did not accept an authorization write from this token: the PUT and DELETE the provider
 * uses are not in the vendor's published API, and an org may refuse them for a client-credentials
 * token (405; 404 for a client the org shows; 403 without a missing permission).
 */
export class RefusedWriteError extends ExpectedError {}

/**
 * The credentials may view the org but not read its authorizations: the vendor asks for
 * oauth:client:authorize even to read them (GET /api/v2/oauth/authorizations), so a view-only
 * client (oauth:client:view, authorization:role:view) is refused. Enough to preview, not to apply.
 */
export class ViewOnlyError extends ExpectedError {}

/**
 * What one provider process knows of the org, read at most once and shared by every resource:
 * the org's identity, the scope catalogue, the authorization listing, the roles, and single
 * authorizations of clients not in the listing. Concurrent reads share one request; a failed read
 * is retried by the next caller. Writes go through the view (authorize, revoke), so it stays
 * true without being patched by its callers.
 */
export class OrgView {
  private orgP?: Promise<OrgRef>;
  private scopesP?: Promise<Map<string, string>>;
  private listingP?: Promise<Map<ClientId, OAuthAuthorization>>;
  private rolesP?: Promise<Role[]>;
  private selfP?: Promise<ClientId | undefined>;
  private readonly single = new Map<ClientId, Promise<OAuthAuthorization | undefined>>();
  /** The clients prefetch has queued. */
  private readonly prefetched = new Set<ClientId>();
  /** Set once the org has refused to show its authorizations to these credentials (view-only). */
  private viewOnlyError?: ViewOnlyError;

  constructor(
    readonly api: GenesysClient,
    private readonly pin?: OrgPin,
    private readonly words: OrgWords = GENERIC_WORDS,
  ) {}

  private static once<T>(get: () => Promise<T>, clear: () => void): Promise<T> {
    const p = get();
    p.catch(clear);
    return p;
  }

  /**
   * The org the credentials belong to (GET /api/v2/organizations/me, once per process). Rejects
   * with an OrgMismatchError when a pin names another org.
   */
  org(): Promise<OrgRef> {
    this.orgP ??= OrgView.once(
      async () => {
        const o = await this.api.getOrganization();
        const org = { id: orgIdOf(o.id), name: o.name };
        const mismatch = this.pin && checkPin(org, this.pin, this.words);
        if (mismatch) throw mismatch;
        return org;
      },
      () => (this.orgP = undefined),
    );
    return this.orgP;
  }

  /**
   * The org of the credentials, once it is known to be the one `props` record (or props record
   * none, as an import's). `what` names the grant in the error.
   */
  async sameOrgAs(props: { orgId?: unknown; orgName?: unknown } | undefined, what: string): Promise<OrgRef> {
    const org = await this.org();
    const recorded = recordedOrg(props);
    if (recorded && recorded.id !== org.id) throw recordedMismatch(recorded, org, what, this.words);
    return org;
  }

  scopeCatalogue(): Promise<Map<string, string>> {
    this.scopesP ??= OrgView.once(
      async () => (await this.pinned(), new Map((await this.api.listScopes()).entities.map((s) => [s.id, s.description ?? ""]))),
      () => (this.scopesP = undefined),
    );
    return this.scopesP;
  }

  /**
   * The authorization listing. Rejects with a ViewOnlyError when the credentials may not read
   * authorizations (then at once, without asking again).
   */
  listing(): Promise<Map<ClientId, OAuthAuthorization>> {
    if (this.viewOnlyError) return Promise.reject(this.viewOnlyError);
    this.listingP ??= OrgView.once(
      async () => {
        await this.pinned();
        try {
          return new Map((await this.api.listAuthorizations()).entities.map((a) => [clientIdOf(a.client.id), a]));
        } catch (e) {
          if (isMissingPermission(e)) throw (this.viewOnlyError = viewOnly(e, this.words));
          throw e;
        }
      },
      () => (this.listingP = undefined),
    );
    return this.listingP;
  }

  /**
   * The ViewOnlyError when the credentials may not read the org's authorizations, else undefined
   * (after reading the listing). Other failures reject.
   */
  async readsAuthorizations(): Promise<ViewOnlyError | undefined> {
    try {
      await this.listing();
      return undefined;
    } catch (e) {
      if (e instanceof ViewOnlyError) return e;
      throw e;
    }
  }

  /**
   * With a pin, nothing of the org is read before the org is known to be the pinned one: every
   * read waits for the org's identity (a mismatch rejects them all).
   */
  private pinned(): Promise<unknown> {
    return this.pin ? this.org() : Promise.resolve();
  }

  roles(): Promise<Role[]> {
    this.rolesP ??= OrgView.once(
      async () => (await this.pinned(), await this.api.listAllRoles()),
      () => (this.rolesP = undefined),
    );
    return this.rolesP;
  }

  /** The OAuth client ID the provider acts as (from its settings, else from GET /api/v2/tokens/me). */
  selfClientId(): Promise<ClientId | undefined> {
    this.selfP ??= this.api.options.clientId
      ? Promise.resolve(clientIdOf(this.api.options.clientId))
      : this.pinned()
          .then(() => this.api.tokenInfo())
          .then(
            (t) => maybeClientId(t.OAuthClient?.id),
            () => undefined,
          );
    return this.selfP;
  }

  /** The declared roles, resolved against the org's; undefined when none are declared. */
  async declaredRoles(refs: string[]): Promise<DeclaredRoles | undefined> {
    return refs.length === 0 ? undefined : new DeclaredRoles(refs, await this.roles());
  }

  /** What a create plan needs of the org besides the grant (plan.ts): who the provider acts as, and the names of the grant's roles. */
  async createFacts(live: OAuthAuthorization): Promise<CreateFacts> {
    const self = await this.selfClientId();
    if ((live.roles ?? []).length === 0) return { self, roleName: (id) => id };
    return { self, roleName: roleNamer(await this.roles().catch(() => [])) };
  }

  /** The client's authorization (state "Unauthorized" when never authorized); undefined if no such client. */
  async authorization(id: ClientId): Promise<OAuthAuthorization | undefined> {
    const listed = (await this.listing()).get(id);
    if (listed) return listed;
    let p = this.single.get(id);
    if (!p) {
      p = this.api.getAuthorization(id).catch((e) => {
        if (isMissingPermission(e)) throw (this.viewOnlyError ??= viewOnly(e, this.words));
        if (e instanceof GenesysNotFoundError) return undefined;
        this.single.delete(id);
        throw e;
      });
      this.single.set(id, p);
    }
    return p;
  }

  /**
   * Starts reading what the checks of `ids` need, into the caches they read, and returns at once:
   * the org, the scope catalogue and the listing together, then the authorizations of the clients
   * the listing does not hold, `concurrency` at a time. A failed read is left to the caller who
   * needs it, which reads again.
   */
  prefetch(ids: readonly ClientId[], concurrency = 16): void {
    for (const read of [this.org(), this.scopeCatalogue(), this.listing()]) read.catch(() => undefined);
    // Each check passes the clients near it, so most are already on their way: queued once.
    const queue = [...new Set(ids)].filter((id) => !this.prefetched.has(id));
    for (const id of queue) this.prefetched.add(id);
    const next = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) await this.authorization(id).catch(() => undefined);
    };
    for (let i = 0; i < Math.min(concurrency, queue.length); i++) void next();
  }

  /** Reads the client's authorization from the org, past the cache, and keeps the answer. */
  async fresh(id: ClientId): Promise<OAuthAuthorization> {
    await this.listing();
    const live = await this.api.getAuthorization(id);
    await this.keep(live);
    return live;
  }

  /** Authorizes or re-scopes (PUT), and keeps what the org answered. */
  async authorize(id: ClientId, body: { scope: string[]; roles: string[] }): Promise<OAuthAuthorization> {
    // No write with credentials that cannot read what they would change (view-only).
    await this.listing();
    let live: OAuthAuthorization;
    try {
      live = await this.api.putAuthorization(id, body);
    } catch (e) {
      throw (await this.refusal(e, id, false)) ?? e;
    }
    await this.keep(live);
    return live;
  }

  /** Revokes (DELETE); a client that is not authorized, or is gone, counts as revoked. */
  async revoke(id: ClientId): Promise<void> {
    await this.listing();
    try {
      await this.api.deleteAuthorization(id);
    } catch (e) {
      const refused = await this.refusal(e, id, true);
      if (refused) throw refused;
      if (!(e instanceof GenesysNotFoundError)) throw e;
    }
    this.single.delete(id);
    // Never reads the listing just for this.
    if (!this.listingP) return;
    const listing = await this.listingP;
    const a = listing.get(id);
    if (a) listing.set(id, { ...a, state: "Revoked", roles: [] });
  }

  /**
   * Whether a failed write is the org refusing the call itself rather than its content: 405; 403
   * other than a missing permission; 404 while the org shows the client (for a DELETE: shows it
   * authorized). Then the error says what was sent and answered, and the two ways on.
   */
  private async refusal(e: unknown, id: ClientId, revoking: boolean): Promise<RefusedWriteError | undefined> {
    if (!isGenesysApiError(e)) return undefined;
    let refused = e.status === 405 || (e.status === 403 && e.code !== "missing.any.permissions");
    if (e.status === 404) {
      const live = await this.api.getAuthorization(id).catch(() => undefined);
      refused = live !== undefined && (!revoking || live.state === "Authorized");
    }
    if (!refused) return undefined;
    const org = await this.org();
    return new RefusedWriteError(refusedMessage(e, org, this.words));
  }

  private async keep(a: OAuthAuthorization): Promise<void> {
    const id = clientIdOf(a.client.id);
    (await this.listing()).set(id, a);
    this.single.delete(id);
  }
}

function viewOnly(e: GenesysApiError, words: OrgWords): ViewOnlyError {
  return new ViewOnlyError(
    `the credentials in use are view-only: ${e.method} ${e.path} answered ${e.status} ${e.code} (${e.vendorMessage}). ` +
      "The vendor asks for oauth:client:authorize (OAuth > Client > Authorize) even to read the org's authorizations: view-only is enough to preview, not to apply; nothing was changed. " +
      `To apply, use credentials whose role holds oauth:client:authorize (${words.credentials}); to preview only, this is expected (see docs/ci.md).`,
  );
}

function refusedMessage(e: GenesysApiError, org: OrgRef, words: OrgWords): string {
  const correlation = e.contextId ? `, correlation ID ${e.contextId}` : "";
  return (
    `the org ${describeOrg(org)} did not accept the authorization call from this token: ${e.method} ${e.path} answered ${e.status} ${e.code}: ${e.vendorMessage}${correlation}. ` +
    "The vendor does not publish this call, and an org may refuse it from a client-credentials token; nothing was changed. Two ways on: " +
    `run with an administrator's user access token (${words.accessToken}), ` +
    `or set ${words.applyMode} to manual: the provider then never writes, and says what to change in the admin UI (Admin > Integrations > Authorized Applications). ` +
    "`genesys-grants doctor` checks the settings, the login and the permissions."
  );
}

import { GenesysClient, GenesysNotFoundError, OAuthAuthorization, Role } from "../genesys";

/**
 * What one provider process knows of the org, read at most once and shared by every resource:
 * the scope catalogue, the authorization listing, the roles, and single authorizations of
 * clients not in the listing. Concurrent reads share one request; a failed read is retried by
 * the next caller. Writes made through this process update the view.
 */
export class OrgView {
  private scopesP?: Promise<Map<string, string>>;
  private listingP?: Promise<Map<string, OAuthAuthorization>>;
  private rolesP?: Promise<Role[]>;
  private selfP?: Promise<string | undefined>;
  private readonly single = new Map<string, Promise<OAuthAuthorization | undefined>>();

  constructor(readonly api: GenesysClient) {}

  private static once<T>(get: () => Promise<T>, clear: () => void): Promise<T> {
    const p = get();
    p.catch(clear);
    return p;
  }

  scopeCatalogue(): Promise<Map<string, string>> {
    this.scopesP ??= OrgView.once(
      async () => new Map((await this.api.listScopes()).entities.map((s) => [s.id, s.description ?? ""])),
      () => (this.scopesP = undefined),
    );
    return this.scopesP;
  }

  listing(): Promise<Map<string, OAuthAuthorization>> {
    this.listingP ??= OrgView.once(
      async () => new Map((await this.api.listAuthorizations()).entities.map((a) => [a.client.id.toLowerCase(), a])),
      () => (this.listingP = undefined),
    );
    return this.listingP;
  }

  roles(): Promise<Role[]> {
    this.rolesP ??= OrgView.once(() => this.api.listAllRoles(), () => (this.rolesP = undefined));
    return this.rolesP;
  }

  /** The OAuth client ID the provider acts as (from its settings, else from GET /api/v2/tokens/me). */
  selfClientId(): Promise<string | undefined> {
    this.selfP ??= this.api.options.clientId
      ? Promise.resolve(this.api.options.clientId.toLowerCase())
      : this.api.tokenInfo().then(
          (t) => t.OAuthClient?.id?.toLowerCase(),
          () => undefined,
        );
    return this.selfP;
  }

  /** The client's authorization (state "Unauthorized" when never authorized); undefined if no such client. */
  async authorization(clientId: string): Promise<OAuthAuthorization | undefined> {
    const id = clientId.toLowerCase();
    const listed = (await this.listing()).get(id);
    if (listed) return listed;
    let p = this.single.get(id);
    if (!p) {
      p = this.api.getAuthorization(id).catch((e) => {
        if (e instanceof GenesysNotFoundError) return undefined;
        this.single.delete(id);
        throw e;
      });
      this.single.set(id, p);
    }
    return p;
  }

  /** Records the result of a write made by this process. */
  async remember(a: OAuthAuthorization): Promise<void> {
    const id = a.client.id.toLowerCase();
    (await this.listing()).set(id, a);
    this.single.delete(id);
  }

  /** Records a revoke made by this process; never reads the listing just for that. */
  async forgetRevoked(clientId: string): Promise<void> {
    const id = clientId.toLowerCase();
    this.single.delete(id);
    if (!this.listingP) return;
    const listing = await this.listingP;
    const a = listing.get(id);
    if (a) listing.set(id, { ...a, state: "Revoked", roles: [] });
  }
}

import * as fs from "node:fs";
import * as path from "node:path";
import { EmulatorClock } from "./clock";
import { EntityRef, OrgSeed, SeedAuthorization, SeedClient, SeedRole } from "./model";
import { sameId, validateSeed } from "./seed";
import writeFileAtomic from "write-file-atomic";
import { hashSecret } from "./secrets";

/** The org with every client's plaintext secret replaced by its hash (secrets.ts). */
function withHashedSecrets(org: OrgSeed): OrgSeed {
  for (const c of org.clients) {
    if (c.secret === undefined) continue;
    c.secretHash = hashSecret(c.secret);
    delete c.secret;
  }
  return org;
}

/**
 * The org held in memory. With a state file, every write is persisted atomically (a temporary
 * file renamed over the old one) so a crash at any moment leaves the previous or the new org.
 */
export class OrgStore {
  private org: OrgSeed;

  constructor(
    private readonly seed: OrgSeed,
    private readonly clock: EmulatorClock,
    private readonly statePath?: string,
  ) {
    this.org = this.loadInitial();
  }

  private loadInitial(): OrgSeed {
    if (this.statePath && fs.existsSync(this.statePath)) {
      const saved = JSON.parse(fs.readFileSync(this.statePath, "utf8"));
      const org = validateSeed(saved, this.statePath);
      // A state file written by an earlier version may hold secrets: hashed, and written back.
      if (org.clients.some((c) => c.secret !== undefined)) this.persist(withHashedSecrets(org));
      return org;
    }
    const org = this.fresh();
    this.persist(org);
    return org;
  }

  private fresh(): OrgSeed {
    const org = withHashedSecrets(structuredClone(this.seed));
    const now = this.clock.iso();
    for (const a of org.authorizations) {
      a.roles ??= [];
      a.dateCreated ??= now;
      a.dateModified ??= a.dateCreated;
    }
    return org;
  }

  private persist(org: OrgSeed = this.org): void {
    if (!this.statePath) return;
    fs.mkdirSync(path.dirname(this.statePath), { recursive: true });
    writeFileAtomic.sync(this.statePath, JSON.stringify(org, null, 2));
  }

  reset(): void {
    this.org = this.fresh();
    this.persist();
  }

  snapshot(): OrgSeed {
    return structuredClone(this.org);
  }

  get organization() {
    return this.org.organization;
  }

  get scopes() {
    return this.org.scopes;
  }

  get roles(): SeedRole[] {
    return this.org.roles;
  }

  get clients(): SeedClient[] {
    return this.org.clients;
  }

  client(id: string): SeedClient | undefined {
    return this.org.clients.find((c) => sameId(c.id, id));
  }

  role(id: string): SeedRole | undefined {
    return this.org.roles.find((r) => sameId(r.id, id));
  }

  authorizations(): SeedAuthorization[] {
    return this.org.authorizations;
  }

  authorization(clientId: string): SeedAuthorization | undefined {
    return this.org.authorizations.find((a) => sameId(a.clientId, clientId));
  }

  /** Authorize or re-scope (and re-authorize a revoked client). */
  authorize(clientId: string, scope: string[], roles: string[], by: EntityRef): SeedAuthorization {
    const now = this.clock.iso();
    let a = this.authorization(clientId);
    if (!a) {
      a = { clientId, scope: [], roles: [], state: "Authorized", dateCreated: now, createdBy: by };
      this.org.authorizations.push(a);
    }
    a.scope = [...scope];
    a.roles = [...roles];
    a.state = "Authorized";
    a.dateModified = now;
    a.modifiedBy = by;
    this.persist();
    return a;
  }

  /** Revoke: the authorization stays listed as Revoked, with no roles. */
  revoke(clientId: string, by: EntityRef): void {
    const a = this.authorization(clientId);
    if (!a || a.state === "Revoked") return;
    a.state = "Revoked";
    a.roles = [];
    a.dateModified = this.clock.iso();
    a.modifiedBy = by;
    this.persist();
  }
}

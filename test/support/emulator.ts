import * as https from "node:https";
import axios, { AxiosInstance } from "axios";
import {
  startEmulator,
  RunningEmulator,
  EmulatorOptions,
  FaultSpec,
  RequestLogEntry,
  OrgSeed,
  loadSeedFile,
  DEFAULT_SEED_PATH,
} from "../../emulator";
import { DEMO } from "../../scripts/lib/demo-org";
import { asAnotherOrg } from "../../scripts/lib/big-org";

export { DEMO, CLIENTS } from "../../scripts/lib/demo-org";

export function seedCopy(): OrgSeed {
  return loadSeedFile(DEFAULT_SEED_PATH);
}

/**
 * Another org for the same emulator (EmulatorOptions.orgs): the demo org's content under another
 * org ID and name, its own org clients given IDs of their own (an org client lives in one org).
 * Returns the seed and the credentials of its CI deployer, which authorizes in that org alone.
 */
export function anotherOrg(n: number, name: string): { seed: OrgSeed; deployer: { id: string; secret: string } } {
  const seed = seedCopy();
  const renamed = asAnotherOrg(seed, n, name);
  return { seed, deployer: { id: renamed.get(DEMO.clientId)!, secret: DEMO.clientSecret } };
}

/** The GENESYSCLOUD_* variables that point genesys-grants (and a provider) at `url` as the demo org's CI client. */
/** `pulumi config set-all` arguments that point a stack at `url` as the demo org's CI client (the secret as a secret). */
export function orgStackConfig(url: string): string[] {
  return [
    "--plaintext",
    `genesyscloud:apiUrl=${url}`,
    "--plaintext",
    `genesyscloud:oauthclientId=${DEMO.clientId}`,
    "--secret",
    `genesyscloud:oauthclientSecret=${DEMO.clientSecret}`,
  ];
}

export function orgEnv(url: string): Record<string, string> {
  return { GENESYSCLOUD_API_URL: url, GENESYSCLOUD_OAUTHCLIENT_ID: DEMO.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: DEMO.clientSecret };
}

/** A test's handle on a running emulator and its control plane. */
export class EmulatorHandle {
  /** Trusts the emulator's own certificate when it serves HTTPS. */
  private readonly http: AxiosInstance;

  private constructor(
    readonly emulator: RunningEmulator,
    ca?: string,
  ) {
    this.http = axios.create(ca ? { httpsAgent: new https.Agent({ ca }) } : {});
  }

  static async start(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
    return new EmulatorHandle(await startEmulator({ env: {}, ...options }), options.tls?.cert);
  }

  get url(): string {
    return this.emulator.url;
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }

  async control<T = unknown>(method: string, path: string, data?: unknown): Promise<T> {
    const headers = this.emulator.controlToken ? { Authorization: `Bearer ${this.emulator.controlToken}` } : {};
    const res = await this.http.request({ method, url: this.url + "/__emulator/" + path, data, headers, validateStatus: () => true });
    if (res.status >= 300) throw new Error(`control ${method} ${path}: ${res.status} ${JSON.stringify(res.data)}`);
    return res.data as T;
  }

  fault(spec: FaultSpec) {
    return this.control("POST", "faults", spec);
  }

  requests(): Promise<RequestLogEntry[]> {
    return this.control("GET", "requests");
  }

  async writes(): Promise<RequestLogEntry[]> {
    return (await this.requests()).filter((r) => r.method === "PUT" || r.method === "DELETE");
  }

  state(): Promise<OrgSeed> {
    return this.control("GET", "state");
  }

  async liveGrant(clientId: string) {
    return (await this.state()).authorizations.find((a) => a.clientId === clientId);
  }

  /** A token of `clientId` minted through the vendor login path. */
  async token(clientId = DEMO.uiClientId, secret = DEMO.uiClientSecret): Promise<string> {
    const res = await this.http.post(this.url + "/oauth/token", "grant_type=client_credentials", {
      auth: { username: clientId, password: secret },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    return res.data.access_token;
  }

  /** A vendor API call as the "Org admin console" (an out-of-band change, as in the UI). */
  async asAdmin(method: string, path: string, data?: unknown) {
    const token = await this.token();
    return this.http.request({
      method,
      url: this.url + path,
      data,
      headers: { Authorization: `Bearer ${token}` },
      validateStatus: () => true,
    });
  }

  /**
   * Resolves once `count` logged requests have matched `match` (counting from now); rejects after
   * `deadlineMs`, so a missed event fails the test that waits for it instead of hanging it.
   */
  waitForRequests(match: (e: RequestLogEntry) => boolean, count: number, deadlineMs = 120_000): Promise<void> {
    const events = this.emulator.context.events;
    return new Promise((resolve, reject) => {
      let seen = 0;
      const done = () => {
        events.off("request", listener);
        clearTimeout(timer);
      };
      const listener = (e: RequestLogEntry) => {
        if (match(e) && ++seen >= count) {
          done();
          resolve();
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`waited ${deadlineMs} ms for ${count} matching request(s) to the emulator; saw ${seen}`));
      }, deadlineMs);
      events.on("request", listener);
    });
  }

  /** Resolves when no vendor request is in flight (e.g. requests of a killed client still running); rejects after `deadlineMs`. */
  idle(deadlineMs = 120_000): Promise<void> {
    const context = this.emulator.context;
    if (context.inFlight === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        context.events.off("idle", onIdle);
        reject(new Error(`waited ${deadlineMs} ms for the emulator's ${context.inFlight} request(s) in flight to end`));
      }, deadlineMs);
      const onIdle = () => {
        clearTimeout(timer);
        resolve();
      };
      context.events.once("idle", onIdle);
    });
  }

  issuedTokens(): string[] {
    return this.emulator.context.tokens.issued();
  }
}

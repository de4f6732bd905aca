import axios from "axios";
import { startEmulator, RunningEmulator, EmulatorOptions, FaultSpec, RequestLogEntry, OrgSeed } from "../../emulator";
import defaultSeed from "../../emulator/seed/default.json";

/** Credentials of the default seed's "CI deployer" client (see emulator/README.md). */
export const DEMO = {
  clientId: "96b32560-d8af-57e3-be67-ab44651ad839",
  clientSecret: "demo-secret-not-for-production",
  /** "Org admin console": stands in for someone clicking in the admin UI. */
  uiClientId: "84a6f6e2-033e-565c-94df-42b30ee8f20d",
  uiClientSecret: "ui-secret-not-for-production",
  /** "Integration viewer": lacks oauth:client:authorize. */
  viewerClientId: "a4b0a525-6b4b-5056-8e7d-b387009f98f7",
  viewerClientSecret: "viewer-secret-not-for-production",
};

/** Client IDs of the default seed. */
export const CLIENTS = {
  acme: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
  northwind: "5045fda8-12f8-5c0d-b27e-3edc12dde0ff",
  contoso: "92a55fc3-40df-5468-8360-850900fe2a20",
  globex: "b6aa9c7b-9e42-5695-ace7-c74d8076a721",
  initech: "d956f0be-8354-5b43-8047-9d16a07a14ef",
  umbrella: "91b410f6-1e9f-5888-9ff3-0dea9d622e63",
  hooli: "f001b78a-5c36-50e4-90e0-0eacfb98c9d0",
  stark: "269ab3aa-95b6-5929-ade1-219cbc329e01",
  wayne: "b938f421-7c26-51c8-a4d4-9a303517f8a1",
  architect: "229e1f6c-02bc-5709-8d9b-865086e805dd",
  android: "6b9646b2-a118-5c88-9526-f7a7c5db8228",
  directory: "afd224a9-eff7-5eff-a040-c73fc3432985",
};

export function seedCopy(): OrgSeed {
  return structuredClone(defaultSeed) as OrgSeed;
}

/** A test's handle on a running emulator and its control plane. */
export class EmulatorHandle {
  private constructor(readonly emulator: RunningEmulator) {}

  static async start(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
    return new EmulatorHandle(await startEmulator({ env: {}, ...options }));
  }

  get url(): string {
    return this.emulator.url;
  }

  async close(): Promise<void> {
    await this.emulator.close();
  }

  async control<T = unknown>(method: string, path: string, data?: unknown): Promise<T> {
    const res = await axios.request({ method, url: this.url + "/__emulator/" + path, data, validateStatus: () => true });
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
    const res = await axios.post(this.url + "/oauth/token", "grant_type=client_credentials", {
      auth: { username: clientId, password: secret },
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    return res.data.access_token;
  }

  /** A vendor API call as the "Org admin console" (an out-of-band change, as in the UI). */
  async asAdmin(method: string, path: string, data?: unknown) {
    const token = await this.token();
    return axios.request({ method, url: this.url + path, data, headers: { Authorization: `Bearer ${token}` }, validateStatus: () => true });
  }

  /** Resolves once `count` logged requests have matched `match` (counting from now). */
  waitForRequests(match: (e: RequestLogEntry) => boolean, count: number): Promise<void> {
    return new Promise((resolve) => {
      let seen = 0;
      const listener = (e: RequestLogEntry) => {
        if (match(e) && ++seen >= count) {
          this.emulator.context.events.off("request", listener);
          resolve();
        }
      };
      this.emulator.context.events.on("request", listener);
    });
  }

  issuedTokens(): string[] {
    return this.emulator.context.tokens.issued();
  }
}

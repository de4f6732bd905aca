import type { ConfigMap } from "@pulumi/pulumi/automation";

/**
 * The emulator's demo org (emulator/seed/default.json): its org clients' credentials and the IDs
 * of the clients the demo, the benchmark and the tests use. Local use only.
 */
export const DEMO = {
  /** "CI deployer": authorizes clients, views clients and roles. */
  clientId: "96b32560-d8af-57e3-be67-ab44651ad839",
  clientSecret: "demo-only-secret",
  /** "Org admin console": stands in for someone clicking in the admin UI. */
  uiClientId: "84a6f6e2-033e-565c-94df-42b30ee8f20d",
  uiClientSecret: "ui-only-secret",
  /** "Integration viewer": lacks oauth:client:authorize. */
  viewerClientId: "a4b0a525-6b4b-5056-8e7d-b387009f98f7",
  viewerClientSecret: "viewer-only-secret",
};

/** The stack config (for `Stack.setAllConfig`) of the demo org's deployer, at `apiUrl` when given. */
export function demoStackConfig(apiUrl?: string): ConfigMap {
  return {
    ...(apiUrl === undefined ? {} : { "genesyscloud:apiUrl": { value: apiUrl } }),
    "genesyscloud:oauthclientId": { value: DEMO.clientId },
    "genesyscloud:oauthclientSecret": { value: DEMO.clientSecret, secret: true },
  };
}

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

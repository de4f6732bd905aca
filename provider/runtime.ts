/**
 * The provider's implementation, loaded with `require("pulumi-genesys-grants/runtime")` inside
 * each method of the serialized provider (provider.ts). It runs in the dynamic-provider process
 * and keeps per-process state: one HTTP client and one view of the org per set of settings.
 */
import { checkAuthorizedClient } from "./authorized-client/check";
import { diffAuthorizedClient } from "./authorized-client/diff";
import { createAuthorization, deleteAuthorization, readAuthorization, updateAuthorization } from "./authorized-client/lifecycle";
import { OrgView } from "./authorized-client/org-view";
import { AuthorizedClientOutputs, CheckedInputs, CheckFailure } from "./authorized-client/types";
import { GenesysClient } from "./genesys";
import { clientOptions, expectedDomain, ProviderSettings, readConfigValues, resolveSettings } from "./settings";

export type ConfigValues = Record<string, string> | undefined;

const views = new Map<string, OrgView>();

/** The `genesyscloud:*` stack config, set by configure; this process serves one stack. */
let configured: ConfigValues;

export async function configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
  configured = readConfigValues((key) => req.config.get(key));
}

function settingsOf(config: ConfigValues = configured): ProviderSettings {
  return resolveSettings(config, process.env);
}

/** One view of the org per API base and identity, shared by every resource in this process. */
export function orgView(settings: ProviderSettings): OrgView {
  const options = clientOptions(settings);
  const key = JSON.stringify([options.apiBase, options.clientId ?? "", options.accessToken ? "token" : ""]);
  let view = views.get(key);
  if (!view) {
    view = new OrgView(new GenesysClient({ ...options, userAgent: "pulumi-genesys-grants (Pulumi dynamic provider)" }));
    views.set(key, view);
  }
  return view;
}

/** Test hook: forget every cached view and the configured stack config. */
export function resetRuntime(): void {
  views.clear();
  configured = undefined;
}

export async function check(_olds: Record<string, unknown>, news: Record<string, unknown>): Promise<{ inputs?: CheckedInputs; failures: CheckFailure[] }> {
  const settings = settingsOf();
  const result = await checkAuthorizedClient(news, {
    region: settings.region,
    expectedDomain: expectedDomain(settings),
    view: orgView(settings),
  });
  return result.inputs ? { inputs: result.inputs, failures: [] } : { failures: result.failures };
}

export async function diff(_id: string, olds: AuthorizedClientOutputs, news: CheckedInputs) {
  return diffAuthorizedClient(olds, news);
}

export async function create(inputs: CheckedInputs) {
  return createAuthorization(orgView(settingsOf()), inputs);
}

export async function read(id: string, props: AuthorizedClientOutputs) {
  const outs = await readAuthorization(orgView(settingsOf()), { ...props, clientId: props.clientId ?? id });
  if (!outs) return { id: "", props: {} };
  const inputs: Record<string, unknown> = { clientId: outs.clientId, scopes: outs.scopes, roles: outs.roles, onExisting: outs.onExisting };
  if (outs.authorizationUrl !== undefined) {
    inputs.authorizationUrl = outs.authorizationUrl;
    delete inputs.clientId;
  }
  return { id, props: outs, inputs };
}

export async function update(_id: string, olds: AuthorizedClientOutputs, news: CheckedInputs) {
  return { outs: await updateAuthorization(orgView(settingsOf()), olds, news) };
}

export async function remove(id: string, props: AuthorizedClientOutputs): Promise<void> {
  await deleteAuthorization(orgView(settingsOf()), props.clientId ?? id);
}

/**
 * The org as the provider sees it, for genesys-grants: one view of the org (provider/authorized-client/
 * org-view.ts: the same reads, the same pin, the same words in its errors), built from resolved
 * settings and an HTTP client. A public module of the provider, apart from the recovery decisions.
 */
import { OrgView } from "./authorized-client/org-view";
import type { GenesysClient } from "../genesys";
import type { ProviderSettings } from "./settings";

export type { OrgView };

export function orgViewFor(api: GenesysClient, settings: ProviderSettings): OrgView {
  return new OrgView(api, settings.orgPin, settings.names.orgWords);
}

// Step 1: authorize a third-party client, and take an already-authorized one under management.
import { AuthorizedClient } from "pulumi-genesys-grants";

// "Acme CRM Connector": its vendor sent us the client ID.
const acme = new AuthorizedClient("acme-crm", {
  clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
  scopes: ["users:readonly", "analytics:readonly", "conversations:readonly"],
});

// "Globex BI Dashboards": an admin authorized it by hand long ago; adopt it and set its scopes.
const globex = new AuthorizedClient("globex-bi", {
  clientId: "b6aa9c7b-9e42-5695-ace7-c74d8076a721",
  scopes: ["analytics:readonly", "users:readonly", "routing:readonly"],
  onExisting: "adopt",
});

// Keyed by resource name: a removed or added grant shows as one key, not as shifted positions.
export const authorized = { "acme-crm": acme.clientName, "globex-bi": globex.clientName };

// Step 2: re-scope both clients in place (one scope added and one removed each).
import { AuthorizedClient } from "pulumi-genesys-grants";

const acme = new AuthorizedClient("acme-crm", {
  clientId: "cea70f27-901c-5085-a2d0-8fee5ace6ccd",
  scopes: ["users:readonly", "conversations:readonly", "routing:readonly"],
});

const globex = new AuthorizedClient("globex-bi", {
  clientId: "b6aa9c7b-9e42-5695-ace7-c74d8076a721",
  scopes: ["analytics:readonly", "users:readonly", "groups:readonly"],
  onExisting: "adopt",
});

// Keyed by resource name: a removed or added grant shows as one key, not as shifted positions.
export const authorized = { "acme-crm": acme.clientName, "globex-bi": globex.clientName };

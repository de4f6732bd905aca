// Step 3: Acme is removed from the program, so its authorization is revoked.
import { AuthorizedClient } from "pulumi-genesys-grants";

const globex = new AuthorizedClient("globex-bi", {
  clientId: "b6aa9c7b-9e42-5695-ace7-c74d8076a721",
  scopes: ["analytics:readonly", "users:readonly", "groups:readonly"],
  onExisting: "adopt",
});

// Keyed by resource name: a removed or added grant shows as one key, not as shifted positions.
export const authorized = { "globex-bi": globex.clientName };

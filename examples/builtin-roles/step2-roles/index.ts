// Step 2: quality evaluators get the Directory client too; Android Collaborate moves to supervisors.
import { AuthorizedClient } from "pulumi-genesys-grants";

new AuthorizedClient("directory", {
  clientId: "afd224a9-eff7-5eff-a040-c73fc3432985",
  scopes: ["users:readonly", "groups:readonly", "presence"],
  roles: ["Supervisor", "Agent", "Quality Evaluator"],
});

new AuthorizedClient("android-collaborate", {
  clientId: "6b9646b2-a118-5c88-9526-f7a7c5db8228",
  scopes: ["conversations", "notifications"],
  roles: ["Supervisor"],
});

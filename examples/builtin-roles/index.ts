// Built-in ("embedded") clients: authorize them for the roles whose users may use the app.
// Roles are given by name (resolved to IDs at preview) or by ID.
import { AuthorizedClient } from "pulumi-genesys-grants";

// The Directory web client (Unified App) for supervisors and agents.
new AuthorizedClient("directory", {
  clientId: "afd224a9-eff7-5eff-a040-c73fc3432985",
  scopes: ["users:readonly", "groups:readonly", "presence"],
  roles: ["Supervisor", "Agent"],
});

// Android Collaborate, for agents only.
new AuthorizedClient("android-collaborate", {
  clientId: "6b9646b2-a118-5c88-9526-f7a7c5db8228",
  scopes: ["conversations", "notifications"],
  roles: ["Agent"],
});

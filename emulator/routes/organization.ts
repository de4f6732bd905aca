import { FastifyInstance } from "fastify";
import { Caller } from "../auth";
import { EmulatorContext, callerOf } from "../context";
import { clientView } from "../views";

/** Organization and token introspection: no permission needed, only a valid token. */
export function organizationRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const orgRef = (caller: Caller) => ({ id: caller.org.organization.id, name: caller.org.organization.name });

  app.get("/api/v2/organizations/me", async (req) => {
    const o = callerOf(ctx, req).org.organization;
    return {
      id: o.id,
      name: o.name,
      domain: o.domain ?? o.name.toLowerCase().replace(/[^a-z0-9]+/g, ""),
      state: "active",
      defaultCountryCode: "US",
      defaultLanguage: "en-us",
      selfUri: "/api/v2/organizations/me",
    };
  });

  app.get("/api/v2/tokens/me", async (req) => {
    const caller = callerOf(ctx, req);
    return {
      organization: orgRef(caller),
      homeOrganization: orgRef(caller),
      authorizedScope: [],
      OAuthClient: { ...clientView(caller.client), organization: orgRef(caller) },
    };
  });
}

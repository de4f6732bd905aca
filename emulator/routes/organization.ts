import { FastifyInstance } from "fastify";
import { EmulatorContext, callerOf } from "../context";
import { clientView } from "../views";

/** Organization and token introspection: no permission needed, only a valid token. */
export function organizationRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const orgRef = () => ({ id: ctx.store.organization.id, name: ctx.store.organization.name });

  app.get("/api/v2/organizations/me", async (req) => {
    callerOf(ctx, req);
    const o = ctx.store.organization;
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
      organization: orgRef(),
      homeOrganization: orgRef(),
      authorizedScope: [],
      OAuthClient: { ...clientView(caller.client), organization: orgRef() },
    };
  });
}

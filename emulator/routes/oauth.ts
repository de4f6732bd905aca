import { FastifyInstance } from "fastify";
import { requireAny } from "../auth";
import { EmulatorContext, callerOf } from "../context";
import { errors } from "../errors";
import { readSchema } from "../../common/validation";
import { authorizationView, clientView } from "../views";

const AUTHORIZE = ["oauth:client:authorize"];
const CLIENT_VIEW = ["oauth:client:view"];

interface ClientParams {
  clientId: string;
}

/** Authorizations, scopes and clients (Platform API "OAuth" tag, plus the modelled PUT/DELETE). */
export function oauthRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.get("/api/v2/oauth/authorizations", async (req) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, AUTHORIZE);
    const store = caller.org;
    const entities = store
      .authorizations()
      .map((a) => ({ a, client: store.client(a.clientId) }))
      .filter((x) => x.client)
      .sort((x, y) => x.client!.name.localeCompare(y.client!.name))
      .map((x) => authorizationView(store, x.client!, x.a));
    return { total: entities.length, entities, selfUri: "/api/v2/oauth/authorizations" };
  });

  app.get<{ Params: ClientParams }>("/api/v2/oauth/authorizations/:clientId", async (req) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, AUTHORIZE);
    const store = caller.org;
    const client = store.client(req.params.clientId);
    if (!client) throw errors.notFound();
    return authorizationView(store, client, store.authorization(client.id));
  });

  app.put<{ Params: ClientParams; Body: { scope: string[]; roles?: string[] } }>(
    "/api/v2/oauth/authorizations/:clientId",
    { schema: { body: readSchema("genesys/authorization-request.schema.json") } },
    async (req) => {
      const caller = callerOf(ctx, req);
      requireAny(caller, AUTHORIZE);
      const store = caller.org;
      const client = store.client(req.params.clientId);
      if (!client) throw errors.notFound();
      const requested = new Set(client.scope ?? []);
      const known = new Set(store.scopes.map((s) => s.id));
      for (const s of req.body.scope) {
        if (!known.has(s)) throw errors.invalidValue(`Scope [${s}] is not a valid scope.`);
        if (!requested.has(s)) throw errors.invalidValue(`Scope [${s}] is not requested by client [${client.id}].`);
      }
      const roles: string[] = [];
      for (const r of req.body.roles ?? []) {
        const role = store.role(r);
        if (!role) throw errors.invalidValue(`Role [${r}] was not found.`);
        if (!roles.includes(role.id)) roles.push(role.id);
      }
      const a = store.authorize(client.id, [...new Set(req.body.scope)], roles, {
        id: caller.client.id,
        name: caller.client.name,
      });
      return authorizationView(store, client, a);
    },
  );

  app.delete<{ Params: ClientParams }>("/api/v2/oauth/authorizations/:clientId", async (req, reply) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, AUTHORIZE);
    const store = caller.org;
    const client = store.client(req.params.clientId);
    if (!client) throw errors.notFound();
    store.revoke(client.id, { id: caller.client.id, name: caller.client.name });
    reply.code(204);
    return reply.send();
  });

  // Scopes require no permission, only a valid token.
  app.get("/api/v2/oauth/scopes", async (req) => {
    const store = callerOf(ctx, req).org;
    const entities = store.scopes.map((s) => ({ id: s.id, description: s.description, selfUri: `/api/v2/oauth/scopes/${s.id}` }));
    return { total: entities.length, entities, selfUri: "/api/v2/oauth/scopes" };
  });

  app.get<{ Params: { scopeId: string } }>("/api/v2/oauth/scopes/:scopeId", async (req) => {
    const s = callerOf(ctx, req).org.scopes.find((x) => x.id === req.params.scopeId);
    if (!s) throw errors.notFound();
    return { id: s.id, description: s.description, selfUri: `/api/v2/oauth/scopes/${s.id}` };
  });

  // Only the org's own clients are listed or readable here; others are visible by ID through authorizations.
  app.get("/api/v2/oauth/clients", async (req) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, CLIENT_VIEW);
    const entities = caller.org.clients.filter((c) => c.owner === "org").map(clientView);
    return {
      entities,
      pageSize: entities.length,
      pageNumber: 1,
      total: entities.length,
      pageCount: 1,
      firstUri: "/api/v2/oauth/clients?pageNumber=1",
      lastUri: "/api/v2/oauth/clients?pageNumber=1",
      selfUri: "/api/v2/oauth/clients?pageNumber=1",
    };
  });

  app.get<{ Params: ClientParams }>("/api/v2/oauth/clients/:clientId", async (req) => {
    const caller = callerOf(ctx, req);
    requireAny(caller, CLIENT_VIEW);
    const client = caller.org.client(req.params.clientId);
    if (!client || client.owner !== "org") throw errors.clientNotFound();
    return clientView(client);
  });
}

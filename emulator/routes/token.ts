import { FastifyInstance } from "fastify";
import { EmulatorContext } from "../context";

/** The login host's token endpoint, served on the same port as the API. */
export function tokenRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/oauth/token", async (req) => {
    const raw = typeof req.body === "string" ? req.body : "";
    return ctx.tokens.login(req.headers.authorization, new URLSearchParams(raw));
  });
}

import { FastifyInstance } from "fastify";
import { EmulatorContext } from "../context";
import { VendorError } from "../errors";
import { describeErrors, problemLines, validate } from "../../common/validation";
import { FaultSpec } from "../faults";

/** Control-plane bodies are checked against their schema; every problem is named. */
function checkBody(schema: string, body: unknown, what: string, prefix = ""): string[] {
  return problemLines(describeErrors(validate(schema, body)), prefix).map((p) => `${what}: ${p}`);
}

function refuse(problems: string[]): void {
  if (problems.length > 0) throw new VendorError(400, "invalid.value", `Invalid ${problems.join("; ")}`);
}

export const CONTROL_PREFIX = "/__emulator/";

/** The test control plane: not part of the vendor API, never logged, never faulted. */
export function controlRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/__emulator/faults", async (req, reply) => {
    const specs = Array.isArray(req.body) ? req.body : [req.body];
    if (specs.length === 0) refuse(["fault: the list is empty"]);
    refuse(specs.flatMap((s, i) => checkBody("emulator-fault.schema.json", s, "fault", Array.isArray(req.body) ? `[${i}] ` : "")));
    const added = specs.map((s) => ctx.faults.add(s as FaultSpec));
    reply.code(201);
    return Array.isArray(req.body) ? added : added[0];
  });
  app.get("/__emulator/faults", async () => ctx.faults.list());
  app.get("/__emulator/faults/seed", async () => ({ seed: ctx.faults.seed }));
  app.delete("/__emulator/faults", async (_req, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });

  // Revoke live tokens (a client's, the one of a number, or all): their next call is answered 401.
  app.post<{ Body: { clientId?: string; token?: number } | undefined }>("/__emulator/tokens/revoke", async (req) => {
    const { clientId, token } = req.body ?? {};
    const problems: string[] = [];
    if (clientId !== undefined && typeof clientId !== "string") problems.push("tokens/revoke: clientId must be a string");
    if (token !== undefined && !Number.isInteger(token))
      problems.push("tokens/revoke: token must be a token's number, as the request log shows it");
    refuse(problems);
    return { revoked: ctx.tokens.revoke({ clientId, number: token }) };
  });

  app.get("/__emulator/requests", async () => ctx.requestLog);
  app.delete("/__emulator/requests", async (_req, reply) => {
    ctx.requestLog.length = 0;
    return reply.code(204).send();
  });

  app.post("/__emulator/reset", async (_req, reply) => {
    for (const org of ctx.orgs) org.reset();
    ctx.faults.clear();
    ctx.faults.reseed();
    ctx.requestLog.length = 0;
    ctx.clock.reset();
    ctx.budgets.token?.clear();
    ctx.budgets.app?.clear();
    ctx.budgets.login?.clear();
    return reply.code(204).send();
  });

  // The first org, or the one whose ID ?org= names.
  app.get<{ Querystring: { org?: string } }>("/__emulator/state", async (req) => {
    const id = req.query.org;
    if (id === undefined) return ctx.store.snapshot();
    const org = ctx.orgs.find((o) => o.organization.id.toLowerCase() === String(id).toLowerCase());
    if (!org) {
      const known = ctx.orgs.map((o) => o.organization.id).join(", ");
      throw new VendorError(404, "not.found", `No org ${JSON.stringify(String(id))} in this emulator; its orgs are ${known}`);
    }
    return org.snapshot();
  });

  app.post<{ Body: { advanceSeconds: number } }>("/__emulator/clock", async (req) => {
    refuse(checkBody("emulator-clock.schema.json", req.body, "clock change"));
    ctx.clock.advance(req.body.advanceSeconds);
    return { now: ctx.clock.iso() };
  });
}

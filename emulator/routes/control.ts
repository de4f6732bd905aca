import { FastifyInstance } from "fastify";
import { EmulatorContext } from "../context";
import { VendorError } from "../errors";
import { FaultSpec, checkFaultSpec } from "../faults";

export const CONTROL_PREFIX = "/__emulator/";

/** The test control plane: not part of the vendor API, never logged, never faulted. */
export function controlRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  app.post("/__emulator/faults", async (req, reply) => {
    const specs = Array.isArray(req.body) ? req.body : [req.body];
    const problems = specs.flatMap((s, i) => checkFaultSpec(s).map((p) => (specs.length > 1 ? `[${i}] ${p}` : p)));
    if (problems.length > 0) throw new VendorError(400, "invalid.value", `Invalid fault: ${problems.join("; ")}`);
    const added = specs.map((s) => ctx.faults.add(s as FaultSpec));
    reply.code(201);
    return Array.isArray(req.body) ? added : added[0];
  });
  app.get("/__emulator/faults", async () => ctx.faults.list());
  app.delete("/__emulator/faults", async (_req, reply) => {
    ctx.faults.clear();
    return reply.code(204).send();
  });

  app.get("/__emulator/requests", async () => ctx.requestLog);
  app.delete("/__emulator/requests", async (_req, reply) => {
    ctx.requestLog.length = 0;
    return reply.code(204).send();
  });

  app.post("/__emulator/reset", async (_req, reply) => {
    ctx.store.reset();
    ctx.faults.clear();
    ctx.requestLog.length = 0;
    ctx.clock.reset();
    return reply.code(204).send();
  });

  app.get("/__emulator/state", async () => ctx.store.snapshot());

  app.post<{ Body: { advanceSeconds?: unknown } }>("/__emulator/clock", async (req) => {
    const s = req.body?.advanceSeconds;
    if (typeof s !== "number" || !Number.isFinite(s) || s < 0) {
      throw new VendorError(400, "invalid.value", `"advanceSeconds" must be a non-negative number`);
    }
    ctx.clock.advance(s);
    return { now: ctx.clock.iso() };
  });
}

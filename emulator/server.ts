import { randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import { EventEmitter } from "node:events";
import Fastify, { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { compileSchema, describeErrors } from "../common/validation";
import { TokenService } from "./auth";
import { EmulatorClock } from "./clock";
import { EmulatorContext, RequestLogEntry } from "./context";
import { TokenError, VendorError, errors } from "./errors";
import { Budget } from "./budget";
import { FaultRule, FaultSet } from "./faults";
import { OrgSeed } from "./model";
import { authorizationRoutes } from "./routes/authorization";
import { CONTROL_PREFIX, controlRoutes } from "./routes/control";
import { oauthRoutes } from "./routes/oauth";
import { organizationRoutes } from "./routes/organization";
import { tokenRoutes } from "./routes/token";
import { DEFAULT_SEED_PATH, loadSeedFile, SeedError, validateSeed, withEnvAdmin } from "./seed";
import { OrgStore } from "./store";

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** A seed object, or the path of a seed file; the built-in demo org by default. */
  seed?: OrgSeed | string;
  /** Persist the (first) org to this file (atomic writes) and start from it when it exists. */
  statePath?: string;
  /**
   * Further orgs behind the same URL, each a seed object or the path of a seed file. As at the
   * vendor, the credentials choose the org: a token belongs to the org of the client that logged
   * in, and every call made with it reads and writes that org alone. They are held in memory.
   */
  orgs?: (OrgSeed | string)[];
  /** Fixed latency added to every vendor request (not to the control plane). */
  latencyMs?: number;
  /** Environment consulted for GENESYSCLOUD_OAUTHCLIENT_ID/SECRET (process.env by default). */
  env?: NodeJS.ProcessEnv;
  /**
   * Accept request bodies as fastify does by default (types coerced, unknown fields dropped)
   * instead of answering 400 constraint.validation. Off by default: the emulator is strict.
   */
  lenient?: boolean;
  /** Seed of the fault draws (`probability`), so a run can be replayed; random when absent. */
  faultSeed?: number;
  /** Requests each access token may make per rolling minute (the vendor's client.credentials.token.rate.per.minute); none by default. */
  rateLimitPerMinute?: number;
  /** Requests each OAuth client (app) may make per rolling minute over all its tokens (org.app.user.rate.per.minute); none by default. */
  appRateLimitPerMinute?: number;
  /**
   * The token endpoint's limit: logins each OAuth client may make per rolling LOGIN_WINDOW_MS (10
   * s); past it, the vendor's 400 `rate limit exceeded` (modelled: the vendor publishes no figure,
   * only that bursts of logins are refused); none by default.
   */
  loginRateLimit?: number;
  /** Serve HTTPS with this PEM key and certificate instead of plain HTTP. */
  tls?: { key: string; cert: string };
  /** Delay function; tests may inject one. */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The bearer token the control plane (/__emulator/*) requires. Made up when the emulator listens
   * beyond loopback and none is given; on loopback, none unless given.
   */
  controlToken?: string;
}

/** The token endpoint's window (EmulatorOptions.loginRateLimit). */
export const LOGIN_WINDOW_MS = 10_000;

/** Whether a bind address reaches only this machine. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || h === "::ffff:127.0.0.1";
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** The token the control plane requires, if any (see EmulatorOptions.controlToken). */
  controlToken?: string;
  context: EmulatorContext;
  close(): Promise<void>;
}

declare module "fastify" {
  interface FastifyRequest {
    correlationId: string;
    arrivedAt: number;
    fault?: FaultRule;
    /** Who made an API request with a valid token (set by callerOf), for the request log. */
    caller?: { clientId: string; token: number };
  }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function buildEmulator(options: EmulatorOptions = {}): { app: FastifyInstance; context: EmulatorContext; controlToken?: string } {
  const seedOption = options.seed ?? DEFAULT_SEED_PATH;
  const seed = withEnvAdmin(typeof seedOption === "string" ? loadSeedFile(seedOption) : seedOption, options.env ?? process.env);
  const clock = new EmulatorClock();
  const store = new OrgStore(seed, clock, options.statePath);
  const orgs = [store, ...(options.orgs ?? []).map((s) => new OrgStore(typeof s === "string" ? loadSeedFile(s) : validateSeed(s), clock))];
  assertDistinctOrgs(orgs);
  const logins = options.loginRateLimit ? new Budget(options.loginRateLimit, Date.now, LOGIN_WINDOW_MS) : undefined;
  const context: EmulatorContext = {
    store,
    orgs,
    clock,
    tokens: new TokenService(orgs, clock, logins),
    faults: new FaultSet(options.faultSeed),
    requestLog: [],
    events: new EventEmitter(),
    inFlight: 0,
    budgets: {
      token: options.rateLimitPerMinute ? new Budget(options.rateLimitPerMinute) : undefined,
      app: options.appRateLimitPerMinute ? new Budget(options.appRateLimitPerMinute) : undefined,
      login: logins,
    },
  };
  const sleep = options.sleep ?? realSleep;
  const controlToken =
    options.controlToken ?? (isLoopbackHost(options.host ?? "127.0.0.1") ? undefined : randomBytes(24).toString("base64url"));
  const latencyMs = options.latencyMs ?? 0;

  // close() ends every connection, idle or not: a stopped emulator frees its port at once.
  const serverOptions = { logger: false, keepAliveTimeout: 30_000, bodyLimit: 1_048_576, forceCloseConnections: true };
  const app = (options.tls ? Fastify({ ...serverOptions, https: options.tls }) : Fastify(serverOptions)) as unknown as FastifyInstance;
  // Route schemas go through the project's one Ajv setup: strict unless --lenient.
  const lenient = options.lenient ?? false;
  app.setValidatorCompiler(({ schema }) => compileSchema(schema as Record<string, unknown>, lenient));

  // JSON: an empty body is no body (SDKs send Content-Type: application/json on DELETE too).
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(errors.badRequest(), undefined);
    }
  });
  // The token endpoint takes a form body; read any other type as text and let routes decide.
  app.addContentTypeParser("*", { parseAs: "string" }, (_req, body, done) => done(null, String(body)));

  app.addHook("onRequest", async (req, reply) => {
    req.correlationId = randomUUID();
    req.arrivedAt = Date.now();
    reply.header("ININ-Correlation-Id", req.correlationId);
    if (req.url.startsWith(CONTROL_PREFIX)) {
      if (controlToken !== undefined && !sameToken(req.headers.authorization, `Bearer ${controlToken}`)) {
        throw new VendorError(
          401,
          "authentication.required",
          "The emulator's control plane needs the header Authorization: Bearer <token>, with the token the emulator printed at start (or --control-token)",
        );
      }
      return;
    }
    context.inFlight++;
    // A caller gone before its answer: logged with status 0 once the request is done with (a
    // handler under way still applies it, and logs it as it ends, below).
    reply.raw.once("close", () => {
      if (!reply.raw.writableFinished && !handling.has(req)) logRequest(req, 0);
    });
  });

  // Latency and faults act once the whole request has arrived (its body read), as a server's own
  // time does: a caller that goes away meanwhile loses the answer, and its write is still applied,
  // as a real server that received it may apply it. `drop: "request"` (or `reset`) drops the
  // request unapplied instead; `drop: "answer"` applies it and drops the answer.
  app.addHook("preHandler", async (req, reply) => {
    if (req.url.startsWith(CONTROL_PREFIX)) return;
    handling.add(req);
    if (latencyMs > 0) await sleep(latencyMs);
    const fault = context.faults.take(req.method, req.url.split("?")[0]);
    if (!fault) return;
    req.fault = fault;
    if (fault.delayMs) await sleep(fault.delayMs);
    if (fault.reset || fault.drop === "request") {
      logRequest(req, 0);
      reply.hijack();
      req.raw.socket.destroy();
      return;
    }
    if (fault.status) throw faultError(req.url, fault);
  });

  // The answer of a write applied under `drop: "answer"`: never sent, the connection dropped. A
  // request whose caller went away while it was handled is logged here, once applied.
  app.addHook("onSend", async (req, _reply, payload) => {
    handling.delete(req);
    if (req.fault?.drop === "answer") {
      logRequest(req, 0);
      req.raw.socket?.destroy();
    } else if ((req.raw.socket?.destroyed ?? true) && !req.url.startsWith(CONTROL_PREFIX)) logRequest(req, 0);
    return payload;
  });

  app.addHook("onResponse", async (req, reply) => {
    if (!req.url.startsWith(CONTROL_PREFIX)) logRequest(req, reply.statusCode, reply.getHeader("retry-after"));
  });

  const logged = new WeakSet<FastifyRequest>();
  /** Requests past their body, whose handler has not ended: a caller gone meanwhile is logged as it ends. */
  const handling = new WeakSet<FastifyRequest>();
  function logRequest(req: FastifyRequest, status: number, retryAfter?: unknown): void {
    if (logged.has(req)) return;
    logged.add(req);
    const entry: RequestLogEntry = {
      method: req.method,
      path: req.url,
      status,
      time: new Date(req.arrivedAt).toISOString(),
      timeMs: req.arrivedAt,
      durationMs: Date.now() - req.arrivedAt,
    };
    if (req.fault)
      entry.fault =
        req.fault.reset || req.fault.drop === "request"
          ? "reset"
          : req.fault.drop === "answer"
            ? "answer dropped"
            : req.fault.status
              ? `status ${req.fault.status}`
              : "delay";
    if (retryAfter !== undefined) entry.retryAfter = Number(retryAfter);
    if (req.caller) Object.assign(entry, req.caller);
    context.requestLog.push(entry);
    context.events.emit("request", entry);
    if (--context.inFlight === 0) context.events.emit("idle");
  }

  app.setErrorHandler((err: FastifyError | VendorError | TokenError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof TokenError) return reply.code(err.status).send(err.body());
    const vendor = toVendorError(err);
    for (const [k, v] of Object.entries(vendor.headers)) reply.header(k, v);
    return reply.code(vendor.status).send(vendor.body(req.correlationId));
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split("?")[0];
    const e = new VendorError(404, "not.found", `No resource found for ${req.method} ${path}`);
    return reply.code(404).send(e.body(req.correlationId));
  });

  tokenRoutes(app, context);
  oauthRoutes(app, context);
  authorizationRoutes(app, context);
  organizationRoutes(app, context);
  controlRoutes(app, context);
  return { app, context, controlToken };
}

/** Orgs behind one URL: each its own ID, and each client ID in one org only (the login finds the org by it). */
function assertDistinctOrgs(orgs: OrgStore[]): void {
  const problems: string[] = [];
  const orgIds = new Map<string, string>();
  const clientOrg = new Map<string, string>();
  for (const org of orgs) {
    const { id, name } = org.organization;
    if (orgIds.has(id.toLowerCase())) problems.push(`two orgs have the ID ${JSON.stringify(id)}`);
    orgIds.set(id.toLowerCase(), name);
    for (const c of org.clients) {
      if (c.owner !== "org") continue;
      const other = clientOrg.get(c.id.toLowerCase());
      if (other !== undefined)
        problems.push(`the org client ${JSON.stringify(c.id)} is in ${JSON.stringify(other)} and ${JSON.stringify(name)}`);
      clientOrg.set(c.id.toLowerCase(), name);
    }
  }
  if (problems.length > 0) {
    throw new SeedError(`the orgs cannot share one URL: ${problems.join("; ")}; give each org its own org ID and its own org clients`);
  }
}

function sameToken(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? "");
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function faultError(url: string, fault: FaultRule): VendorError | TokenError {
  const status = fault.status!;
  if (url.startsWith("/oauth/token")) {
    if (status === 400) {
      return new TokenError(400, "invalid_request", "rate limit exceeded; try again later");
    }
    return new TokenError(status, "server_error", `injected failure (HTTP ${status})`);
  }
  if (status === 429) return errors.rateLimited(fault.retryAfter ?? 1);
  const e = VendorError.of(status);
  if (fault.retryAfter !== undefined) e.headers["Retry-After"] = String(fault.retryAfter);
  return e;
}

function toVendorError(err: FastifyError | VendorError): VendorError {
  if (err instanceof VendorError) return err;
  const f = err as FastifyError;
  if (f.validation) {
    const what = describeErrors(f.validation as unknown as Parameters<typeof describeErrors>[0])
      .map((p) => `${p.property || "body"} ${p.reason}`)
      .join("; ");
    return errors.constraint(`The request body is invalid: ${what}`);
  }
  if (f.statusCode === 415) return VendorError.of(415);
  if (f.statusCode === 413) return VendorError.of(413);
  if (f.statusCode && f.statusCode >= 400 && f.statusCode < 500) return errors.badRequest();
  return VendorError.of(500);
}

/** Starts the emulator on loopback; `close()` stops it and frees the port. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const { app, context, controlToken } = buildEmulator(options);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : Number(options.port);
  return {
    url: `${options.tls ? "https" : "http"}://${host}:${port}`,
    port,
    context,
    controlToken,
    close: async () => {
      await app.close();
    },
  };
}

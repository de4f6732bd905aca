import { EventEmitter } from "node:events";
import { FastifyRequest } from "fastify";
import { Caller, TokenService } from "./auth";
import { EmulatorClock } from "./clock";
import { FaultSet } from "./faults";
import { OrgStore } from "./store";
import { Budget } from "./budget";
import { errors } from "./errors";

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  /** ISO time the request arrived (real time, not the emulator clock). */
  time: string;
  /** Milliseconds since the epoch when the request arrived. */
  timeMs: number;
  durationMs: number;
  /** Set when an injected fault produced the response. */
  fault?: string;
  /** The Retry-After the response asked for, in seconds. */
  retryAfter?: number;
  /** The caller of an API request with a valid token: its OAuth client, and the token's number (never its value). */
  clientId?: string;
  token?: number;
}

/** What every route handler may use. */
export interface EmulatorContext {
  /** The first org: the one the control plane's /__emulator/state shows by default. */
  store: OrgStore;
  /** Every org behind the URL, the first one first; a caller's token chooses among them. */
  orgs: OrgStore[];
  tokens: TokenService;
  clock: EmulatorClock;
  faults: FaultSet;
  requestLog: RequestLogEntry[];
  /** Emits "request" with each RequestLogEntry as it is logged, "idle" when no request is in flight. */
  events: EventEmitter;
  /** Vendor requests received and not yet answered (a request whose client went away still counts until it ends). */
  inFlight: number;
  /** The request budgets, when enforced (`--rate-limit`, `--app-rate-limit`, `--login-rate-limit`). */
  budgets: { token?: Budget; app?: Budget; login?: Budget };
}

/** The caller of an API request, counted against the budgets: past one, a vendor 429 with Retry-After. */
export function callerOf(ctx: EmulatorContext, req: FastifyRequest): Caller {
  const caller = ctx.tokens.authenticate(req.headers.authorization);
  req.caller = { clientId: caller.client.id, token: caller.tokenNumber };
  const wait = ctx.budgets.token?.take(caller.token) ?? ctx.budgets.app?.take(caller.client.id);
  if (wait !== undefined) throw errors.rateLimited(wait);
  return caller;
}
